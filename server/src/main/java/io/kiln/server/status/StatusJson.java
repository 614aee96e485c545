package io.kiln.server.status;

import java.util.LinkedHashMap;
import java.util.Map;

/** A flat JSON object of strings, numbers and booleans, in insertion order: what /status returns. */
public final class StatusJson {

  private final Map<String, Object> fields = new LinkedHashMap<>();

  public StatusJson put(String name, Object value) {
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      throw new IllegalArgumentException("status field " + name + " must be a string, number or boolean");
    }
    fields.put(name, value);
    return this;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    fields.forEach((k, v) -> {
      if (sb.length() > 1) {
        sb.append(',');
      }
      quote(sb, k).append(':');
      if (v instanceof String s) {
        quote(sb, s);
      } else {
        sb.append(v);
      }
    });
    return sb.append('}').toString();
  }

  private static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }
}
