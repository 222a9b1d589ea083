package io.kafkamesos.scheduler.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void summarisesInTheProducerPerformanceLine() {
        LatencyStats stats = new LatencyStats(10);
        for (int latency : new int[] {13, 10, 12, 11, 14, 15, 9, 8, 7, 133}) {
            stats.record(latency, 1024);
        }
        // 10 records in 142 ms.
        assertThat(stats.summary(142_000_000L)).isEqualTo("10 records sent, 70.422535 records/sec (0.07 MB/sec), "
                + "23.20 ms avg latency, 133.00 ms max latency, 12 ms 50th, 133 ms 95th, 133 ms 99th, 133 ms 99.9th.\n");
    }

    @Test
    void percentilesPickTheRankedValue() {
        int[] sorted = new int[1000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i;
        }
        assertThat(LatencyStats.percentile(sorted, 0.5)).isEqualTo(500);
        assertThat(LatencyStats.percentile(sorted, 0.999)).isEqualTo(999);
        assertThat(LatencyStats.percentile(new int[0], 0.5)).isZero();
    }

    @Test
    void anEmptyRunSaysZero() {
        assertThat(new LatencyStats(5).summary(0)).startsWith("0 records sent, 0.000000 records/sec (0.00 MB/sec)");
    }
}
