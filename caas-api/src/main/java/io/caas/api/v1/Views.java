package io.caas.api.v1;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How timestamps and links look on the wire, as Magnum writes them. */
final class Views {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private Views() {
    }

    /** Python's isoformat of an aware UTC datetime: microseconds only when there are some. */
    static String timestamp(Instant instant) {
        if (instant == null) {
            return null;
        }
        int micros = instant.getNano() / 1_000;
        return SECONDS.format(instant) + (micros == 0 ? "" : String.format(".%06d", micros)) + "+00:00";
    }

    static List<Map<String, String>> links(String baseUrl, String resource, String id) {
        return List.of(link(baseUrl + "/v1/" + resource + "/" + id, "self"),
                link(baseUrl + "/" + resource + "/" + id, "bookmark"));
    }

    static Map<String, String> link(String href, String rel) {
        Map<String, String> link = new LinkedHashMap<>();
        link.put("href", href);
        link.put("rel", rel);
        return link;
    }

    /** The labels a child has that differ from its parent's: overridden (parent's value), added, skipped. */
    static Map<String, Map<String, String>> labelDiff(Map<String, String> parent, Map<String, String> labels) {
        Map<String, String> p = parent == null ? Map.of() : parent;
        Map<String, String> l = labels == null ? Map.of() : labels;
        Map<String, String> overridden = new LinkedHashMap<>();
        Map<String, String> added = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            if (!l.containsKey(k)) {
                skipped.put(k, v);
            }
        });
        l.forEach((k, v) -> {
            if (!p.containsKey(k)) {
                added.put(k, v);
            } else if (!p.get(k).equals(v)) {
                overridden.put(k, p.get(k));
            }
        });
        return Map.of("labels_overridden", overridden, "labels_added", added, "labels_skipped", skipped);
    }
}
