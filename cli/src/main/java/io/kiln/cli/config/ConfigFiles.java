package io.kiln.cli.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads a TOML file into a record whose components are the file's keys in kebab case ({@code
 * raftBaseTickInterval} is {@code raft-base-tick-interval}). Strict: an unknown key, a value of
 * the wrong type (no {@code "5"} for 5) or a bad duration or size is a {@link ConfigException}
 * naming the key and the file. Keys left out are {@code null}: the command's default applies.
 */
public final class ConfigFiles {

  private static final TomlMapper MAPPER = TomlMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

  private ConfigFiles() {}

  /** Reads {@code file} into a {@code type}. */
  public static <T> T read(Path file, Class<T> type) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString(), type);
  }

  /** Parses {@code text}; {@code source} names it in errors. */
  public static <T> T parse(String text, String source, Class<T> type) {
    try {
      T value = MAPPER.readValue(text, type);
      if (value == null) {
        throw new ConfigException("config file " + source + " is empty");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException("config file " + source + ": unknown key '" + path(e) + "'", e);
    } catch (JsonMappingException e) {
      throw new ConfigException("config file " + source + ": key '" + path(e) + "': " + e.getOriginalMessage()
          .replaceAll("\\s*\\n.*", ""), e);
    } catch (JacksonException e) {
      throw new ConfigException("config file " + source + " is not valid TOML: " + e.getOriginalMessage(), e);
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }
}
