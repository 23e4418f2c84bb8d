package io.caas.api.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Magnum's error envelope: {@code {"errors":[{request_id, code, status, title, detail, links}]}}, as JSON text
 * so that a filter can answer before (or without) any JSON provider being registered.
 */
public final class MagnumErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MagnumErrorBody() {
    }

    /** The title is the detail up to its first '.', as Magnum's ParsableErrorMiddleware cuts it. */
    public static String of(int status, String detail) {
        int dot = detail.indexOf('.');
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("request_id", "");
        error.put("code", status >= 500 ? "server" : "client");
        error.put("status", status);
        error.put("title", dot < 0 ? detail : detail.substring(0, dot));
        error.put("detail", detail);
        error.put("links", List.of());
        try {
            return JSON.writeValueAsString(Map.of("errors", List.of(error)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises", e);
        }
    }
}
