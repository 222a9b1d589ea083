package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@code dcos} main knows about the user's set-up, handed to {@link PackageCli}.
 *
 * @param env the process environment ({@code DCOS_URI}, and the overrides listed in {@link PackageCli})
 * @param configuredDcosUrl {@code core.dcos_url} from the CLI's config file, used when {@code DCOS_URI} is unset
 * @param configDir the directory of the CLI's config file ({@code ${DCOS_DIR:-~/.dcos}}), where the
 *     optional site defaults {@code kafka-package-defaults.json} live
 */
public record CliInputs(Map<String, String> env, Optional<String> configuredDcosUrl, Optional<Path> configDir) {

    public CliInputs {
        env = Map.copyOf(requireNonNull(env, "env"));
        requireNonNull(configuredDcosUrl, "configuredDcosUrl");
        requireNonNull(configDir, "configDir");
    }

    Optional<String> variable(String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
