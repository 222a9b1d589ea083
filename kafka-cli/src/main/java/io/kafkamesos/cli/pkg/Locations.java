package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the package commands find things. Each has a DC/OS-like default and an environment
 * variable that overrides it:
 * <ul>
 *   <li>the cluster: {@code DCOS_URI}, else {@code core.dcos_url};</li>
 *   <li>Marathon: {@code MARATHON_URL}, else {@code $DCOS_URI/marathon};</li>
 *   <li>the Mesos master (framework teardown on uninstall): {@code DCOS_MESOS_URL}, else
 *       {@code $DCOS_URI/mesos}, then {@code $DCOS_URI} itself;</li>
 *   <li>the package: {@code KAFKA_PACKAGE_DIR}, else the {@code frameworks-descriptor} directory of the
 *       checkout this CLI was built in;</li>
 *   <li>the artifacts: {@code KAFKA_RESOURCE_BASE}, else {@code file://} of the package directory's parent;</li>
 *   <li>site defaults: {@code KAFKA_PACKAGE_DEFAULTS}, else {@code kafka-package-defaults.json} in the
 *       CLI's config directory when it exists.</li>
 * </ul>
 */
final class Locations {

    static final String SITE_DEFAULTS_FILE = "kafka-package-defaults.json";
    private static final String PACKAGE_DIR_NAME = "frameworks-descriptor";

    private final CliInputs inputs;

    Locations(CliInputs inputs) {
        this.inputs = requireNonNull(inputs, "inputs");
    }

    String dcosUrl() {
        String url = inputs.variable("DCOS_URI").or(inputs::configuredDcosUrl).map(String::strip)
                .filter(v -> !v.isEmpty())
                .orElseThrow(() -> new PackageException("no DC/OS address: set DCOS_URI (e.g. "
                        + "export DCOS_URI=http://127.0.0.1:5050) or run: dcos config set core.dcos_url URL"));
        return withScheme(trimSlash(url));
    }

    String marathonUrl() {
        return inputs.variable("MARATHON_URL").map(u -> withScheme(trimSlash(u))).orElseGet(() -> dcosUrl() + "/marathon");
    }

    List<String> mesosUrls() {
        return inputs.variable("DCOS_MESOS_URL").map(u -> List.of(withScheme(trimSlash(u))))
                .orElseGet(() -> List.of(dcosUrl() + "/mesos", dcosUrl()));
    }

    Path packageDir() {
        Optional<String> configured = inputs.variable("KAFKA_PACKAGE_DIR");
        if (configured.isPresent()) {
            Path dir = Path.of(configured.get());
            if (!UniversePackage.isPackageDir(dir)) {
                throw new PackageException("KAFKA_PACKAGE_DIR=" + dir + " holds no package (package.json and "
                        + UniversePackage.MARATHON_TEMPLATE + ")");
            }
            return dir.toAbsolutePath().normalize();
        }
        return fromCodeLocation().orElseThrow(() -> new PackageException("cannot find the package: set "
                + "KAFKA_PACKAGE_DIR to the frameworks-descriptor directory of this repository"));
    }

    URI resourceBase(Path packageDir) {
        Optional<String> configured = inputs.variable("KAFKA_RESOURCE_BASE");
        if (configured.isPresent()) {
            try {
                URI uri = new URI(configured.get());
                if (uri.getScheme() == null) {
                    return Path.of(configured.get()).toAbsolutePath().normalize().toUri();
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new PackageException("KAFKA_RESOURCE_BASE=" + configured.get() + " is not a URI: " + e.getMessage());
            }
        }
        Path parent = packageDir.toAbsolutePath().normalize().getParent();
        return (parent == null ? packageDir : parent).toUri();
    }

    Optional<Path> siteDefaults() {
        Optional<String> configured = inputs.variable("KAFKA_PACKAGE_DEFAULTS");
        if (configured.isPresent()) {
            Path file = Path.of(configured.get());
            if (!Files.isRegularFile(file)) {
                throw new PackageException("KAFKA_PACKAGE_DEFAULTS=" + file + " does not exist");
            }
            return Optional.of(file);
        }
        return inputs.configDir().map(dir -> dir.resolve(SITE_DEFAULTS_FILE)).filter(Files::isRegularFile);
    }

    // The jar (kafka-cli/target/kafka-cli.jar) or classes directory lies inside the checkout.
    private static Optional<Path> fromCodeLocation() {
        java.security.CodeSource source = Locations.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path dir = Path.of(source.getLocation().toURI());
            for (Path at = dir.toAbsolutePath(); at != null; at = at.getParent()) {
                Path candidate = at.resolve(PACKAGE_DIR_NAME);
                if (UniversePackage.isPackageDir(candidate)) {
                    return Optional.of(candidate.normalize());
                }
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String trimSlash(String url) {
        String out = url.strip();
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    // DCOS_URI is often written as a bare host (curl accepts that); HttpClient needs a scheme.
    private static String withScheme(String url) {
        return url.contains("://") ? url : "http://" + url;
    }
}
