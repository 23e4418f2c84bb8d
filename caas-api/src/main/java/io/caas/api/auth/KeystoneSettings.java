package io.caas.api.auth;

import io.caas.core.config.CaasConfig;

import java.net.URI;
import java.time.Duration;

/**
 * The {@code [keystone_authtoken]} section, named as in magnum.conf.
 *
 * @param wwwAuthenticateUri     where clients get tokens (sent in WWW-Authenticate); defaults to auth_url
 * @param authUrl                Keystone's base URL, with or without /v3
 * @param tokenCacheTime         how long a validation is reused; 0 asks Keystone on every request
 * @param revocationPollInterval how often revocation events are fetched; 0 turns polling off, so a revoked
 *                               token then stays accepted until its cached validation ages out
 * @param httpTimeout            connect and request timeout towards Keystone
 */
public record KeystoneSettings(String wwwAuthenticateUri, String authUrl, String username, String password,
                               String projectName, String userDomainName, String projectDomainName,
                               Duration tokenCacheTime, Duration revocationPollInterval, Duration httpTimeout) {
    static final String SECTION = "keystone_authtoken";

    public static KeystoneSettings from(CaasConfig config) {
        String authUrl = config.require(SECTION, "auth_url");
        return new KeystoneSettings(
                config.get(SECTION, "www_authenticate_uri", authUrl),
                authUrl,
                config.require(SECTION, "username"),
                config.require(SECTION, "password"),
                config.get(SECTION, "project_name", "service"),
                config.get(SECTION, "user_domain_name", "Default"),
                config.get(SECTION, "project_domain_name", "Default"),
                Duration.ofSeconds(nonNegative(config, "token_cache_time", 300)),
                Duration.ofSeconds(nonNegative(config, "revocation_poll_interval", 10)),
                Duration.ofSeconds(Math.max(1, nonNegative(config, "http_connect_timeout", 10))));
    }

    /** Keystone's v3 API root, whichever way auth_url was written. */
    URI identityV3() {
        String base = authUrl.replaceAll("/+$", "");
        return URI.create(base.endsWith("/v3") ? base : base + "/v3");
    }

    @Override
    public String toString() {
        return "KeystoneSettings[auth_url=" + authUrl + " username=" + username + " project_name=" + projectName
                + " token_cache_time=" + tokenCacheTime + " revocation_poll_interval=" + revocationPollInterval + "]";
    }

    private static int nonNegative(CaasConfig config, String key, int fallback) {
        int value = config.getInt(SECTION, key, fallback);
        if (value < 0) {
            throw new IllegalArgumentException("[" + SECTION + "] " + key + " must be 0 or more, not " + value);
        }
        return value;
    }
}
