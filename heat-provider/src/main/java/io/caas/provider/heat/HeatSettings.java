package io.caas.provider.heat;

import io.caas.core.config.CaasConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The [heat] section: the Keystone v3 account caas acts as (its service user), where nodes reach caas, and how
 * often the stack watch asks Heat. {@code environment} adds a Heat environment file to every stack (with the
 * files below its directory); production leaves it unset, the tests map Nova/Neutron/Octavia/Cinder onto facades.
 */
record HeatSettings(String authUrl, String username, String password, String userDomain, String project,
                    String projectDomain, String region, String controlPlaneAddress, Duration pollInterval,
                    Optional<Path> environment) {

    static HeatSettings from(CaasConfig config) {
        return new HeatSettings(
                config.require("heat", "auth_url"),
                config.get("heat", "username", "caas"),
                config.require("heat", "password"),
                config.get("heat", "user_domain_name", "Default"),
                config.get("heat", "project_name", "service"),
                config.get("heat", "project_domain_name", "Default"),
                config.get("heat", "region_name", "RegionOne"),
                config.require("heat", "control_plane_address"),
                Duration.ofMillis(config.getInt("heat", "poll_interval_ms", 1000)),
                config.get("heat", "environment").map(Path::of));
    }
}
