package io.kiln.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Kiln's version, stamped into {@code kiln-version.properties} by the build. */
final class KilnVersion implements IVersionProvider {

  static final String RESOURCE = "/io/kiln/cli/kiln-version.properties";

  @Override
  public String[] getVersion() {
    Properties props = load();
    return new String[] {
      "kiln " + props.getProperty("version"),
      "protocol: TiKV kvproto as shipped with tikv-client-java " + props.getProperty("tikvClientVersion"),
      "java: " + System.getProperty("java.version")
    };
  }

  static Properties load() {
    Properties props = new Properties();
    try (InputStream in = KilnVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + RESOURCE + ": the build did not stamp the version");
      }
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return props;
  }
}
