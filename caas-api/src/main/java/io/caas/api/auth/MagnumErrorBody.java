package io.caas.api.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Magnum's error envelope: {@code {"errors":[{request_id, code, status, title, detail, links}]}}. */
public final class MagnumErrorBody {
    private MagnumErrorBody() {
    }

    /** The title is the detail up to its first '.', as Magnum's ParsableErrorMiddleware cuts it. */
    public static Map<String, Object> of(int status, String detail) {
        int dot = detail.indexOf('.');
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("request_id", "");
        error.put("code", status >= 500 ? "server" : "client");
        error.put("status", status);
        error.put("title", dot < 0 ? detail : detail.substring(0, dot));
        error.put("detail", detail);
        error.put("links", List.of());
        return Map.of("errors", List.of(error));
    }
}
