package io.kiln.cli;

import io.kiln.client.KeyValue;
import io.kiln.client.KilnClient;
import io.kiln.client.pd.PdRegion;
import io.kiln.proto.Metapb;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kiln ctl}: raw reads and writes, and a look at PD's stores and regions. Keys and values are UTF-8. */
@Command(name = "ctl", mixinStandardHelpOptions = true,
    description = "Talks to a running cluster: put, get, delete, scan (raw KV), stores, regions, gc-safepoint.",
    subcommands = {CtlCommand.Put.class, CtlCommand.Get.class, CtlCommand.Delete.class, CtlCommand.Scan.class,
        CtlCommand.Stores.class, CtlCommand.Regions.class, CtlCommand.GcSafePoint.class})
public final class CtlCommand {

  @Option(names = "--pd", defaultValue = "127.0.0.1:2379", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "PD's address (default: ${DEFAULT-VALUE}).")
  String pd;

  @Option(names = "--timeout-ms", defaultValue = "10000", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  long timeoutMs;

  KilnClient client() {
    Duration timeout = Duration.ofMillis(timeoutMs);
    return KilnClient.builder().pdEndpoints(pd).requestTimeout(timeout).pdTimeout(timeout)
        .rpcTimeout(Duration.ofMillis(Math.min(timeoutMs, 5_000))).asyncThreads(1).build();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Command(name = "put", description = "Writes a key.")
  static final class Put implements Callable<Integer> {
    @ParentCommand CtlCommand ctl;
    @Parameters(index = "0") String key;
    @Parameters(index = "1") String value;

    @Override
    public Integer call() {
      try (KilnClient c = ctl.client()) {
        c.raw().put(utf8(key), utf8(value));
      }
      System.out.println("OK");
      return 0;
    }
  }

  @Command(name = "get", description = "Reads a key; exit code 1 if it is absent.")
  static final class Get implements Callable<Integer> {
    @ParentCommand CtlCommand ctl;
    @Parameters(index = "0") String key;

    @Override
    public Integer call() {
      try (KilnClient c = ctl.client()) {
        Optional<byte[]> v = c.raw().get(utf8(key));
        if (v.isEmpty()) {
          System.out.println("(not found)");
          return 1;
        }
        System.out.println(new String(v.get(), StandardCharsets.UTF_8));
        return 0;
      }
    }
  }

  @Command(name = "delete", description = "Deletes a key.")
  static final class Delete implements Callable<Integer> {
    @ParentCommand CtlCommand ctl;
    @Parameters(index = "0") String key;

    @Override
    public Integer call() {
      try (KilnClient c = ctl.client()) {
        c.raw().delete(utf8(key));
      }
      System.out.println("OK");
      return 0;
    }
  }

  @Command(name = "scan", description = "Lists keys in [start, end) (end empty: to the last key).")
  static final class Scan implements Callable<Integer> {
    @ParentCommand CtlCommand ctl;
    @Parameters(index = "0", defaultValue = "") String start;
    @Parameters(index = "1", defaultValue = "") String end;
    @Option(names = "--limit", defaultValue = "100") int limit;

    @Override
    public Integer call() {
      try (KilnClient c = ctl.client()) {
        for (KeyValue p : c.raw().scan(utf8(start), utf8(end), limit)) {
          System.out.println(p.keyUtf8() + "\t" + p.valueUtf8());
        }
      }
      return 0;
    }
  }

  @Command(name = "stores", description = "Lists the stores PD knows.")
  static final class Stores implements Callable<Integer> {
    @ParentCommand CtlCommand ctl;

    @Override
    public Integer call() {
      try (KilnClient c = ctl.client()) {
        for (Metapb.Store s : c.pd().getAllStores()) {
          System.out.println("store " + s.getId() + "\t" + s.getAddress() + "\t" + s.getState() + "\tversion " + s.getVersion());
        }
      }
      return 0;
    }
  }

  @Command(name = "regions", description = "Lists regions with their peers and leaders.")
  static final class Regions implements Callable<Integer> {
    @ParentCommand CtlCommand ctl;
    @Option(names = "--limit", defaultValue = "100") int limit;

    @Override
    public Integer call() {
      try (KilnClient c = ctl.client()) {
        for (PdRegion r : c.pd().scanRegions(new byte[0], new byte[0], limit)) {
          Metapb.Region m = r.region();
          StringBuilder peers = new StringBuilder();
          for (Metapb.Peer p : m.getPeersList()) {
            peers.append(p.getId()).append("@store").append(p.getStoreId())
                .append(r.leader() != null && p.getId() == r.leader().getId() ? "(leader) " : " ");
          }
          System.out.println("region " + m.getId() + "\t[" + m.getStartKey().toStringUtf8() + ", "
              + m.getEndKey().toStringUtf8() + ")\tepoch " + m.getRegionEpoch().getConfVer() + "/"
              + m.getRegionEpoch().getVersion() + "\t" + peers.toString().trim());
        }
      }
      return 0;
    }
  }

  @Command(name = "gc-safepoint", description = {
      "Shows PD's GC safe point; with --keep, moves it to that long ago (stores then remove the MVCC",
      "versions no read at or above it can see). PD never moves it backwards."})
  static final class GcSafePoint implements Callable<Integer> {
    @ParentCommand CtlCommand ctl;
    @Option(names = "--keep", converter = io.kiln.cli.bench.DurationConverter.class,
        description = "Keep this much history, e.g. 600s or 10m (a PD timestamp taken now, minus this).")
    java.time.Duration keep;

    @Override
    public Integer call() throws Exception {
      try (KilnClient c = ctl.client()) {
        if (keep != null) {
          if (keep.isNegative()) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--keep must not be negative");
          }
          long now = c.pd().getTimestamp().get(10, java.util.concurrent.TimeUnit.SECONDS);
          long target = Math.max(0, ((now >>> 18) - keep.toMillis())) << 18;
          long set = c.pd().updateGcSafePoint(target);
          System.out.println("gc safe point " + set + " (" + java.time.Instant.ofEpochMilli(set >>> 18) + ")"
              + (set > target ? "; it was already past the one asked for" : ""));
        } else {
          long sp = c.pd().getGcSafePoint();
          System.out.println("gc safe point " + sp + (sp == 0 ? " (none set)" : " (" + java.time.Instant.ofEpochMilli(sp >>> 18) + ")"));
        }
      }
      return 0;
    }
  }
}
