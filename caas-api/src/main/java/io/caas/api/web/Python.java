package io.caas.api.web;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders values the way Python's str() does, because Magnum's error texts and its labels PATCH
 * ({@code "{'a': 'b'}"}) speak Python literals.
 */
public final class Python {
    private Python() {
    }

    public static String str(Object value) {
        if (value instanceof String s) {
            return s;
        }
        return repr(value);
    }

    public static String repr(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            return sb.append('}').toString();
        }
        if (value instanceof Collection<?> list) {
            StringBuilder sb = new StringBuilder("[");
            Iterator<?> it = list.iterator();
            while (it.hasNext()) {
                sb.append(repr(it.next()));
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            return sb.append(']').toString();
        }
        return String.valueOf(value);
    }
}
