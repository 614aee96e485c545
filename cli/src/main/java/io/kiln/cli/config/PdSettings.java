package io.kiln.cli.config;

import io.kiln.pd.PdConfig;
import java.nio.file.Path;

/**
 * What {@code kiln pd} runs with: flags over the config file over PD's defaults.
 *
 * @param statusAddr where to serve /metrics and /status, or {@code null} for none
 */
public record PdSettings(Path dataDir, PdConfig pd, HostPort statusAddr) {

  /** The flags a user gave ({@code null}: not given). */
  public record Flags(Path dataDir, String host, Integer port, Integer maxReplicas, String name, String statusAddr) {}

  public static PdSettings resolve(PdFile file, Flags flags) {
    Path dataDir = flags.dataDir() != null ? flags.dataDir() : file.dataDir() != null ? Path.of(file.dataDir()) : null;
    if (dataDir == null) {
      throw new ConfigException("no data directory: pass --data-dir or set data-dir in the config file");
    }
    PdConfig c = PdConfig.defaults();
    if (file.clientUrls() != null) {
      if (file.clientUrls().contains(",")) {
        throw new ConfigException("client-urls: Kiln's PD listens on one URL, got '" + file.clientUrls() + "'");
      }
      HostPort hp = HostPort.parse("client-urls", file.clientUrls());
      c = c.withHost(hp.host()).withPort(hp.port());
    }
    if (flags.host() != null) {
      c = c.withHost(flags.host());
    }
    if (flags.port() != null) {
      c = c.withPort(flags.port());
    }
    String name = flags.name() != null ? flags.name() : file.name();
    if (name != null) {
      c = c.withName(name);
    }
    if (file.advertiseClientUrls() != null) {
      c = c.withAdvertiseClientUrl(file.advertiseClientUrls());
    }
    if (file.tsoSaveInterval() != null) {
      c = c.withTsoSaveIntervalMillis(file.tsoSaveInterval().toMillis());
    }
    Integer replicas = flags.maxReplicas() != null ? flags.maxReplicas()
        : file.replication() != null ? file.replication().maxReplicas() : null;
    try {
      if (replicas != null) {
        c = c.withMaxReplicas(replicas);
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException("max-replicas: " + e.getMessage(), e);
    }
    String status = flags.statusAddr() != null ? flags.statusAddr() : file.statusAddr();
    return new PdSettings(dataDir, c, status == null ? null : HostPort.parse("status-addr", status));
  }
}
