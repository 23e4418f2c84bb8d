package io.caas.api.bench;

import java.util.Arrays;

/** What one scenario at one concurrency measured: the latencies of every successful request and the wall time. */
record Measurement(Scenario scenario, int clients, long[] latencyNanos, long elapsedNanos, long responseBytes) {

    Measurement {
        latencyNanos = latencyNanos.clone();
        Arrays.sort(latencyNanos);
    }

    int requests() {
        return latencyNanos.length;
    }

    double throughputPerSecond() {
        return requests() / (elapsedNanos / 1e9);
    }

    /** Nearest-rank percentile in milliseconds: the smallest latency that {@code percent}% of requests did not exceed. */
    double percentileMillis(double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * requests());
        return latencyNanos[Math.max(rank, 1) - 1] / 1e6;
    }
}
