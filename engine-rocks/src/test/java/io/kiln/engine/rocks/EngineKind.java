package io.kiln.engine.rocks;

import io.kiln.engine.Cf;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvRaftEngine;
import io.kiln.engine.MemoryKvEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The two kv engines that the contract tests run against. */
enum EngineKind {
  MEMORY {
    @Override
    KvEngine open(Path dir, List<String> cfs) {
      return new MemoryKvEngine(cfs);
    }
  },
  ROCKS {
    @Override
    KvEngine open(Path dir, List<String> cfs) {
      return RocksKvEngine.open(dir.resolve("rocks"), cfs, RocksEngineOptions.small());
    }
  };

  /** A kv engine with the column families of {@link Cf#ALL}, in {@code dir} if it has files. */
  KvEngine open(Path dir) {
    return open(dir, Cf.ALL);
  }

  abstract KvEngine open(Path dir, List<String> cfs);

  /** A raft engine over an engine of this kind with column family default. */
  KvRaftEngine openRaft(Path dir) {
    return new KvRaftEngine(open(dir, List.of(Cf.DEFAULT)));
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] b(int... unsigned) {
    byte[] out = new byte[unsigned.length];
    for (int i = 0; i < unsigned.length; i++) {
      out[i] = (byte) unsigned[i];
    }
    return out;
  }

  static String s(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
