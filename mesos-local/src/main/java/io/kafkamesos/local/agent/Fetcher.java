package io.kafkamesos.local.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mesos fetcher for one machine: copies each {@code CommandInfo.uris} entry (a local path, a
 * {@code file://} URL or an http(s) URL) into the sandbox, marks it executable when asked, and
 * extracts archives ({@code .tar}, {@code .tar.gz}, {@code .tgz}, {@code .tar.bz2}, {@code .txz},
 * {@code .tar.xz}, {@code .zip}) into the sandbox when {@code extract} (default true). The cache
 * flag is ignored: every fetch copies.
 */
public final class Fetcher {

  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

  private Fetcher() {
  }

  /** @throws IOException naming the URI that could not be fetched */
  public static void fetch(CommandInfo command, Path sandbox) throws IOException {
    for (CommandInfo.URI uri : command.getUrisList()) {
      try {
        fetchOne(uri, sandbox);
      } catch (IOException | RuntimeException e) {
        throw new IOException("Failed to fetch '" + uri.getValue() + "': " + e.getMessage(), e);
      }
    }
  }

  private static void fetchOne(CommandInfo.URI uri, Path sandbox) throws IOException {
    String value = uri.getValue().trim();
    String name = uri.hasOutputFile() ? uri.getOutputFile()
        : Paths.get(URI.create(value.startsWith("/") ? "file://" + value : value).getPath())
            .getFileName().toString();
    Path target = sandbox.resolve(name).normalize();
    if (!target.startsWith(sandbox)) {
      throw new IOException("output_file escapes the sandbox");
    }
    Files.createDirectories(target.getParent());
    if (value.startsWith("http://") || value.startsWith("https://")) {
      download(value, target);
    } else {
      Path source = value.startsWith("file://") ? Paths.get(URI.create(value)) : Paths.get(value);
      if (!source.isAbsolute()) {
        throw new IOException("relative paths are not supported (no --frameworks_home)");
      }
      if (!Files.isRegularFile(source)) {
        throw new IOException("no such file " + source);
      }
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
    if (uri.getExecutable()) {
      target.toFile().setExecutable(true, false);
    }
    if (uri.getExtract() && !uri.getExecutable()) {
      extract(target, sandbox);
    }
    LOG.info("Fetched {} into {}", value, target);
  }

  private static void download(String url, Path target) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    try {
      HttpResponse<Path> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofFile(target));
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void extract(Path archive, Path into) throws IOException {
    String name = archive.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".zip")) {
      unzip(archive, into);
    } else if (name.endsWith(".tar") || name.endsWith(".tar.gz") || name.endsWith(".tgz")
        || name.endsWith(".tar.bz2") || name.endsWith(".tbz2") || name.endsWith(".txz")
        || name.endsWith(".tar.xz")) {
      untar(archive, into);
    }
  }

  private static void untar(Path archive, Path into) throws IOException {
    Process tar = new ProcessBuilder("tar", "-C", into.toString(), "-xf", archive.toString())
        .redirectErrorStream(true).start();
    String output;
    try (InputStream in = tar.getInputStream()) {
      output = new String(in.readAllBytes());
    }
    try {
      int exit = tar.waitFor();
      if (exit != 0) {
        throw new IOException("tar exited with " + exit + ": " + output.trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      tar.destroyForcibly();
      throw new IOException("interrupted", e);
    }
  }

  private static void unzip(Path archive, Path into) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        Path out = into.resolve(entry.getName()).normalize();
        if (!out.startsWith(into)) {
          throw new IOException("zip entry escapes the sandbox: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
