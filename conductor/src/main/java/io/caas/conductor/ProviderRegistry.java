package io.caas.conductor;

import io.caas.core.config.CaasConfig;
import io.caas.core.secrets.ClusterSecrets;
import io.caas.core.spi.Provider;
import io.caas.core.spi.ProviderFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The providers named in [providers] enabled (default: local), built once per process. A cluster runs on
 * the provider its template names in the {@code provider} label, or on [providers] default.
 */
public final class ProviderRegistry {
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final String defaultProvider;

    public ProviderRegistry(String defaultProvider) {
        this.defaultProvider = defaultProvider;
    }

    /** Providers for what needs no cluster's secrets: the API's catalogues, benchmarks. */
    public static ProviderRegistry fromConfig(CaasConfig config) {
        return fromConfig(config, null);
    }

    /** Providers that run cluster operations, reading what the API sealed per cluster in {@code secrets}. */
    public static ProviderRegistry fromConfig(CaasConfig config, ClusterSecrets secrets) {
        String enabled = config.get("providers", "enabled", "local");
        ProviderRegistry registry = new ProviderRegistry(config.get("providers", "default",
                enabled.split(",")[0].strip()));
        Map<String, ProviderFactory> factories = new LinkedHashMap<>();
        ServiceLoader.load(ProviderFactory.class).forEach(f -> factories.put(f.name(), f));
        for (String name : Arrays.stream(enabled.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            ProviderFactory factory = factories.get(name);
            if (factory == null) {
                throw new IllegalArgumentException("[providers] enabled names '" + name + "', but this build has only "
                        + factories.keySet() + ". Remove it or install the provider.");
            }
            registry.register(secrets == null ? factory.create(config) : factory.create(config, secrets));
        }
        return registry;
    }

    public void register(Provider provider) {
        providers.put(provider.name(), provider);
    }

    public Optional<Provider> named(String name) {
        return Optional.ofNullable(providers.get(name == null ? defaultProvider : name));
    }

    public String defaultName() {
        return defaultProvider;
    }

    public Map<String, Provider> all() {
        return Map.copyOf(providers);
    }
}
