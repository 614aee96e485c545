package io.kiln.cli.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size written as TiKV writes them: a number of bytes, or a string with a unit, {@code B},
 * {@code KB}/{@code KiB}/{@code K}, {@code MB}/{@code MiB}/{@code M}, {@code GB}, {@code TB},
 * {@code PB}. As in TiKV every unit is binary: {@code "1GB"} and {@code "1GiB"} are both 2^30
 * bytes. Fractions are allowed ({@code "1.5GiB"}).
 */
@JsonDeserialize(using = ReadableSize.Reader.class)
public record ReadableSize(long bytes) {

  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");

  public ReadableSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative: " + bytes);
    }
  }

  /** @throws IllegalArgumentException naming the text and the expected form */
  public static ReadableSize parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    long unit = -1;
    if (m.matches()) {
      unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
        case "", "B" -> 1L;
        case "K", "KB", "KIB" -> 1L << 10;
        case "M", "MB", "MIB" -> 1L << 20;
        case "G", "GB", "GIB" -> 1L << 30;
        case "T", "TB", "TIB" -> 1L << 40;
        case "P", "PB", "PIB" -> 1L << 50;
        default -> -1L;
      };
    }
    if (unit < 0) {
      throw new IllegalArgumentException("bad size '" + text
          + "': expected a number and a unit (B, KiB, MiB, GiB, TiB, PiB or KB, MB...), e.g. \"8MiB\", \"1GB\"");
    }
    return new ReadableSize(Math.round(Double.parseDouble(m.group(1)) * unit));
  }

  /** The size as an int, for settings that are ints. */
  public int toIntBytes(String key) {
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " must be below 2GiB, got " + bytes + " bytes");
    }
    return (int) bytes;
  }

  /** Sizes are strings with a unit, or integers counting bytes. */
  static final class Reader extends JsonDeserializer<ReadableSize> {
    @Override
    public ReadableSize deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      try {
        return switch (p.currentToken()) {
          case VALUE_STRING -> parse(p.getText());
          case VALUE_NUMBER_INT -> new ReadableSize(p.getLongValue());
          default -> throw JsonMappingException.from(p,
              "expected a size such as \"8MiB\" or a number of bytes, got " + p.currentToken());
        };
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage());
      }
    }
  }
}
