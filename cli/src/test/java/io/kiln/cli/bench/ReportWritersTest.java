package io.kiln.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWritersTest {

  @TempDir Path dir;

  @Test
  void theRecorderHandsOutEachIntervalOnceWithItsPercentiles() {
    LatencyRecorder r = new LatencyRecorder();
    for (int i = 1; i <= 100; i++) {
      r.recordSuccess(OpType.READ, i * 1_000_000L); // 1..100 ms
    }
    r.recordError(OpType.UPDATE, "Boom: no");
    r.recordError(OpType.UPDATE, "Boom: no");
    LatencyRecorder.Interval first = r.takeInterval();
    Histogram reads = first.latencies().get(OpType.READ);
    assertThat(reads.getTotalCount()).isEqualTo(100);
    IntervalRow row = IntervalRow.of(3, "run", OpType.READ, reads, 2.0, first.errors().get(OpType.READ));
    assertThat(row.count()).isEqualTo(100);
    assertThat(row.opsPerSec()).isEqualTo(50.0);
    assertThat(row.p50Micros()).isBetween(49_900L, 50_100L);
    assertThat(row.p99Micros()).isBetween(98_900L, 99_100L);
    assertThat(row.maxMicros()).isBetween(99_900L, 100_100L);
    assertThat(first.errors().get(OpType.UPDATE)).isEqualTo(2);
    assertThat(r.errorKinds()).containsEntry("UPDATE: Boom: no", 2L);

    LatencyRecorder.Interval second = r.takeInterval();
    assertThat(second.latencies().get(OpType.READ).getTotalCount()).isZero();
    assertThat(second.errors().get(OpType.UPDATE)).isZero();
    assertThat(r.errorKinds()).containsEntry("UPDATE: Boom: no", 2L);
  }

  @Test
  void theCsvHasAHeaderAndOneLinePerSecondAndOperation() throws Exception {
    Path csv = dir.resolve("out.csv");
    CsvReport.write(csv, rows(5));
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(1 + 10);
    assertThat(lines.get(0)).isEqualTo(CsvReport.HEADER);
    assertThat(lines.get(1)).isEqualTo("1,warmup,read,1000,1000.0,500,900,990,999,2000,0");
    assertThat(lines.get(10)).startsWith("5,run,update,1000,1000.0,");
    for (String l : lines) {
      assertThat(l.split(",", -1)).hasSize(CsvReport.HEADER.split(",").length);
    }
  }

  @Test
  void thePlotIsAPngThatDecodes() throws Exception {
    Path png = dir.resolve("latency.png");
    LatencyPlot.write(png, rows(30), "memory, workload a");
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isGreaterThan(100);
    assertThat(image.getHeight()).isGreaterThan(100);
  }

  @Test
  void aPlotWithoutRowsStillDecodes() throws Exception {
    Path png = dir.resolve("empty.png");
    LatencyPlot.write(png, List.of(), "nothing");
    assertThat(ImageIO.read(png.toFile())).isNotNull();
  }

  private static List<IntervalRow> rows(int seconds) {
    List<IntervalRow> rows = new ArrayList<>();
    for (int s = 1; s <= seconds; s++) {
      String phase = s <= 2 ? "warmup" : "run";
      rows.add(new IntervalRow(s, phase, OpType.READ, 1000, 1000.0, 500, 900, 990, 999, 2000, 0));
      rows.add(new IntervalRow(s, phase, OpType.UPDATE, 1000, 1000.0, 1500 + s, 2900, 4990, 6999, 9000, 0));
    }
    return rows;
  }
}
