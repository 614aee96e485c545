package io.kiln.cli.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration written as TiKV writes them: numbers with units {@code ms}, {@code s}, {@code m},
 * {@code h}, {@code d}, largest first, optionally combined: {@code "10ms"}, {@code "3s"}, {@code
 * "1m"}, {@code "1h30m"}, {@code "1.5s"}.
 */
@JsonDeserialize(using = ReadableDuration.Reader.class)
public record ReadableDuration(Duration duration) {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  /** @throws IllegalArgumentException naming the text and the expected form */
  public static ReadableDuration parse(String text) {
    String s = text.strip();
    Matcher m = PART.matcher(s);
    int at = 0;
    double millis = 0;
    while (at < s.length() && m.find(at) && m.start() == at) {
      double n = Double.parseDouble(m.group(1));
      millis += n * switch (m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        case "h" -> 3_600_000;
        default -> 86_400_000;
      };
      at = m.end();
    }
    if (s.isEmpty() || at != s.length()) {
      throw new IllegalArgumentException("bad duration '" + text
          + "': expected a number and a unit (ms, s, m, h, d), e.g. \"10ms\", \"3s\", \"1m\", \"1h30m\"");
    }
    return new ReadableDuration(Duration.ofMillis(Math.round(millis)));
  }

  public long toMillis() {
    return duration.toMillis();
  }

  /** Durations are strings in the file; anything else is a type mismatch. */
  static final class Reader extends JsonDeserializer<ReadableDuration> {
    @Override
    public ReadableDuration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw JsonMappingException.from(p, "expected a duration string such as \"3s\", got " + p.currentToken());
      }
      try {
        return parse(p.getText());
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage());
      }
    }
  }
}
