package io.kiln.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The SST file format of a {@link MemoryKvEngine}: a plain sequential file, written by {@link
 * MemorySstWriter} and read by {@link MemorySstReader}. Numbers are big-endian.
 *
 * <pre>
 * file    = header record* trailer
 * header  = magic "KILN-SST" (8 ASCII bytes), version (int32, = 1)
 * record  = keyLength (int32, &gt;= 0), key, valueLength (int32, &gt;= 0), value
 * trailer = -1 (int32, where a keyLength would be), count (int64, number of records),
 *           crc (int32, CRC-32C of every byte of the file before it)
 * </pre>
 *
 * <p>Keys strictly increase in unsigned byte order. A file has at least one record (an empty
 * writer writes no file). Nothing follows the trailer. A reader rejects a file that breaks any of
 * this (bad magic or version, a length past the end of the file, keys out of order, a count or
 * checksum that does not match, missing or extra bytes) with an {@link EngineException} naming the
 * file: lengths are checked against the file's size before anything is allocated, so a corrupt
 * length cannot exhaust memory.
 */
final class MemorySstFormat {

  private MemorySstFormat() {}

  static final byte[] MAGIC = "KILN-SST".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int HEADER_SIZE = MAGIC.length + Integer.BYTES;
  /** Where a record's key length would be, this marks the trailer. */
  static final int TRAILER_MARK = -1;
  static final int TRAILER_SIZE = Integer.BYTES + Long.BYTES + Integer.BYTES;
  /** Bytes of buffering between the file and the writer or reader. */
  static final int BUFFER_SIZE = 64 * 1024;

  static EngineException corrupt(Path file, String what) {
    return new EngineException("SST file " + file + " is corrupt: " + what);
  }
}
