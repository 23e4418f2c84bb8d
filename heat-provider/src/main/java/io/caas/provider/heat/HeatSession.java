package io.caas.provider.heat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;

/**
 * One Keystone v3 identity the provider acts as towards Heat: caas's service user in its own project, or a
 * cluster's trustee scoped to its trust (the tenant's project, see {@link TrustSessions}). OpenStack4j binds a
 * client to the thread that authenticated, so every caller gets a client of its own over the shared token; the
 * token is renewed a few minutes before expiry.
 */
final class HeatSession {
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
    private final String region;
    private final Supplier<Token> login;
    private Token token;

    HeatSession(String region, Supplier<Token> login) {
        this.region = region;
        this.login = login;
    }

    /** caas's service user of the [heat] section, scoped to its own project. */
    static HeatSession serviceUser(HeatSettings settings) {
        return new HeatSession(settings.region(), () -> OSFactory.builderV3()
                .endpoint(settings.authUrl().replaceAll("/+$", "") + "/v3")
                .credentials(settings.username(), settings.password(), Identifier.byName(settings.userDomain()))
                .scopeToProject(Identifier.byName(settings.project()), Identifier.byName(settings.projectDomain()))
                .authenticate()
                .getToken());
    }

    /**
     * A client for the calling thread, in the configured region.
     *
     * @throws SessionRefused when Keystone refuses this identity a token
     */
    OSClientV3 client() {
        OSClientV3 client = OSFactory.clientFromToken(currentToken());
        client.useRegion(region);
        return client;
    }

    /** The project this session's stacks live in. */
    String projectId() {
        return currentToken().getProject().getId();
    }

    private synchronized Token currentToken() {
        if (token == null || token.getExpires().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
            token = login.get();
        }
        return token;
    }

    /** Keystone refused a session's login; the message says why and what to do. */
    static final class SessionRefused extends RuntimeException {
        SessionRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
