package io.kiln.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PdConfigFileTest {

  private static final PdSettings.Flags NO_FLAGS = new PdSettings.Flags(null, null, null, null, null, null);

  private static final String EVERY_KEY = """
      name = "pd-1"
      data-dir = "/var/pd"
      client-urls = "http://0.0.0.0:12379"
      advertise-client-urls = "http://10.0.0.1:12379"
      status-addr = "127.0.0.1:12381"
      tso-save-interval = "5s"

      [replication]
      max-replicas = 5
      """;

  private static PdSettings settings(String toml, PdSettings.Flags flags) {
    return PdSettings.resolve(ConfigFiles.parse(toml, "pd.toml", PdFile.class), flags);
  }

  @Test
  void everyKeyIsRead() {
    PdSettings s = settings(EVERY_KEY, NO_FLAGS);
    assertThat(s.dataDir()).isEqualTo(Path.of("/var/pd"));
    assertThat(s.pd().name()).isEqualTo("pd-1");
    assertThat(s.pd().host()).isEqualTo("0.0.0.0");
    assertThat(s.pd().port()).isEqualTo(12379);
    assertThat(s.pd().advertiseClientUrl()).isEqualTo("http://10.0.0.1:12379");
    assertThat(s.pd().tsoSaveIntervalMillis()).isEqualTo(5_000);
    assertThat(s.pd().maxReplicas()).isEqualTo(5);
    assertThat(s.statusAddr()).isEqualTo(new HostPort("127.0.0.1", 12381));
  }

  @Test
  void flagsOverrideTheFile() {
    PdSettings s = settings(EVERY_KEY, new PdSettings.Flags(Path.of("/d"), "127.0.0.1", 0, 1, "x", "127.0.0.1:0"));
    assertThat(s.dataDir()).isEqualTo(Path.of("/d"));
    assertThat(s.pd().host()).isEqualTo("127.0.0.1");
    assertThat(s.pd().port()).isZero();
    assertThat(s.pd().maxReplicas()).isEqualTo(1);
    assertThat(s.pd().name()).isEqualTo("x");
    assertThat(s.statusAddr().port()).isZero();
  }

  @Test
  void mistakesAreErrorsNamingTheKey() {
    assertThatThrownBy(() -> settings("[replication]\nmax-replica = 3\n", NO_FLAGS))
        .isInstanceOf(ConfigException.class).hasMessage("config file pd.toml: unknown key 'replication.max-replica'");
    assertThatThrownBy(() -> settings("data-dir = \"d\"\n[replication]\nmax-replicas = 0\n", NO_FLAGS))
        .isInstanceOf(ConfigException.class).hasMessageContaining("max-replicas");
    assertThatThrownBy(() -> settings("tso-save-interval = \"3\"\n", NO_FLAGS))
        .hasMessageContaining("tso-save-interval").hasMessageContaining("bad duration");
    assertThatThrownBy(() -> settings("name = \"a\"\n", NO_FLAGS))
        .hasMessageContaining("no data directory");
  }

  @Test
  void theExampleFileParses() {
    PdSettings s = PdSettings.resolve(ConfigFiles.read(Path.of("..", "config", "kiln-pd.example.toml"), PdFile.class),
        NO_FLAGS);
    assertThat(s.pd().port()).isEqualTo(2379);
    assertThat(s.pd().maxReplicas()).isEqualTo(3);
  }
}
