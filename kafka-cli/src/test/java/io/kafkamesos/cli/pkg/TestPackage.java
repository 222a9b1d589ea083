package io.kafkamesos.cli.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;

/** The repository's own package, read from {@code frameworks-descriptor/} (tests run in the module directory). */
final class TestPackage {

    static final ObjectMapper JSON = new ObjectMapper();

    private TestPackage() {
    }

    static Path dir() {
        Path dir = Path.of(System.getProperty("user.dir")).resolve("../frameworks-descriptor").normalize();
        if (!UniversePackage.isPackageDir(dir)) {
            throw new IllegalStateException("no package at " + dir);
        }
        return dir;
    }

    static UniversePackage load() {
        return UniversePackage.load(dir());
    }

    /** JSON written with single quotes, for readable tests. */
    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
