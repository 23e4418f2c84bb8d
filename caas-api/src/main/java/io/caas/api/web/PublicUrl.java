package io.caas.api.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;

/**
 * The base URL links and Location headers carry: [api] public_url when set, else what the client used, honouring
 * the X-Forwarded-Proto / X-Forwarded-Host headers HAProxy adds in front of several API processes.
 */
public final class PublicUrl {
    private final String configured;

    public PublicUrl(String configured) {
        this.configured = configured == null || configured.isBlank() ? null : stripSlash(configured.trim());
    }

    public String of(ContainerRequestContext request) {
        if (configured != null) {
            return configured;
        }
        URI base = request.getUriInfo().getBaseUri();
        String proto = firstValue(request.getHeaderString("X-Forwarded-Proto"));
        String host = firstValue(request.getHeaderString("X-Forwarded-Host"));
        if (host == null) {
            host = firstValue(request.getHeaderString("Host"));
        }
        if (host == null) {
            host = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
        }
        return (proto == null ? base.getScheme() : proto) + "://" + host;
    }

    private static String firstValue(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        return header.split(",")[0].trim();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
