package io.kiln.cli.bench;

import io.kiln.cli.config.ReadableDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Reads {@code --duration 30s}, {@code --warmup 500ms}, {@code 1m} the way Kiln's config files write durations. */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return ReadableDuration.parse(value).duration();
  }
}
