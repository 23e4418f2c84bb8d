package io.caas.api.auth;

import io.caas.core.config.CaasConfig;

import java.time.Clock;
import java.util.Locale;

/** Builds the authentication filter that {@code [api] auth_strategy} asks for. */
public final class Authentication {
    private Authentication() {
    }

    /**
     * {@code keystone} (the default) validates X-Auth-Token with the Keystone of {@code [keystone_authtoken]}
     * and starts its revocation poll; {@code noauth} makes every caller an admin (see {@link NoAuthAuthenticator}).
     */
    public static AuthenticationFilter filter(CaasConfig config) {
        String strategy = config.get("api", "auth_strategy", "keystone").toLowerCase(Locale.ROOT);
        return switch (strategy) {
            case "noauth" -> new AuthenticationFilter(new NoAuthAuthenticator());
            case "keystone" -> {
                KeystoneSettings settings = KeystoneSettings.from(config);
                KeystoneTokenValidator validator = new KeystoneTokenValidator(settings, Clock.systemUTC()).start();
                yield new AuthenticationFilter(new KeystoneAuthenticator(validator, settings.wwwAuthenticateUri()));
            }
            default -> throw new IllegalArgumentException("[api] auth_strategy must be keystone or noauth, not '"
                    + strategy + "'");
        };
    }
}
