package io.caas.provider.heat;

import java.time.Duration;
import java.time.Instant;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;

/**
 * caas's Keystone v3 session as its service user. OpenStack4j binds a client to the thread that authenticated, so
 * every caller gets a client of its own over the shared token; the token is renewed a few minutes before expiry.
 */
final class HeatSession {
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
    private final HeatSettings settings;
    private Token token;

    HeatSession(HeatSettings settings) {
        this.settings = settings;
    }

    /** A client for the calling thread, in the configured region. */
    synchronized OSClientV3 client() {
        if (token == null || token.getExpires().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
            token = OSFactory.builderV3()
                    .endpoint(settings.authUrl().replaceAll("/+$", "") + "/v3")
                    .credentials(settings.username(), settings.password(), Identifier.byName(settings.userDomain()))
                    .scopeToProject(Identifier.byName(settings.project()), Identifier.byName(settings.projectDomain()))
                    .authenticate()
                    .getToken();
        }
        OSClientV3 client = OSFactory.clientFromToken(token);
        client.useRegion(settings.region());
        return client;
    }
}
