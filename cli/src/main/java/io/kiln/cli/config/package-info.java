/**
 * Kiln's TOML configuration files, read with jackson-dataformat-toml into records: {@link
 * io.kiln.cli.config.ServerFile} for {@code kiln server --config} (TiKV's section and key names),
 * {@link io.kiln.cli.config.PdFile} for {@code kiln pd --config} (PD's names). Durations and sizes
 * are TiKV's strings ({@link io.kiln.cli.config.ReadableDuration}, {@link
 * io.kiln.cli.config.ReadableSize}). {@link io.kiln.cli.config.ConfigFiles} reads a file and turns
 * every mistake (unknown key, wrong type, bad duration) into a {@link
 * io.kiln.cli.config.ConfigException} naming the key and the file.
 */
package io.kiln.cli.config;
