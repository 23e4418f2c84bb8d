package io.caas.conductor;

import io.caas.conductor.health.HealthSettings;
import io.caas.core.config.CaasConfig;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * [conductor] settings. {@code host} names this conductor in /v1/mservices and in cluster leases, so two
 * conductors on one machine need different names (the default adds the pid).
 */
public record ConductorSettings(String host, Duration heartbeatInterval, Duration leaseTime, Duration sweepInterval,
                                Duration republishAfter, HealthSettings health) {

    /** Settings with the default [health] check every 30 s. */
    public ConductorSettings(String host, Duration heartbeatInterval, Duration leaseTime, Duration sweepInterval,
                             Duration republishAfter) {
        this(host, heartbeatInterval, leaseTime, sweepInterval, republishAfter, new HealthSettings(Duration.ofSeconds(30), 4));
    }

    public static ConductorSettings from(CaasConfig config) {
        return new ConductorSettings(
                config.get("conductor", "host").orElseGet(ConductorSettings::defaultHost),
                Duration.ofSeconds(config.getInt("conductor", "heartbeat_interval", 10)),
                Duration.ofSeconds(config.getInt("conductor", "lease_time", 30)),
                Duration.ofSeconds(config.getInt("conductor", "sweep_interval", 10)),
                Duration.ofSeconds(config.getInt("conductor", "republish_after", 15)),
                HealthSettings.from(config));
    }

    private static String defaultHost() {
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + pid;
        } catch (UnknownHostException e) {
            return "conductor-" + pid;
        }
    }
}
