package io.caas.conductor;

import io.caas.core.model.ClusterTemplate;
import io.caas.core.spi.ClusterDriver;
import io.caas.core.spi.DriverKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/** The COE drivers on the class path, picked as Magnum picks them: by (server_type, cluster_distro, coe). */
public final class DriverRegistry {
    private final Map<DriverKey, ClusterDriver> drivers = new LinkedHashMap<>();

    public static DriverRegistry fromClassPath() {
        DriverRegistry registry = new DriverRegistry();
        ServiceLoader.load(ClusterDriver.class).forEach(registry::register);
        return registry;
    }

    public void register(ClusterDriver driver) {
        for (DriverKey key : driver.provides()) {
            ClusterDriver previous = drivers.putIfAbsent(key, driver);
            if (previous != null && previous != driver) {
                throw new IllegalStateException("Two drivers claim cluster type " + key + ": "
                        + previous.getClass().getName() + " and " + driver.getClass().getName());
            }
        }
    }

    public Optional<ClusterDriver> forTemplate(ClusterTemplate template) {
        return Optional.ofNullable(drivers.get(keyOf(template)));
    }

    public Set<DriverKey> keys() {
        return Set.copyOf(drivers.keySet());
    }

    public static DriverKey keyOf(ClusterTemplate template) {
        return new DriverKey(template.serverType, template.clusterDistro, template.coe);
    }
}
