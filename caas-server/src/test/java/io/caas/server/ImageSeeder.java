package io.caas.server;

import io.caas.core.spi.Host;
import io.caas.core.spi.Provider;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local hosts pull nothing (no registry, no network out), so a service's image is `docker import`ed into each
 * engine; hosts that replace others get it as soon as their engine answers.
 */
final class ImageSeeder {
    private final Provider provider;
    private final String clusterId;
    private final Cli cli;
    private final Map<String, String> dockerEnv;
    private final Path image;
    private final String tag;
    private final Set<String> seededHosts = ConcurrentHashMap.newKeySet();

    ImageSeeder(Provider provider, String clusterId, Cli cli, Map<String, String> dockerEnv, Path image, String tag) {
        this.provider = provider;
        this.clusterId = clusterId;
        this.cli = cli;
        this.dockerEnv = dockerEnv;
        this.image = image;
        this.tag = tag;
    }

    /** Imports the image into every host that does not have it yet; hosts whose engine is not up are tried later. */
    synchronized int seedNewHosts() {
        try {
            for (Host host : provider.hosts(clusterId)) {
                if (host.address() == null || seededHosts.contains(host.id())) {
                    continue;
                }
                Map<String, String> env = new HashMap<>(dockerEnv);
                env.put("DOCKER_HOST", "tcp://" + host.address() + ":2376");
                if (cli.docker(env, "import", image.toString(), tag).exit() == 0) {
                    seededHosts.add(host.id());
                }
            }
            return seededHosts.size();
        } catch (Exception e) {
            throw new IllegalStateException("Seeding " + tag + " failed: " + e.getMessage(), e);
        }
    }
}
