package io.kiln.cli;

import io.kiln.client.raw.RawClient;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Metapb;
import io.kiln.proto.Pdpb;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kiln ctl}: raw reads and writes, and a look at PD's stores and regions. Keys and values are UTF-8. */
@Command(name = "ctl", mixinStandardHelpOptions = true,
    description = "Talks to a running cluster: put, get, delete, scan (raw KV), stores, regions.",
    subcommands = {CtlCommand.Put.class, CtlCommand.Get.class, CtlCommand.Delete.class, CtlCommand.Scan.class,
        CtlCommand.Stores.class, CtlCommand.Regions.class})
public final class CtlCommand {

  @Option(names = "--pd", defaultValue = "127.0.0.1:2379", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "PD's address (default: ${DEFAULT-VALUE}).")
  String pd;

  @Option(names = "--timeout-ms", defaultValue = "10000", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  long timeoutMs;

  RawClient client() {
    return new RawClient(pd, timeoutMs);
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
      try (RawClient c = ctl.client()) {
        c.put(utf8(key), utf8(value));
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
      try (RawClient c = ctl.client()) {
        Optional<byte[]> v = c.get(utf8(key));
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
      try (RawClient c = ctl.client()) {
        c.delete(utf8(key));
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
      try (RawClient c = ctl.client()) {
        for (Kvrpcpb.KvPair p : c.scan(utf8(start), utf8(end), limit)) {
          System.out.println(p.getKey().toStringUtf8() + "\t" + p.getValue().toStringUtf8());
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
      try (RawClient c = ctl.client()) {
        for (Metapb.Store s : c.stores()) {
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
      try (RawClient c = ctl.client()) {
        for (Pdpb.Region r : c.regions(limit).getRegionsList()) {
          Metapb.Region m = r.getRegion();
          StringBuilder peers = new StringBuilder();
          for (Metapb.Peer p : m.getPeersList()) {
            peers.append(p.getId()).append("@store").append(p.getStoreId())
                .append(p.getId() == r.getLeader().getId() ? "(leader) " : " ");
          }
          System.out.println("region " + m.getId() + "\t[" + m.getStartKey().toStringUtf8() + ", "
              + m.getEndKey().toStringUtf8() + ")\tepoch " + m.getRegionEpoch().getConfVer() + "/"
              + m.getRegionEpoch().getVersion() + "\t" + peers.toString().trim());
        }
      }
      return 0;
    }
  }
}
