package io.kafkamesos.local.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's fetcher cache, as Mesos keeps it ({@code docs/fetcher.md} and
 * {@code fetcher-cache-internals.md}): a file per (user, URI) under
 * {@code <fetcher_cache_dir>/slaves/<agent id>[/<user>]}, named by a serial number ({@code c1},
 * {@code c2}, ...), downloaded once and then copied or extracted into each sandbox that asks for it.
 *
 * <p>The cache holds at most {@code capacity} bytes. Before a download the URI's size is reserved;
 * when that does not fit, the least recently used entries that no fetch uses at the moment are
 * evicted until it does, and when even that is not enough the fetch bypasses the cache. An entry is
 * referenced while a fetch downloads it, waits for it or copies from it, and is never evicted then.
 * A second fetch of a URI whose download is under way waits for it; when that download fails, the
 * waiters fetch straight into their sandboxes, and the next fetch tries the cache again. Like
 * Mesos' agent, the cache starts empty: {@link #clear} on every agent start.
 *
 * <p>Thread-safe: fetches run on worker threads, several at a time.
 */
public final class FetcherCache {

  private static final Logger LOG = LoggerFactory.getLogger(FetcherCache.class);

  /** Mesos' {@code DEFAULT_FETCHER_CACHE_SIZE}: 2 GB. */
  public static final long DEFAULT_CAPACITY = 2L * 1024 * 1024 * 1024;

  /** What identifies a cache file: the user it is fetched for (or none) and the URI. */
  record Key(Optional<String> user, String uri) {
    Key {
      Objects.requireNonNull(user);
      Objects.requireNonNull(uri);
    }
  }

  /** A cache file, before, during and after its download. */
  static final class Entry {
    final Key key;
    final Path path;
    /** Completes when the file is in the cache; fails when its download failed. */
    final CompletableFuture<Void> downloaded = new CompletableFuture<>();
    /** Bytes reserved or held in the cache; 0 until its size is reserved. */
    long size;
    int references;

    Entry(Key key, Path path) {
      this.key = key;
      this.path = path;
    }

    boolean resident() {
      return downloaded.isDone() && !downloaded.isCompletedExceptionally();
    }
  }

  /** How a fetch got hold of an entry: it downloads it ({@code created}) or reads it. */
  record Lease(Entry entry, boolean created) {
  }

  private final Path root;
  private final long capacity;
  /** Access-ordered: iteration starts at the least recently used entry. */
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long used;
  private long serial;

  /**
   * @param root {@code <fetcher_cache_dir>/slaves/<agent id>}
   * @param capacity the most bytes the cache holds ({@code --fetcher_cache_size}); 0: no cache
   */
  public FetcherCache(Path root, long capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("the fetcher cache size must not be negative: " + capacity);
    }
    this.root = Objects.requireNonNull(root);
    this.capacity = capacity;
  }

  /** The agent's cache directory under a {@code --fetcher_cache_dir}, as Mesos lays it out. */
  public static Path directory(Path fetcherCacheDir, String agentId) {
    return fetcherCacheDir.resolve("slaves").resolve(agentId);
  }

  public long capacity() {
    return capacity;
  }

  /** Bytes reserved or held now. */
  public synchronized long used() {
    return used;
  }

  /** How many URIs the cache knows (downloaded or on their way). */
  public synchronized int size() {
    return entries.size();
  }

  /** Whether a downloaded file of this URI is in the cache now. */
  public synchronized boolean contains(Optional<String> user, String uri) {
    // not entries.get: asking must not count as a use of the entry
    Key key = new Key(user, uri);
    return entries.values().stream().anyMatch(e -> e.key.equals(key) && e.resident());
  }

  /**
   * The entry of {@code key}, referenced: an existing one (resident, or on its way in: wait for
   * {@link Entry#downloaded}), or a new one this fetch must size ({@link #reserve}) and download.
   */
  synchronized Lease acquire(Key key) {
    Entry entry = entries.get(key);
    if (entry != null) {
      entry.references++;
      return new Lease(entry, false);
    }
    Path dir = key.user().map(root::resolve).orElse(root);
    Entry created = new Entry(key, dir.resolve("c" + (++serial)));
    created.references = 1;
    entries.put(key, created);
    return new Lease(created, true);
  }

  /**
   * Reserves room for a new entry's download, evicting the least recently used entries nobody
   * uses while it does not fit.
   *
   * @return why it cannot fit, if it cannot: the entry is gone then, its waiters bypass the cache
   */
  synchronized Optional<String> reserve(Entry entry, long bytes) {
    if (bytes > capacity) {
      return Optional.of(abandon(entry, "it is larger (" + bytes + " bytes) than the whole cache ("
          + capacity + " bytes)"));
    }
    List<Entry> victims = new ArrayList<>();
    long free = capacity - used;
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && free < bytes; ) {
      Entry candidate = it.next();
      if (candidate != entry && candidate.references == 0 && candidate.resident()) {
        victims.add(candidate);
        free += candidate.size;
      }
    }
    if (free < bytes) {
      return Optional.of(abandon(entry, "it needs " + bytes + " bytes; the cache has "
          + (capacity - used) + " of " + capacity + " bytes free and the rest is in use"));
    }
    for (Entry victim : victims) {
      LOG.info("Fetcher cache: evicting {} ({} bytes, least recently used) to make room for {}",
          victim.key.uri(), victim.size, entry.key.uri());
      entries.remove(victim.key);
      used -= victim.size;
      delete(victim.path);
    }
    entry.size = bytes;
    used += bytes;
    return Optional.empty();
  }

  /** The download is in the cache file; its real size replaces the reserved one. */
  synchronized void completed(Entry entry, long actualSize) {
    used += actualSize - entry.size;
    entry.size = actualSize;
    entry.downloaded.complete(null);
  }

  /** The download failed: the entry goes, with whatever was written, and its waiters bypass. */
  synchronized void failed(Entry entry, Throwable cause) {
    abandon(entry, cause.getMessage());
  }

  /** The fetch is done with the entry (whatever happened). */
  synchronized void release(Entry entry) {
    entry.references--;
  }

  /** Empties the cache and its directory (Mesos' {@code Fetcher::recover} does the same). */
  public synchronized void clear() {
    entries.clear();
    used = 0;
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(FetcherCache::delete);
    } catch (IOException e) {
      LOG.warn("Fetcher cache: cannot clear {}: {}", root, e.getMessage());
    }
  }

  private String abandon(Entry entry, String why) {
    entries.remove(entry.key, entry);
    used -= entry.size;
    entry.size = 0;
    delete(entry.path);
    entry.downloaded.completeExceptionally(new IOException(why));
    return why;
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("Fetcher cache: cannot delete {}: {}", path, e.getMessage());
    }
  }

  /** For tests and the state: URI to bytes of each resident file, least recently used first. */
  synchronized Map<String, Long> resident() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Entry e : entries.values()) {
      if (e.resident()) {
        out.put(e.key.uri(), e.size);
      }
    }
    return out;
  }
}
