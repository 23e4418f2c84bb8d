package io.caas.provider.heat;

import java.time.Duration;
import java.time.Instant;

/**
 * One awaited stack operation as the conductor lived it: when caas sent it to Heat, when the watch's list call
 * showed it no longer in progress (Heat ended it somewhat earlier: the watch's lag, which the cadence keeps short),
 * and when the watch had read the finished stack with its outputs.
 */
record StackTiming(String stackId, String action, String status, Instant requested, Instant noticed, Instant seen) {
    Duration took() {
        return Duration.between(requested, seen);
    }
}
