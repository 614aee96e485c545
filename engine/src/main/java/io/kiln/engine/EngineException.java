package io.kiln.engine;

/**
 * A storage engine failed: an IO error, a corrupted file, a full disk, a closed engine, or a bad
 * argument (unknown column family). The message names what failed; the cause, if any, is the
 * engine's own exception.
 */
public class EngineException extends RuntimeException {

  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
