package io.kiln.testkit;

import java.util.Map;
import java.util.Set;

/**
 * The module table of ARCHITECTURE.md section 2: which package belongs to which module, and which
 * modules each one may use. Change it together with the architecture page, never alone.
 */
final class ModuleMap {

  private ModuleMap() {}

  /** Package prefix -> module; the longest matching prefix wins (engine.rocks before engine). */
  private static final Map<String, String> PACKAGES = Map.ofEntries(
      Map.entry("io.kiln.proto", "proto"),
      Map.entry("io.kiln.raft", "raft"),
      Map.entry("io.kiln.engine", "engine"),
      Map.entry("io.kiln.engine.rocks", "engine-rocks"),
      Map.entry("io.kiln.raftstore", "raftstore"),
      Map.entry("io.kiln.storage", "storage"),
      Map.entry("io.kiln.pd", "pd"),
      Map.entry("io.kiln.server", "server"),
      Map.entry("io.kiln.client", "client"),
      Map.entry("io.kiln.etcd", "etcd-client"),
      Map.entry("io.kiln.cli", "cli"),
      Map.entry("io.kiln.testkit", "testkit"));

  /** What each module may use besides itself. The cli is the composition root (docs/ARCHITECTURE.md). */
  private static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
      Map.entry("proto", Set.of()),
      Map.entry("raft", Set.of("proto")),
      Map.entry("engine", Set.of()),
      Map.entry("engine-rocks", Set.of("engine")),
      Map.entry("raftstore", Set.of("raft", "engine", "proto")),
      Map.entry("storage", Set.of("engine", "raftstore", "proto")),
      Map.entry("pd", Set.of("raft", "engine", "proto")),
      Map.entry("server", Set.of("storage", "raftstore", "engine", "proto")),
      Map.entry("client", Set.of("proto")),
      Map.entry("etcd-client", Set.of()),
      Map.entry("cli", Set.of("server", "pd", "client", "etcd-client", "engine", "engine-rocks", "raftstore",
          "storage", "proto")),
      Map.entry("testkit", Set.of("proto", "raft", "engine", "engine-rocks", "raftstore", "storage",
          "pd", "server", "client", "etcd-client", "cli")));

  /** The module a package belongs to, or null when it is not Kiln's. */
  static String moduleOf(String packageName) {
    String best = null;
    String bestPrefix = "";
    for (Map.Entry<String, String> e : PACKAGES.entrySet()) {
      String prefix = e.getKey();
      boolean matches = packageName.equals(prefix) || packageName.startsWith(prefix + ".");
      if (matches && prefix.length() > bestPrefix.length()) {
        best = e.getValue();
        bestPrefix = prefix;
      }
    }
    return best;
  }

  static boolean mayUse(String from, String to) {
    if (from == null || from.equals(to)) {
      return true;
    }
    Set<String> allowed = MAY_USE.get(from);
    if (allowed == null) {
      throw new IllegalStateException("module " + from + " is missing from ModuleMap.MAY_USE");
    }
    return allowed.contains(to);
  }
}
