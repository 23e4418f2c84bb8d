package io.caas.api.web;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * What the API knows about the request being served: its id, the negotiated microversion, the public base URL for
 * links, and (resolved on first use, after any authentication filter ran) the caller.
 */
public final class Call {
    static final String PROPERTY = "caas.call";

    private final ContainerRequestContext request;
    private final CallerResolver callerResolver;
    private final String requestId;
    private final Microversion version;
    private final String baseUrl;
    private Caller caller;

    Call(ContainerRequestContext request, CallerResolver callerResolver, String requestId, Microversion version,
         String baseUrl) {
        this.request = request;
        this.callerResolver = callerResolver;
        this.requestId = requestId;
        this.version = version;
        this.baseUrl = baseUrl;
    }

    public static Call of(ContainerRequestContext request) {
        Object call = request.getProperty(PROPERTY);
        if (call instanceof Call c) {
            return c;
        }
        throw new IllegalStateException("RequestPipeline did not run for " + request.getUriInfo().getPath());
    }

    public String requestId() {
        return requestId;
    }

    public Microversion version() {
        return version;
    }

    /** scheme://host[:port] as the client reached us, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public Caller caller() {
        if (caller == null) {
            caller = callerResolver.resolve(request);
        }
        return caller;
    }

    /** Magnum answers 406 when an action exists only from a later microversion. */
    public void requireVersion(int major, int minor, String api) {
        if (!version.atLeast(major, minor)) {
            throw ApiException.notAcceptable("Version " + version + " was requested but the requested API " + api
                    + " is not supported for this version.");
        }
    }
}
