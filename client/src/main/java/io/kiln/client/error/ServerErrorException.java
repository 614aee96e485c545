package io.kiln.client.error;

/** A store or PD answered with an error that retrying the same request will not fix. */
public class ServerErrorException extends KilnClientException {

  public ServerErrorException(String message) {
    super(message);
  }
}
