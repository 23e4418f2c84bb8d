package io.caas.api.v1;

import io.caas.api.store.Idents;
import io.caas.api.store.Page;
import io.caas.api.web.ApiException;
import io.caas.api.web.Python;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Query arguments: only the ones an endpoint takes (else 400), and Magnum's paging arguments. */
final class Listing {
    static final Set<String> PAGING = Set.of("marker", "limit", "sort_key", "sort_dir");

    private Listing() {
    }

    /** Rejects any query argument not in {@code allowed}, with wsme's text. */
    static void allowOnly(ContainerRequestContext request, Set<String> allowed) {
        List<String> unknown = new ArrayList<>();
        for (String name : request.getUriInfo().getQueryParameters().keySet()) {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("Unknown argument: \"" + String.join(", ", unknown) + "\"");
        }
    }

    static String query(ContainerRequestContext request, String name) {
        return request.getUriInfo().getQueryParameters().getFirst(name);
    }

    /** The page asked for; the marker is returned unresolved (a uuid the caller looks up in its own scope). */
    static Page page(ContainerRequestContext request, int maxLimit, boolean uuidMarker) {
        MultivaluedMap<String, String> q = request.getUriInfo().getQueryParameters();
        int limit = maxLimit;
        String rawLimit = q.getFirst("limit");
        if (rawLimit != null) {
            int asked;
            try {
                asked = Integer.parseInt(rawLimit.strip());
            } catch (NumberFormatException e) {
                throw ApiException.invalidInput("limit", rawLimit,
                        "invalid literal for int() with base 10: " + Python.repr(rawLimit));
            }
            if (asked <= 0) {
                throw ApiException.badRequest("Limit must be positive");
            }
            limit = Math.min(asked, maxLimit);
        }
        String sortDir = q.getFirst("sort_dir") == null ? "asc" : q.getFirst("sort_dir");
        if (!sortDir.equals("asc") && !sortDir.equals("desc")) {
            throw ApiException.badRequest("Invalid sort direction: " + sortDir + ". Acceptable values are 'asc' or 'desc'");
        }
        String sortKey = q.getFirst("sort_key") == null ? "id" : q.getFirst("sort_key");
        String marker = q.getFirst("marker");
        if (marker != null && uuidMarker && !Idents.isUuid(marker)) {
            throw ApiException.badRequest("Expected a uuid but received " + marker + ".");
        }
        return new Page(limit, sortKey, sortDir, null, null);
    }

    static String marker(ContainerRequestContext request) {
        String marker = query(request, "marker");
        return marker == null ? null : Idents.isUuid(marker) ? Idents.canonical(marker) : marker;
    }

    /** The next-page link when the page is full, else null. */
    static String next(int count, Page page, String baseUrl, String resourceUrl, String lastMarker) {
        if (count == 0 || count != page.limit()) {
            return null;
        }
        return baseUrl + "/v1/" + resourceUrl + "?sort_key=" + page.sortKey() + "&sort_dir=" + page.sortDir()
                + "&limit=" + page.limit() + "&marker=" + lastMarker;
    }

    /** {"<key>": items, "next": link when the page is full}. */
    static Map<String, Object> collection(String key, List<Map<String, Object>> items, Page page, String baseUrl,
                                          String resourceUrl, String lastMarker) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, items);
        String next = next(items.size(), page, baseUrl, resourceUrl, lastMarker);
        if (next != null) {
            body.put("next", next);
        }
        return body;
    }
}
