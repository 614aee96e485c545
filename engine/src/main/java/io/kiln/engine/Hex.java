package io.kiln.engine;

import java.util.HexFormat;

/** Keys in error messages and logs: hex, cut after 64 bytes. */
public final class Hex {

  private Hex() {}

  private static final HexFormat HEX = HexFormat.of();

  public static String of(byte[] bytes) {
    if (bytes == null) {
      return "null";
    }
    if (bytes.length <= 64) {
      return HEX.formatHex(bytes);
    }
    return HEX.formatHex(bytes, 0, 64) + "...(" + bytes.length + " bytes)";
  }
}
