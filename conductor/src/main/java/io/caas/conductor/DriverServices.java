package io.caas.conductor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The caas-side services a conductor offers drivers through {@link io.caas.core.spi.ClusterJob#service}: each
 * registered under the interface the driver declares (its CA needs, its join-token store, its bootstrap endpoint).
 */
public final class DriverServices {
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();

    public <T> DriverServices with(Class<T> type, T service) {
        services.put(type, service);
        return this;
    }

    Map<Class<?>, Object> all() {
        return Map.copyOf(services);
    }
}
