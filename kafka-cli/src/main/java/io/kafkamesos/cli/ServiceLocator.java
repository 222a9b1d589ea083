package io.kafkamesos.cli;

import java.util.Map;
import io.kafkamesos.cli.support.UsageException;
import java.util.Optional;

/**
 * Finds the scheduler's URL the way DC/OS does: {@code DCOS_URI} (or the configured
 * {@code core.dcos_url}) + {@code /service/<framework-name>}. {@code KAFKA_SERVICE_URL} points
 * straight at a scheduler instead, bypassing the /service proxy.
 */
final class ServiceLocator {

    static final String DEFAULT_FRAMEWORK_NAME = "kafka0";

    private ServiceLocator() {
    }

    /** The framework name: the option, else the configured default, else kafka0. */
    static String frameworkName(Optional<String> option, Optional<String> configured) {
        String name = option.or(() -> configured).orElse(DEFAULT_FRAMEWORK_NAME);
        return CliConfig.checkValue(CliConfig.FRAMEWORK_NAME, name);
    }

    /** The service base URL without a trailing slash. */
    static String serviceUrl(Map<String, String> env, Optional<String> configuredDcosUrl, String frameworkName) {
        String direct = env.get("KAFKA_SERVICE_URL");
        if (direct != null && !direct.isBlank()) {
            return withScheme(trimSlash(direct.trim()));
        }
        String dcos = Optional.ofNullable(env.get("DCOS_URI")).filter(v -> !v.isBlank()).or(() -> configuredDcosUrl)
                .orElseThrow(() -> new IllegalStateException("no DC/OS address: set DCOS_URI (e.g. "
                        + "export DCOS_URI=http://127.0.0.1:5050) or run: dcos config set core.dcos_url URL"));
        return withScheme(trimSlash(dcos.trim())) + "/service/" + ApiRequest.encode(frameworkName);
    }

    private static String trimSlash(String url) {
        String out = url;
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
