package io.caas.api.auth;

import io.caas.api.node.NodeBootstrapResource;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.glassfish.grizzly.http.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code auth_strategy = noauth} every caller is an admin, yet {@code caas dev} must listen where its
 * network-namespace hosts reach it. So when noauth listens beyond loopback, tenant calls are taken from loopback
 * clients only; node bootstrap calls stay open, as their bearer tokens authenticate them.
 */
@Priority(Priorities.AUTHENTICATION - 10)
public final class LoopbackOnlyFilter implements ContainerRequestFilter {
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackOnlyFilter.class);

    @Inject
    private Provider<Request> connection;

    /** Whether an API listening on {@code listenHost} without authentication must guard its tenant calls. */
    public static boolean needed(String listenHost) {
        try {
            return !InetAddress.getByName(listenHost).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return true;
        }
    }

    /** Whether a call from {@code remoteAddress} to {@code path} may go on. */
    static boolean admits(String remoteAddress, String path) {
        if (NodeBootstrapResource.serves(path) || AuthenticationFilter.isPublic(path)) {
            return true;
        }
        try {
            return remoteAddress != null && InetAddress.getByName(remoteAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String remote = connection.get().getRemoteAddr();
        String path = request.getUriInfo().getPath();
        if (!admits(remote, path)) {
            LOG.warn("event=noauth_remote_refused remote={} path=/{}", remote, path.replaceFirst("^/", ""));
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(MagnumErrorBody.of(401, "The request you have made requires authentication. This caas "
                            + "runs without authentication (auth_strategy = noauth) and serves tenant calls from "
                            + "loopback only; call it from its own host or configure Keystone."))
                    .build());
        }
    }
}
