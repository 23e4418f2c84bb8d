package io.caas.provider.heat;

import java.time.Duration;
import java.time.Instant;

/**
 * One awaited stack operation as the conductor lived it: when caas sent it to Heat, and when the stack watch saw it
 * end (Heat itself ended it somewhat earlier; how much earlier is the watch's lag, which the cadence keeps short).
 */
record StackTiming(String stackId, String action, String status, Instant requested, Instant seen) {
    Duration took() {
        return Duration.between(requested, seen);
    }
}
