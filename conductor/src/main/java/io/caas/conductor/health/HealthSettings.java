package io.caas.conductor.health;

import io.caas.core.config.CaasConfig;
import io.caas.core.pki.DurationText;
import java.time.Duration;

/**
 * [health] settings: how often each cluster is checked ({@code interval}, 30s) and how many checks one conductor
 * runs at once ({@code workers}, 4). A check of a cluster with dead hosts waits out connect timeouts, so workers
 * keep one slow cluster from delaying the others.
 */
public record HealthSettings(Duration interval, int workers) {
    public HealthSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("[health] interval must be positive, not " + interval);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("[health] workers must be at least 1, not " + workers);
        }
    }

    public static HealthSettings from(CaasConfig config) {
        return new HealthSettings(DurationText.parse(config.get("health", "interval", "30s")),
                config.getInt("health", "workers", 4));
    }

    /** How often a conductor looks for clusters due: often enough that a check is at most a quarter late. */
    public Duration tick() {
        Duration quarter = interval.dividedBy(4);
        Duration floor = Duration.ofMillis(250);
        Duration ceiling = Duration.ofSeconds(5);
        return quarter.compareTo(floor) < 0 ? floor : quarter.compareTo(ceiling) > 0 ? ceiling : quarter;
    }
}
