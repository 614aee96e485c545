package io.kiln.cli.config;

/** {@code host:port}, as in {@code addr} and {@code status-addr}; {@code http://} URLs are accepted too. */
public record HostPort(String host, int port) {

  /** @param key names the setting in the error */
  public static HostPort parse(String key, String text) {
    String s = text.strip();
    if (s.startsWith("http://")) {
      s = s.substring("http://".length());
    }
    if (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new ConfigException(key + " must be host:port, got '" + text + "'");
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be host:port, got '" + text + "'");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException(key + ": port must be in 0..65535, got " + port);
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
