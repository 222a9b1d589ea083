package io.kafkamesos.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import io.kafkamesos.cli.support.UsageException;
import java.util.regex.Pattern;

/**
 * The user's CLI settings, kept in a properties file: {@code ${DCOS_DIR:-~/.dcos}/kafka-mesos.properties}
 * (DC/OS keeps its own CLI settings in {@code DCOS_DIR} too). Known keys: {@code core.dcos_url},
 * {@code core.dcos_acs_token} (sent as {@code Authorization: token=<t>}, as the DC/OS CLI sends
 * it), {@code core.ssl_verify} ({@code true}: the JVM's trusted authorities, or the path of a PEM file
 * of the only authorities https answers may come from, e.g. a scheduler's {@code /v1/tls/ca}) and
 * {@code kafka.framework_name}. The file is readable by its owner only.
 */
final class CliConfig {

    static final String DCOS_URL = "core.dcos_url";
    static final String FRAMEWORK_NAME = "kafka.framework_name";
    static final String ACS_TOKEN = "core.dcos_acs_token";
    static final String SSL_VERIFY = "core.ssl_verify";
    /** The variable that wins over {@link #SSL_VERIFY}, as the DC/OS CLI reads it. */
    static final String SSL_VERIFY_VARIABLE = "DCOS_SSL_VERIFY";
    /** The token's variable, which wins over {@link #ACS_TOKEN} as {@code DCOS_URI} wins over the URL. */
    static final String TOKEN_VARIABLE = "DCOS_ACS_TOKEN";
    static final Set<String> KEYS = Set.of(DCOS_URL, FRAMEWORK_NAME, ACS_TOKEN, SSL_VERIFY);
    /** Keys whose values {@code dcos config show} without a key masks. */
    static final Set<String> SECRET_KEYS = Set.of(ACS_TOKEN);
    static final String FILE_NAME = "kafka-mesos.properties";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");

    private final Path file;

    CliConfig(Path file) {
        this.file = requireNonNull(file, "file");
    }

    /** The config file the environment points at. */
    static Path defaultFile(Map<String, String> env) {
        String dir = env.get("DCOS_DIR");
        if (dir == null || dir.isBlank()) {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            return Path.of(home, ".dcos", FILE_NAME);
        }
        return Path.of(dir, FILE_NAME);
    }

    Path file() {
        return file;
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(load().get(key)).filter(v -> !v.isBlank());
    }

    /**
     * The token to send with every request: {@code DCOS_ACS_TOKEN}, else {@code core.dcos_acs_token}.
     */
    static Optional<String> token(Map<String, String> env, CliConfig config) {
        String variable = env.get(TOKEN_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            if (!TOKEN.matcher(variable.strip()).matches()) {
                throw new IllegalStateException(TOKEN_VARIABLE + " is not a token: a token is printable"
                        + " characters without spaces");
            }
            return Optional.of(variable.strip());
        }
        return config.get(ACS_TOKEN);
    }

    /**
     * The authorities https answers must come from: {@code DCOS_SSL_VERIFY}, else
     * {@code core.ssl_verify}; empty for the JVM's own ({@code true}, or neither set).
     *
     * @throws UsageException when the setting is {@code false} (the CLI always checks certificates)
     *     or its file holds no certificate that can be read
     */
    static Optional<javax.net.ssl.SSLContext> trust(Map<String, String> env, CliConfig config) {
        String variable = env.get(SSL_VERIFY_VARIABLE);
        String source = variable != null && !variable.isBlank() ? SSL_VERIFY_VARIABLE : SSL_VERIFY;
        Optional<String> value = source.equals(SSL_VERIFY_VARIABLE) ? Optional.of(variable.strip())
                : config.get(SSL_VERIFY);
        if (value.isEmpty() || checkSslVerify(source, value.get()).equalsIgnoreCase("true")) {
            return Optional.empty();
        }
        Path file = Path.of(value.get());
        try (java.io.InputStream in = Files.newInputStream(file)) {
            java.util.Collection<? extends java.security.cert.Certificate> certificates =
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new UsageException(source + "=" + file + " holds no certificate: give a PEM file of"
                        + " CA certificates");
            }
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (java.security.cert.Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return Optional.of(context);
        } catch (IOException e) {
            throw new UsageException("cannot read " + source + "=" + file + ": " + e.getMessage());
        } catch (java.security.GeneralSecurityException e) {
            throw new UsageException(source + "=" + file + " is not a PEM file of CA certificates: "
                    + e.getMessage());
        }
    }

    /** {@code true}, or the path of a file; {@code false} is refused with what to do instead. */
    private static String checkSslVerify(String source, String value) {
        if (value.equalsIgnoreCase("false")) {
            throw new UsageException(source + "=false is not supported: this CLI always checks the"
                    + " service's certificate. Save the CA it is issued by (a scheduler with API_TLS"
                    + " answers it at GET /v1/tls/ca) and give its path: dcos config set " + SSL_VERIFY
                    + " /path/to/ca.pem");
        }
        if (!value.equalsIgnoreCase("true") && !Files.isRegularFile(Path.of(value))) {
            throw new UsageException("invalid " + source + " \"" + value + "\": give true or the path of a"
                    + " PEM file of CA certificates (no such file)");
        }
        return value;
    }

    /** All settings, sorted by key. */
    Map<String, String> all() {
        return load();
    }

    void set(String key, String value) {
        checkKey(key);
        String checked = checkValue(key, value);
        Map<String, String> settings = load();
        settings.put(key, checked);
        store(settings);
    }

    /** Removes a setting; false when it was not set. */
    boolean unset(String key) {
        checkKey(key);
        Map<String, String> settings = load();
        boolean had = settings.remove(key) != null;
        store(settings);
        return had;
    }

    static void checkKey(String key) {
        if (!KEYS.contains(key)) {
            throw new UsageException("unknown config key \"" + key + "\"; known keys: " + DCOS_URL + ", " + ACS_TOKEN
                    + ", " + SSL_VERIFY + ", " + FRAMEWORK_NAME);
        }
    }

    static String checkValue(String key, String value) {
        String trimmed = value.trim();
        if (key.equals(FRAMEWORK_NAME) && !NAME.matcher(trimmed).matches()) {
            throw new UsageException("invalid framework name \"" + value
                    + "\": use letters, digits, '.', '_' and '-' (e.g. kafka0)");
        }
        if (key.equals(ACS_TOKEN) && !TOKEN.matcher(trimmed).matches()) {
            throw new UsageException("invalid " + ACS_TOKEN + ": a token is printable characters without spaces");
        }
        if (key.equals(SSL_VERIFY)) {
            checkSslVerify(SSL_VERIFY, trimmed);
        }
        if (key.equals(DCOS_URL) && !(trimmed.startsWith("http://") || trimmed.startsWith("https://"))) {
            throw new UsageException("invalid " + DCOS_URL + " \"" + value + "\": it must start with http:// or https://");
        }
        return trimmed;
    }

    /** Creates {@code file} empty and readable by its owner only (it may hold a token). */
    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system: its own rules apply
        }
    }

    private Map<String, String> load() {
        Map<String, String> settings = new TreeMap<>();
        if (!Files.exists(file)) {
            return settings;
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        props.stringPropertyNames().forEach(name -> settings.put(name, props.getProperty(name)));
        return settings;
    }

    private void store(Map<String, String> settings) {
        Properties props = new Properties();
        props.putAll(settings);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            ownerOnly(tmp);
            try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(writer, "dcos kafka CLI settings (dcos config set KEY VALUE)");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
