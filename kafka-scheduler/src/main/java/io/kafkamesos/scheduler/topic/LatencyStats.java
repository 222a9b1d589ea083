package io.kafkamesos.scheduler.topic;

import java.util.Arrays;
import java.util.Locale;

/**
 * The figures of one producer test, summarised in the line Kafka's producer performance tool
 * prints (which the seed API answered): rate, throughput, average, maximum and percentiles.
 * Thread-safe: the producer's I/O thread records, the request thread summarises.
 */
public final class LatencyStats {

    private final int[] latenciesMs;
    private int count;
    private long bytes;
    private long totalLatencyMs;
    private int maxLatencyMs;

    public LatencyStats(int expectedRecords) {
        this.latenciesMs = new int[expectedRecords];
    }

    public synchronized void record(int latencyMs, int recordBytes) {
        if (count < latenciesMs.length) {
            latenciesMs[count] = latencyMs;
        }
        count++;
        bytes += recordBytes;
        totalLatencyMs += latencyMs;
        maxLatencyMs = Math.max(maxLatencyMs, latencyMs);
    }

    public synchronized int count() {
        return count;
    }

    /** The summary line, with its trailing newline, for a run that took {@code elapsedNanos}. */
    public synchronized String summary(long elapsedNanos) {
        double seconds = Math.max(elapsedNanos, 1) / 1e9;
        double recordsPerSec = count / seconds;
        double mbPerSec = bytes / seconds / (1024.0 * 1024.0);
        double avg = count == 0 ? 0.0 : (double) totalLatencyMs / count;
        int[] sorted = Arrays.copyOf(latenciesMs, Math.min(count, latenciesMs.length));
        Arrays.sort(sorted);
        return String.format(Locale.ROOT,
                "%d records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                        + "%d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.\n",
                count, recordsPerSec, mbPerSec, avg, (double) maxLatencyMs,
                percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99),
                percentile(sorted, 0.999));
    }

    static int percentile(int[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }
}
