package io.caas.core.trust;

import io.caas.core.config.CaasConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code [trust]} section, named as in magnum.conf: the domain caas makes one trustee user per cluster in, the
 * admin of that domain (who makes and deletes those users), and which roles the trusts delegate (empty: all of the
 * caller's roles on the project). Keystone is {@code [trust] auth_url}, else {@code [keystone_authtoken] auth_url}.
 */
public record TrustSettings(URI identityV3, String trusteeDomainName, String domainAdminName,
                            String domainAdminPassword, String domainAdminDomainName, List<String> roles,
                            Duration httpTimeout) {
    static final String SECTION = "trust";

    /** The settings when {@code [trust] trustee_domain_name} is set, else empty (no trusts configured). */
    public static Optional<TrustSettings> from(CaasConfig config) {
        Optional<String> domain = config.get(SECTION, "trustee_domain_name");
        if (domain.isEmpty()) {
            return Optional.empty();
        }
        String authUrl = config.get(SECTION, "auth_url").or(() -> config.get("keystone_authtoken", "auth_url"))
                .orElseThrow(() -> new IllegalArgumentException("[trust] trustee_domain_name is set but neither [trust]"
                        + " auth_url nor [keystone_authtoken] auth_url says where Keystone is; set one of them"));
        String base = authUrl.replaceAll("/+$", "");
        return Optional.of(new TrustSettings(URI.create(base.endsWith("/v3") ? base : base + "/v3"), domain.get(),
                require(config, "trustee_domain_admin_name"), require(config, "trustee_domain_admin_password"),
                config.get(SECTION, "trustee_domain_admin_domain_name", domain.get()),
                Arrays.stream(config.get(SECTION, "roles", "").split(",")).map(String::strip)
                        .filter(r -> !r.isEmpty()).toList(),
                Duration.ofSeconds(Math.max(1, config.getInt(SECTION, "http_timeout", 10)))));
    }

    private static String require(CaasConfig config, String key) {
        return config.get(SECTION, key).orElseThrow(() -> new IllegalArgumentException("[trust] trustee_domain_name is"
                + " set, so [trust] " + key + " is needed too (see etc/caas.conf.sample)"));
    }

    @Override
    public String toString() {
        return "TrustSettings[auth_url=" + identityV3 + " trustee_domain_name=" + trusteeDomainName
                + " trustee_domain_admin_name=" + domainAdminName + " roles=" + roles + "]";
    }
}
