package io.kiln.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes the per-second rows as CSV: one line per second and operation type, latencies in microseconds. */
public final class CsvReport {

  public static final String HEADER = "second,phase,op,count,ops_per_sec,p50_us,p90_us,p99_us,p999_us,max_us,errors";

  private CsvReport() {}

  public static void write(Path file, List<IntervalRow> rows) {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(w, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static void write(Writer w, List<IntervalRow> rows) throws IOException {
    w.write(HEADER);
    w.write('\n');
    for (IntervalRow r : rows) {
      w.write(String.format(Locale.ROOT, "%d,%s,%s,%d,%.1f,%d,%d,%d,%d,%d,%d\n", r.second(), r.phase(),
          r.op().name().toLowerCase(Locale.ROOT), r.count(), r.opsPerSec(), r.p50Micros(), r.p90Micros(),
          r.p99Micros(), r.p999Micros(), r.maxMicros(), r.errors()));
    }
  }
}
