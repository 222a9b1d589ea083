package io.kafkamesos.scheduler.security;

import io.kafkamesos.scheduler.settings.InvalidSettingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether and how the maintenance API asks who is calling ({@code api-auth}), from the
 * environment. Off by default.
 *
 * <ul>
 *   <li>{@code API_AUTH}: TRUE or FALSE (default);
 *   <li>{@code API_TOKEN_HASHES} or {@code API_TOKEN_HASHES_FILE}: bearer tokens as
 *       {@code sha256:<hex>[:read]}, separated by commas or new lines ({@code #} starts a comment
 *       in the file); {@link HashToken} makes a token and its hash;
 *   <li>{@code API_USERS} or {@code API_USERS_FILE}: HTTP basic users as
 *       {@code name:<bcrypt hash>[:read]} (as {@code htpasswd -nB name} prints, or
 *       {@code HashToken --user name});
 * </ul>
 * {@code :read} entries may only read (GET); the others may do everything.
 *
 * @param enabled whether requests must carry credentials
 * @param tokens the token hashes
 * @param users the basic users
 */
public record ApiAuthSettings(boolean enabled, List<ApiCredentials.TokenHash> tokens,
    List<ApiCredentials.User> users) {

  public static final ApiAuthSettings OFF = new ApiAuthSettings(false, List.of(), List.of());

  private static final Pattern TOKEN = Pattern.compile("sha256:([0-9a-fA-F]{64})(?::(admin|read))?");
  private static final Pattern USER =
      Pattern.compile("([A-Za-z0-9._@-]{1,64}):(\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53})(?::(admin|read))?");

  public ApiAuthSettings {
    tokens = List.copyOf(tokens);
    users = List.copyOf(users);
  }

  /**
   * The filter to register on the API's Jersey environment, or empty when {@code API_AUTH} is off.
   *
   * @param realm the realm of the challenges: the cluster's name
   */
  public java.util.Optional<ApiAuthFilter> filter(String realm, java.time.Clock clock) {
    if (!enabled) {
      org.slf4j.LoggerFactory.getLogger(ApiAuthSettings.class)
          .info("API authentication is off (API_AUTH): anyone who reaches the API port may use it");
      return java.util.Optional.empty();
    }
    org.slf4j.LoggerFactory.getLogger(ApiAuthSettings.class).info("API authentication is on: {} token(s),"
        + " {} basic user(s); GET /v1/tls/ca stays open", tokens.size(), users.size());
    return java.util.Optional.of(new ApiAuthFilter(new ApiCredentials(tokens, users, clock), realm));
  }

  /**
   * @throws InvalidSettingException naming the first variable that cannot be used; a refused
   *     entry is shown by its position, never its text
   */
  public static ApiAuthSettings parse(Map<String, String> env) {
    String auth = raw(env, "API_AUTH");
    boolean enabled = switch (auth == null ? "FALSE" : auth.toUpperCase(Locale.ROOT)) {
      case "TRUE" -> true;
      case "FALSE" -> false;
      default -> throw new InvalidSettingException("API_AUTH", "Invalid API_AUTH='" + auth
          + "': must be TRUE or FALSE");
    };
    List<ApiCredentials.TokenHash> tokens = new ArrayList<>();
    for (Entry entry : entries(env, "API_TOKEN_HASHES")) {
      var m = TOKEN.matcher(entry.text());
      if (!m.matches()) {
        throw new InvalidSettingException(entry.variable(), "Invalid " + entry.variable() + ": entry "
            + entry.number() + " is not sha256:<64 hex digits>[:read] (make one with HashToken)");
      }
      tokens.add(new ApiCredentials.TokenHash(HexFormat.of().parseHex(m.group(1).toLowerCase(Locale.ROOT)),
          ApiRole.parse(m.group(2) == null ? "admin" : m.group(2)).orElseThrow()));
    }
    List<ApiCredentials.User> users = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Entry entry : entries(env, "API_USERS")) {
      var m = USER.matcher(entry.text());
      if (!m.matches()) {
        throw new InvalidSettingException(entry.variable(), "Invalid " + entry.variable() + ": entry "
            + entry.number() + " is not name:<bcrypt hash>[:read] (as htpasswd -nB name prints)");
      }
      if (!names.add(m.group(1))) {
        throw new InvalidSettingException(entry.variable(), "Invalid " + entry.variable() + ": user "
            + m.group(1) + " is given twice");
      }
      users.add(new ApiCredentials.User(m.group(1), m.group(2),
          ApiRole.parse(m.group(3) == null ? "admin" : m.group(3)).orElseThrow()));
    }
    if (enabled && tokens.isEmpty() && users.isEmpty()) {
      throw new InvalidSettingException("API_AUTH", "API_AUTH=TRUE needs API_TOKEN_HASHES(_FILE) or"
          + " API_USERS(_FILE): nobody could use the API");
    }
    if (!enabled && (!tokens.isEmpty() || !users.isEmpty())) {
      String variable = !tokens.isEmpty() ? "API_TOKEN_HASHES" : "API_USERS";
      throw new InvalidSettingException("API_AUTH", variable + " is set but API_AUTH is not TRUE: the"
          + " API would be open to anyone; set API_AUTH=TRUE");
    }
    return new ApiAuthSettings(enabled, tokens, users);
  }

  private record Entry(String variable, int number, String text) {
  }

  /** The entries of {@code <base>} or {@code <base>_FILE}, one of them. */
  private static List<Entry> entries(Map<String, String> env, String base) {
    String value = raw(env, base);
    String file = raw(env, base + "_FILE");
    if (value != null && file != null) {
      throw new InvalidSettingException(base, "Set " + base + " or " + base + "_FILE, not both");
    }
    String variable = file != null ? base + "_FILE" : base;
    String text;
    if (file != null) {
      try {
        text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InvalidSettingException(variable, "Invalid " + variable + "=" + file
            + ": cannot read it (" + e.getClass().getSimpleName() + ")");
      }
    } else {
      text = value == null ? "" : value;
    }
    List<Entry> entries = new ArrayList<>();
    int number = 0;
    for (String line : text.split("\n")) {
      String content = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
      for (String part : content.split(",")) {
        String entry = part.strip();
        if (!entry.isEmpty()) {
          entries.add(new Entry(variable, ++number, entry));
        }
      }
    }
    return entries;
  }

  private static String raw(Map<String, String> env, String variable) {
    String value = env.get(variable);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
