package io.kafkamesos.scheduler.security;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Makes the credentials the API's {@code API_TOKEN_HASHES} and {@code API_USERS} hold, so that
 * operators never write a raw token or password into an option, a file or Marathon:
 *
 * <pre>
 * java -cp kafka-scheduler.jar io.kafkamesos.scheduler.security.HashToken           # a new token and its hash
 * java -cp kafka-scheduler.jar io.kafkamesos.scheduler.security.HashToken --stdin   # the hash of a token read from stdin
 * java -cp kafka-scheduler.jar io.kafkamesos.scheduler.security.HashToken --user alice   # a user line, password asked
 * </pre>
 *
 * A token or password is never taken as an argument (arguments show in {@code ps}).
 */
public final class HashToken {

  static final int BCRYPT_COST = 12;

  private HashToken() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.console(), System.out, System.err, new SecureRandom()));
  }

  /** The command, for tests: its exit code. */
  static int run(String[] args, InputStream in, Console console, PrintStream out, PrintStream err,
      SecureRandom random) {
    try {
      if (args.length == 0) {
        String token = TaskSecrets.generate(random);
        out.println("token: " + token);
        out.println("hash:  " + hash(token));
        err.println("Give the token to the API's clients (dcos config set core.dcos_acs_token <token>,"
            + " or curl -H 'Authorization: token=<token>'); put the hash in API_TOKEN_HASHES"
            + " (append :read for a read-only token). The token is not kept anywhere.");
        return 0;
      }
      if (args.length == 1 && args[0].equals("--stdin")) {
        String token = firstLine(in);
        if (token.isEmpty()) {
          err.println("HashToken: no token on stdin");
          return 2;
        }
        out.println(hash(token));
        return 0;
      }
      if (args.length == 2 && args[0].equals("--user") && args[1].matches("[A-Za-z0-9._@-]{1,64}")) {
        String password = console != null
            ? new String(console.readPassword("password for %s: ", args[1]))
            : firstLine(in);
        if (password.length() < 8 || password.getBytes(StandardCharsets.UTF_8).length > 72) {
          err.println("HashToken: the password must be 8 to 72 bytes long");
          return 2;
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        out.println(args[1] + ":" + OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, BCRYPT_COST));
        return 0;
      }
      err.println("usage: HashToken [--stdin | --user NAME]");
      return 2;
    } catch (IOException e) {
      err.println("HashToken: cannot read stdin: " + e.getMessage());
      return 1;
    }
  }

  /** {@code sha256:<hex>}, as {@code API_TOKEN_HASHES} takes it. */
  public static String hash(String token) {
    return "sha256:" + HexFormat.of().formatHex(ApiCredentials.sha256(token));
  }

  private static String firstLine(InputStream in) throws IOException {
    String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    return line == null ? "" : line.strip();
  }
}
