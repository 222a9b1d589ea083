package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of a Universe package as read from its directory ({@code frameworks-descriptor/}).
 *
 * @param name the package name from {@code package.json} ({@code kafka})
 * @param version the package version from {@code package.json}
 * @param packageJson {@code package.json}
 * @param config {@code config.json}, the JSON schema of the options
 * @param configText {@code config.json} as written (what {@code package describe --config} prints)
 * @param marathonTemplate {@code marathon.json.mustache}
 * @param resource {@code resource.json}, the artifacts
 * @param command {@code command.json}, the CLI
 */
public record UniversePackage(String name, String version, JsonNode packageJson, JsonNode config,
        String configText, String marathonTemplate, JsonNode resource, JsonNode command) {

    static final String PACKAGE_JSON = "package.json";
    static final String CONFIG_JSON = "config.json";
    static final String MARATHON_TEMPLATE = "marathon.json.mustache";
    static final String RESOURCE_JSON = "resource.json";
    static final String COMMAND_JSON = "command.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public UniversePackage {
        requireNonNull(name, "name");
        requireNonNull(version, "version");
        requireNonNull(packageJson, "packageJson");
        requireNonNull(config, "config");
        requireNonNull(configText, "configText");
        requireNonNull(marathonTemplate, "marathonTemplate");
        requireNonNull(resource, "resource");
        requireNonNull(command, "command");
    }

    /**
     * Reads the package in {@code dir}.
     *
     * @throws PackageException when a file is missing or is not valid JSON
     */
    public static UniversePackage load(Path dir) {
        JsonNode packageJson = json(dir, PACKAGE_JSON);
        String name = packageJson.path("name").asText("");
        String version = packageJson.path("version").asText("");
        if (name.isEmpty() || version.isEmpty()) {
            throw new PackageException(dir.resolve(PACKAGE_JSON) + " needs a \"name\" and a \"version\"");
        }
        return new UniversePackage(name, version, packageJson, json(dir, CONFIG_JSON), text(dir, CONFIG_JSON),
                text(dir, MARATHON_TEMPLATE), json(dir, RESOURCE_JSON), json(dir, COMMAND_JSON));
    }

    /** Whether {@code dir} looks like a package directory. */
    public static boolean isPackageDir(Path dir) {
        return Files.isRegularFile(dir.resolve(PACKAGE_JSON)) && Files.isRegularFile(dir.resolve(MARATHON_TEMPLATE));
    }

    private static String text(Path dir, String file) {
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new PackageException("package file " + path + " is missing; set KAFKA_PACKAGE_DIR to the "
                    + "frameworks-descriptor directory");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode json(Path dir, String file) {
        try {
            return JSON.readTree(text(dir, file));
        } catch (JsonProcessingException e) {
            throw new PackageException("package file " + dir.resolve(file) + " is not valid JSON: "
                    + e.getOriginalMessage());
        }
    }
}
