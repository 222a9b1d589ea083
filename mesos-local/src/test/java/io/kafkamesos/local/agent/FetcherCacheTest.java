package io.kafkamesos.local.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache's bookkeeping: one entry per (user, URI), room reserved up front, LRU eviction. */
class FetcherCacheTest {

  @TempDir
  Path dir;

  private FetcherCache.Entry downloaded(FetcherCache cache, String uri, long size) throws Exception {
    FetcherCache.Lease lease = cache.acquire(new FetcherCache.Key(Optional.empty(), uri));
    assertThat(lease.created()).isTrue();
    assertThat(cache.reserve(lease.entry(), size)).isEmpty();
    Files.createDirectories(lease.entry().path.getParent());
    Files.write(lease.entry().path, new byte[(int) size]);
    cache.completed(lease.entry(), size);
    cache.release(lease.entry());
    return lease.entry();
  }

  @Test
  void aSecondFetchOfAUriReadsTheFirstsEntryAndUsersAreKeptApart() throws Exception {
    FetcherCache cache = new FetcherCache(dir, 100);
    FetcherCache.Entry first = downloaded(cache, "file:///a.tgz", 10);
    FetcherCache.Lease again = cache.acquire(new FetcherCache.Key(Optional.empty(), "file:///a.tgz"));
    assertThat(again.created()).isFalse();
    assertThat(again.entry()).isSameAs(first);
    cache.release(again.entry());
    FetcherCache.Lease other = cache.acquire(new FetcherCache.Key(Optional.of("kafka"), "file:///a.tgz"));
    assertThat(other.created()).as("another user: another file").isTrue();
    assertThat(other.entry().path).isEqualTo(dir.resolve("kafka").resolve("c2"));
  }

  @Test
  void roomIsMadeByEvictingTheLeastRecentlyUsedEntryNoFetchHolds() throws Exception {
    FetcherCache cache = new FetcherCache(dir, 30);
    FetcherCache.Entry a = downloaded(cache, "a", 10);
    downloaded(cache, "b", 10);
    FetcherCache.Lease useA = cache.acquire(new FetcherCache.Key(Optional.empty(), "a")); // a: most recent
    cache.release(useA.entry());
    downloaded(cache, "c", 10);
    FetcherCache.Lease holdB = cache.acquire(new FetcherCache.Key(Optional.empty(), "b")); // b held
    downloaded(cache, "d", 10); // a is the least recently used one that nobody holds
    assertThat(cache.contains(Optional.empty(), "a")).isFalse();
    assertThat(Files.exists(a.path)).isFalse();
    assertThat(cache.contains(Optional.empty(), "b")).isTrue();
    assertThat(cache.used()).isEqualTo(30);
    cache.release(holdB.entry());
  }

  @Test
  void whatCannotFitIsRefusedAndItsWaitersLearnIt() {
    FetcherCache cache = new FetcherCache(dir, 30);
    FetcherCache.Lease big = cache.acquire(new FetcherCache.Key(Optional.empty(), "big"));
    FetcherCache.Lease waiter = cache.acquire(new FetcherCache.Key(Optional.empty(), "big"));
    assertThat(waiter.created()).isFalse();
    assertThat(cache.reserve(big.entry(), 31)).hasValueSatisfying(why -> assertThat(why).contains("larger"));
    assertThat(waiter.entry().downloaded).isCompletedExceptionally();
    assertThat(cache.size()).isZero();
    assertThat(cache.used()).isZero();

    FetcherCache.Lease held = cache.acquire(new FetcherCache.Key(Optional.empty(), "held"));
    assertThat(cache.reserve(held.entry(), 20)).isEmpty();
    FetcherCache.Lease next = cache.acquire(new FetcherCache.Key(Optional.empty(), "next"));
    assertThat(cache.reserve(next.entry(), 20)).as("the other 20 bytes are in use")
        .hasValueSatisfying(why -> assertThat(why).contains("in use"));
  }

  @Test
  void aFailedDownloadLeavesNothingAndClearEmptiesTheDirectory() throws Exception {
    FetcherCache cache = new FetcherCache(dir.resolve("slaves/S0"), 100);
    FetcherCache.Lease lease = cache.acquire(new FetcherCache.Key(Optional.empty(), "x"));
    cache.reserve(lease.entry(), 10);
    cache.failed(lease.entry(), new java.io.IOException("HTTP 500"));
    assertThat(cache.size()).isZero();
    assertThat(cache.used()).isZero();
    downloaded(cache, "y", 5);
    cache.clear();
    assertThat(cache.size()).isZero();
    assertThat(dir.resolve("slaves/S0")).doesNotExist();
  }
}
