package io.kiln.cli.config;

/** A configuration mistake, with a message for the operator (the process prints it and exits non-zero). */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
