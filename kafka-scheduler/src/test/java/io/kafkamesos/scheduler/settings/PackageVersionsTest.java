package io.kafkamesos.scheduler.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.commons.kafka.KafkaVersion;
import io.kafkamesos.commons.kafka.KafkaVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The package ({@code frameworks-descriptor/}) offers exactly the catalogue's versions and archives. */
class PackageVersionsTest {

  private static final Path PACKAGE = Path.of("../frameworks-descriptor");
  private final KafkaVersions catalogue = KafkaVersions.standard();

  @Test
  void theOptionListsTheSupportedVersionsWithTheCataloguesDefault() throws Exception {
    JsonNode option = new ObjectMapper().readTree(PACKAGE.resolve("config.json").toFile())
        .path("properties").path("kafka").path("properties").path("kafka-version");
    List<String> choices = new ArrayList<>();
    option.path("enum").forEach(v -> choices.add(v.asText()));
    assertThat(choices).containsExactlyElementsOf(
        catalogue.supported().stream().map(KafkaVersion::version).toList());
    assertThat(option.path("default").asText()).isEqualTo(catalogue.defaultVersion().version());
  }

  @Test
  void everyVersionsArchiveIsAnAssetPassedToTheScheduler() throws Exception {
    JsonNode uris = new ObjectMapper().readTree(PACKAGE.resolve("resource.json").toFile())
        .path("assets").path("uris");
    String template = Files.readString(PACKAGE.resolve("marathon.json.mustache"));
    for (KafkaVersion version : catalogue.all()) {
      String asset = "kafka-" + version.version().replace('.', '-');
      assertThat(uris.path(asset).asText()).as(asset).endsWith("/" + version.archiveName());
      assertThat(template).contains("\"" + version.archiveVariable() + "\": \"{{resource.assets.uris."
          + asset + "}}\"");
    }
    assertThat(template).contains("\"KAFKA_VERSION\": \"{{kafka.kafka-version}}\"");
  }
}
