package io.kiln.server.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusJsonTest {

  @Test
  void writesFieldsInOrderAndEscapesStrings() {
    String json = new StatusJson().put("id", 7L).put("name", "a\"b\\c\n").put("ok", true).toString();
    assertThat(json).isEqualTo("{\"id\":7,\"name\":\"a\\\"b\\\\c\\n\",\"ok\":true}");
  }

  @Test
  void refusesOtherValues() {
    assertThatThrownBy(() -> new StatusJson().put("x", new Object()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x");
  }

  @Test
  void methodNamesBecomeTikvTypeLabels() {
    assertThat(GrpcMetricsInterceptor.snake("RawBatchPut")).isEqualTo("raw_batch_put");
    assertThat(GrpcMetricsInterceptor.snake("KvGet")).isEqualTo("kv_get");
  }
}
