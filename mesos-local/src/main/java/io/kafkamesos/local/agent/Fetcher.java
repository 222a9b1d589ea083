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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mesos fetcher of one agent: copies each {@code CommandInfo.uris} entry (a local path, a
 * {@code file://} URL or an http(s) URL) into the sandbox, in order, marks it executable when asked,
 * and extracts archives ({@code .tar}, {@code .tar.gz}, {@code .tgz}, {@code .tar.bz2},
 * {@code .txz}, {@code .tar.xz}, {@code .zip}) into the sandbox when {@code extract} (default true).
 *
 * <p>A URI with {@code cache} goes through the agent's {@link FetcherCache} as in Mesos: fetched
 * once per (user, URI) into the cache, then copied from there (or, for an archive to extract,
 * extracted straight from the cache file, so that only the extracted files are in the sandbox).
 * When the cache cannot be used (the size cannot be told up front, no room, the download into the
 * cache failed) the URI is fetched straight into the sandbox, with a warning. Without {@code cache},
 * or with a cache of size 0, every fetch downloads anew.
 *
 * <p>What it does goes to the sandbox's {@code stderr}, as the output of Mesos' {@code mesos-fetcher}
 * does, one timestamped line per step ({@link FetchLog}).
 */
public final class Fetcher {

  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);
  private final Optional<FetcherCache> cache;
  /** Built on the first http(s) URI: most fetches copy local files. */
  private HttpClient http;

  /** @param cache the agent's cache; empty (or of size 0) to fetch every URI anew */
  public Fetcher(Optional<FetcherCache> cache) {
    this.cache = Objects.requireNonNull(cache).filter(c -> c.capacity() > 0);
  }

  /** Fetches without a cache (Marathon's tasks, which run on no agent of mesos-local). */
  public static void fetch(CommandInfo command, Path sandbox) throws IOException {
    new Fetcher(Optional.empty()).fetch(command, Optional.empty(), sandbox);
  }

  /**
   * @param user the user the executor runs as ({@code CommandInfo.user}, else the framework's):
   *     cache files are kept apart per user, as in Mesos
   * @throws IOException naming the URI that could not be fetched
   */
  public void fetch(CommandInfo command, Optional<String> user, Path sandbox) throws IOException {
    Optional<String> who = command.hasUser() && !command.getUser().isEmpty()
        ? Optional.of(command.getUser()) : user.filter(u -> !u.isEmpty());
    FetchLog log = new FetchLog(sandbox);
    long started = System.nanoTime();
    for (CommandInfo.URI uri : command.getUrisList()) {
      try {
        fetchOne(uri, who, sandbox, log);
      } catch (IOException | RuntimeException e) {
        log.line("Failed to fetch '" + uri.getValue() + "': " + e.getMessage());
        throw new IOException("Failed to fetch '" + uri.getValue() + "': " + e.getMessage(), e);
      }
    }
    if (command.getUrisCount() > 0) {
      log.line("Fetched " + command.getUrisCount() + " URIs into " + sandbox + " in "
          + (System.nanoTime() - started) / 1_000_000 + " ms");
    }
  }

  private void fetchOne(CommandInfo.URI uri, Optional<String> user, Path sandbox, FetchLog log)
      throws IOException {
    String value = uri.getValue().trim();
    Path target = target(uri, value, sandbox);
    log.line("Fetching URI '" + value + "'");
    if (uri.getCache() && cache.isPresent() && fetchThroughCache(cache.get(), uri, value, user,
        target, sandbox, log)) {
      return;
    }
    if (uri.getCache() && cache.isEmpty()) {
      log.line("The agent has no fetcher cache (--fetcher_cache_size=0): fetching directly into the"
          + " sandbox directory");
    } else if (!uri.getCache()) {
      log.line("Fetching directly into the sandbox directory");
    }
    download(value, target);
    log.line("Fetched '" + value + "' to '" + target + "'");
    finish(uri, target, target, sandbox, log);
  }

  /**
   * Answers false when the cache cannot be used for this URI (the caller then fetches straight
   * into the sandbox).
   */
  private boolean fetchThroughCache(FetcherCache cache, CommandInfo.URI uri, String value,
      Optional<String> user, Path target, Path sandbox, FetchLog log) throws IOException {
    FetcherCache.Lease lease = cache.acquire(new FetcherCache.Key(user, value));
    FetcherCache.Entry entry = lease.entry();
    try {
      if (lease.created()) {
        long size;
        try {
          size = size(value);
        } catch (IOException e) {
          cache.failed(entry, e);
          log.line("Reverting to fetching directly into the sandbox for '" + value + "', due to"
              + " failure to fetch through the cache, with error: cannot tell its size: "
              + e.getMessage());
          return false;
        }
        Optional<String> noRoom = cache.reserve(entry, size);
        if (noRoom.isPresent()) {
          log.line("Reverting to fetching directly into the sandbox for '" + value + "', due to"
              + " failure to fetch through the cache, with error: no room: " + noRoom.get());
          return false;
        }
        log.line("Downloading into cache " + entry.path);
        try {
          Files.createDirectories(entry.path.getParent());
          download(value, entry.path);
          cache.completed(entry, Files.size(entry.path));
        } catch (IOException | RuntimeException e) {
          cache.failed(entry, e);
          log.line("Reverting to fetching directly into the sandbox for '" + value + "', due to"
              + " failure to fetch through the cache, with error: " + e.getMessage());
          return false;
        }
      } else {
        if (!entry.downloaded.isDone()) {
          log.line("Waiting for the download of '" + value + "' into the cache by another fetch");
        }
        try {
          entry.downloaded.get();
        } catch (ExecutionException e) {
          log.line("Reverting to fetching directly into the sandbox for '" + value + "', due to"
              + " failure to fetch through the cache, with error: " + e.getCause().getMessage());
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        log.line("Fetching from cache " + entry.path);
      }
      if (uri.getExtract() && !uri.getExecutable() && isArchive(target)) {
        // as Mesos: an archive from the cache is extracted straight from the cache file
        finish(uri, entry.path, target, sandbox, log);
      } else {
        Files.copy(entry.path, target, StandardCopyOption.REPLACE_EXISTING);
        log.line("Fetched '" + value + "' to '" + target + "' from the cache");
        finish(uri, target, target, sandbox, log);
      }
      return true;
    } finally {
      cache.release(entry);
    }
  }

  /** Where the URI goes in the sandbox: {@code output_file}, else the URI's file name. */
  private static Path target(CommandInfo.URI uri, String value, Path sandbox) throws IOException {
    String name = uri.hasOutputFile() ? uri.getOutputFile()
        : Paths.get(URI.create(value.startsWith("/") ? "file://" + value : value).getPath())
            .getFileName().toString();
    Path target = sandbox.resolve(name).normalize();
    if (!target.startsWith(sandbox)) {
      throw new IOException("output_file escapes the sandbox");
    }
    Files.createDirectories(target.getParent());
    return target;
  }

  /** Makes {@code target} executable, or extracts {@code file} (named as {@code target}). */
  private static void finish(CommandInfo.URI uri, Path file, Path target, Path sandbox,
      FetchLog log) throws IOException {
    if (uri.getExecutable()) {
      target.toFile().setExecutable(true, false);
    } else if (uri.getExtract() && isArchive(target)) {
      extract(file, target.getFileName().toString(), sandbox);
      log.line("Extracted '" + file + "' into '" + sandbox + "'");
    }
    LOG.info("Fetched {} into {}", uri.getValue(), target);
  }

  /** The download's size, known before it starts (Mesos' {@code fetchSize}). */
  long size(String value) throws IOException {
    if (value.startsWith("http://") || value.startsWith("https://")) {
      try {
        HttpResponse<Void> head = http().send(HttpRequest.newBuilder(URI.create(value))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.discarding());
        if (head.statusCode() != 200) {
          throw new IOException("HTTP " + head.statusCode() + " to HEAD");
        }
        long length = head.headers().firstValueAsLong("content-length").orElse(0);
        if (length <= 0) {
          throw new IOException("no content-length, or 0");
        }
        return length;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    Path source = localPath(value);
    if (!Files.isRegularFile(source)) {
      throw new IOException("no such file " + source);
    }
    return Files.size(source);
  }

  private void download(String value, Path target) throws IOException {
    if (value.startsWith("http://") || value.startsWith("https://")) {
      try {
        HttpResponse<Path> response = http().send(HttpRequest.newBuilder(URI.create(value)).build(),
            HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() != 200) {
          throw new IOException("HTTP " + response.statusCode());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      return;
    }
    Path source = localPath(value);
    if (!Files.isRegularFile(source)) {
      throw new IOException("no such file " + source);
    }
    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL).build();
    }
    return http;
  }

  private static Path localPath(String value) throws IOException {
    Path source = value.startsWith("file://") ? Paths.get(URI.create(value)) : Paths.get(value);
    if (!source.isAbsolute()) {
      throw new IOException("relative paths are not supported (no --frameworks_home)");
    }
    return source;
  }

  private static boolean isArchive(Path named) {
    String name = named.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".zip") || name.endsWith(".tar") || name.endsWith(".tar.gz")
        || name.endsWith(".tgz") || name.endsWith(".tar.bz2") || name.endsWith(".tbz2")
        || name.endsWith(".txz") || name.endsWith(".tar.xz");
  }

  private static void extract(Path archive, String name, Path into) throws IOException {
    if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
      unzip(archive, into);
    } else {
      untar(archive, into); // tar tells the compression from the content
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
