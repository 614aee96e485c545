package io.kiln.cli.config;

/**
 * {@code kiln pd --config FILE}: PD's key names where the setting is the same ({@code name},
 * {@code data-dir}, {@code client-urls}, {@code advertise-client-urls}, {@code tso-save-interval},
 * {@code [replication] max-replicas}); {@code status-addr} is Kiln's (PD serves its metrics on
 * the client port). See config/kiln-pd.example.toml.
 */
public record PdFile(
    String name,
    String dataDir,
    String clientUrls,
    String advertiseClientUrls,
    String statusAddr,
    ReadableDuration tsoSaveInterval,
    Replication replication) {

  public static final PdFile EMPTY = new PdFile(null, null, null, null, null, null, null);

  /** {@code [replication]}. */
  public record Replication(Integer maxReplicas) {}
}
