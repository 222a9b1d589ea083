package io.kafkamesos.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The principals and secrets of Mesos' {@code --credentials} file: JSON
 * {@code {"credentials": [{"principal": "p", "secret": "s"}]}} (docs/configuration/master.md), or
 * Mesos' older text form, one {@code principal secret} per line. The path may be given as
 * {@code file:///path}.
 */
public final class Credentials {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> secrets;

  public Credentials(Map<String, String> secrets) {
    this.secrets = Map.copyOf(secrets);
  }

  /** Whether the principal is known with exactly this secret. */
  public boolean matches(String principal, String secret) {
    return Objects.equals(secrets.get(principal), secret);
  }

  public int size() {
    return secrets.size();
  }

  /**
   * Reads a credentials file.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static Credentials read(String path) {
    Path file = Path.of(path.startsWith("file://") ? path.substring("file://".length()) : path);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the credentials file " + file + ": " + e);
    }
    Map<String, String> secrets = new LinkedHashMap<>();
    if (text.strip().startsWith("{")) {
      JsonNode root;
      try {
        root = JSON.readTree(text);
      } catch (IOException e) {
        throw new IllegalArgumentException("the credentials file " + file + " is not valid JSON: "
            + e.getMessage());
      }
      JsonNode list = root.path("credentials");
      if (!list.isArray()) {
        throw new IllegalArgumentException("the credentials file " + file
            + " has no \"credentials\" array");
      }
      for (JsonNode credential : list) {
        String principal = credential.path("principal").asText("");
        if (principal.isEmpty() || !credential.path("secret").isTextual()) {
          throw new IllegalArgumentException("the credentials file " + file + ": every"
              + " credential needs a \"principal\" and a \"secret\", not " + credential);
        }
        secrets.put(principal, credential.path("secret").asText());
      }
    } else {
      for (String line : text.split("\n")) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length == 1 && parts[0].isEmpty()) {
          continue;
        }
        if (parts.length != 2) {
          throw new IllegalArgumentException("the credentials file " + file
              + ": a line must be 'principal secret', not '" + line.strip() + "'");
        }
        secrets.put(parts[0], parts[1]);
      }
    }
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("the credentials file " + file + " holds no credential");
    }
    return new Credentials(secrets);
  }
}
