package io.kafkamesos.commons.mesos;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Mesos master address as users write it ({@code --master} of Mesos' own tools): one or more
 * master URLs, or the ZooKeeper path under which the masters register. Parsing is pure.
 *
 * <ul>
 *   <li>{@code http://m1:5050}, {@code https://m1:5050}, {@code m1:5050} (taken as {@code http}),
 *       or several of them separated by commas;
 *   <li>{@code zk://zk1:2181,zk2:2181/mesos}, optionally with ZooKeeper digest credentials,
 *       {@code zk://user:password@zk1:2181/mesos}.
 * </ul>
 */
public sealed interface MasterAddress {

  /** What a bad address is told it should be. */
  String EXPECTED = "http(s)://host:port, host:port (several separated by ','), or "
      + "zk://host:port[,host:port...]/path (e.g. zk://master.mesos:2181/mesos)";

  /** Where the address points, for logs and health checks: never a password. */
  String describe();

  /**
   * Fixed master URLs, without a trailing slash.
   *
   * @param urls at least one
   */
  record Urls(List<URI> urls) implements MasterAddress {
    public Urls {
      urls = List.copyOf(urls);
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("at least one master URL is needed");
      }
    }

    @Override
    public String describe() {
      return String.join(",", urls.stream().map(URI::toString).toList());
    }
  }

  /**
   * The ZooKeeper path under which the masters register (as children {@code json.info_<seq>}).
   *
   * @param hosts {@code host:port[,host:port...]}
   * @param path the znode, such as {@code /mesos}
   * @param digest ZooKeeper {@code digest} credentials ({@code user:password}), if given
   */
  record ZooKeeper(String hosts, String path, Optional<String> digest) implements MasterAddress {
    public ZooKeeper {
      Objects.requireNonNull(hosts);
      Objects.requireNonNull(path);
      Objects.requireNonNull(digest);
    }

    @Override
    public String describe() {
      return "zk://" + digest.map(d -> d.substring(0, d.indexOf(':') < 0 ? d.length() : d.indexOf(':'))
          + ":***@").orElse("") + hosts + path;
    }

    /** Without the password, which a record's own text would show. */
    @Override
    public String toString() {
      return "ZooKeeper[" + describe() + "]";
    }
  }

  /**
   * Parses an address.
   *
   * @throws IllegalArgumentException saying what is wrong and what is expected
   */
  static MasterAddress parse(String text) {
    String value = text == null ? "" : text.trim();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty; expected " + EXPECTED);
    }
    if (value.toLowerCase(Locale.ROOT).startsWith("zk://")) {
      return Parsing.zooKeeper(value.substring("zk://".length()));
    }
    List<URI> urls = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      urls.add(Parsing.url(part.trim()));
    }
    return new Urls(urls);
  }

  /** The parsing rules, kept out of the interface's API. */
  final class Parsing {
    private static final Pattern HOST_PORT =
        Pattern.compile("([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]):(\\d{1,5})");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+/?");

    private Parsing() {
    }

    static URI url(String part) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException("an empty master in the list; expected " + EXPECTED);
      }
      if (!part.contains("://")) {
        hostPort(part);
        part = "http://" + part;
      }
      if (part.contains("@")) {
        // never echo what may be a password
        throw new IllegalArgumentException("a master URL must not carry credentials (user@host);"
            + " give the framework's principal and secret apart");
      }
      URI uri;
      try {
        uri = new URI(part);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("'" + part + "' is not a URL; expected " + EXPECTED, e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("'" + part + "': scheme " + uri.getScheme()
            + " is not http, https or zk; expected " + EXPECTED);
      }
      if (uri.getHost() == null || uri.getQuery() != null
          || uri.getFragment() != null) {
        throw new IllegalArgumentException("'" + part + "' is not a master URL; expected " + EXPECTED);
      }
      String s = uri.toString();
      return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    static MasterAddress zooKeeper(String rest) {
      // credentials first: a '/' in a password must not be taken for the path (the path has no '@')
      Optional<String> digest = Optional.empty();
      int at = rest.lastIndexOf('@');
      if (at >= 0) {
        String user = rest.substring(0, at);
        if (user.indexOf(':') <= 0) {
          throw new IllegalArgumentException("ZooKeeper credentials must be user:password@");
        }
        digest = Optional.of(user);
        rest = rest.substring(at + 1);
      }
      int slash = rest.indexOf('/');
      if (slash < 0 || slash == rest.length() - 1) {
        throw new IllegalArgumentException("zk:// needs the masters' path, as in zk://host:2181/mesos");
      }
      String authority = rest.substring(0, slash);
      String path = rest.substring(slash);
      if (!PATH.matcher(path).matches()) {
        throw new IllegalArgumentException("'" + path + "' is not a ZooKeeper path (letters, digits,"
            + " '.', '_', '-' between '/'); expected " + EXPECTED);
      }
      if (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      if (authority.isEmpty()) {
        throw new IllegalArgumentException("zk:// needs host:port before the path; expected " + EXPECTED);
      }
      for (String host : authority.split(",", -1)) {
        hostPort(host.trim());
      }
      return new ZooKeeper(authority, path, digest);
    }

    private static void hostPort(String text) {
      var m = HOST_PORT.matcher(text);
      if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
        throw new IllegalArgumentException("'" + text + "' is not host:port; expected " + EXPECTED);
      }
    }
  }
}
