package io.caas.driver.swarmmode;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * Node names are DNS labels built from the cluster's and the nodegroup's names and an index
 * ("prod-default-worker-3"): readable in `docker node ls`, safe in a shell, stable across conductor restarts.
 */
final class NodeNames {
    private static final int CLUSTER_PART = 20;
    private static final int GROUP_PART = 30;

    private NodeNames() {
    }

    static String prefix(String clusterName, String nodegroupName) {
        return slug(clusterName, CLUSTER_PART, "cluster") + "-" + slug(nodegroupName, GROUP_PART, "group") + "-";
    }

    static String name(String prefix, int index) {
        return prefix + index;
    }

    /** The index in a name this prefix made, or empty for a name of another nodegroup. */
    static OptionalInt index(String prefix, String name) {
        if (name == null || !name.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String rest = name.substring(prefix.length());
        return rest.matches("[0-9]{1,6}") ? OptionalInt.of(Integer.parseInt(rest)) : OptionalInt.empty();
    }

    private static String slug(String text, int maxLength, String fallback) {
        String slug = (text == null ? "" : text).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        slug = slug.length() > maxLength ? slug.substring(0, maxLength) : slug;
        slug = slug.replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? fallback : slug;
    }
}
