package io.kiln.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadableValuesTest {

  @Test
  void durationsInTikvsForms() {
    assertThat(ReadableDuration.parse("10ms").toMillis()).isEqualTo(10);
    assertThat(ReadableDuration.parse("3s").toMillis()).isEqualTo(3_000);
    assertThat(ReadableDuration.parse("1m").toMillis()).isEqualTo(60_000);
    assertThat(ReadableDuration.parse("1h30m").toMillis()).isEqualTo(5_400_000);
    assertThat(ReadableDuration.parse("1.5s").toMillis()).isEqualTo(1_500);
    assertThat(ReadableDuration.parse("1d").toMillis()).isEqualTo(86_400_000);
    for (String bad : new String[] {"", "10", "s", "1 s", "10sec", "-1s", "1s2"}) {
      assertThatThrownBy(() -> ReadableDuration.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad duration");
    }
  }

  @Test
  void sizesInTikvsFormsWithBinaryUnits() {
    assertThat(ReadableSize.parse("8MiB").bytes()).isEqualTo(8L << 20);
    assertThat(ReadableSize.parse("1GB").bytes()).isEqualTo(1L << 30);
    assertThat(ReadableSize.parse("512KB").bytes()).isEqualTo(512L << 10);
    assertThat(ReadableSize.parse("1.5GiB").bytes()).isEqualTo(3L << 29);
    assertThat(ReadableSize.parse("100").bytes()).isEqualTo(100);
    assertThat(ReadableSize.parse("2TB").bytes()).isEqualTo(2L << 40);
    for (String bad : new String[] {"", "MiB", "8XB", "-1MiB"}) {
      assertThatThrownBy(() -> ReadableSize.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad size");
    }
  }
}
