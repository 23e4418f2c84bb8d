package io.caas.api.v1;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one resource is named on the wire: clusters and clustertemplates, or their legacy aliases bays and baymodels
 * whose fields Magnum renamed (cluster_template_id is baymodel_id there, create_timeout bay_create_timeout...).
 */
record Naming(String path, String collection, String argument, Map<String, String> renames) {
    static final Naming CLUSTERS = new Naming("clusters", "clusters", "cluster", Map.of());
    static final Naming BAYS = new Naming("bays", "bays", "bay", Map.of("cluster_template_id", "baymodel_id",
            "create_timeout", "bay_create_timeout", "faults", "bay_faults"));
    static final Naming TEMPLATES = new Naming("clustertemplates", "clustertemplates", "cluster_template", Map.of());
    static final Naming BAYMODELS = new Naming("baymodels", "baymodels", "baymodel", Map.of());

    /** Our field names to this resource's. */
    Map<String, Object> outward(Map<String, Object> fields) {
        if (renames.isEmpty()) {
            return fields;
        }
        Map<String, Object> renamed = new LinkedHashMap<>();
        fields.forEach((k, v) -> renamed.put(renames.getOrDefault(k, k), v));
        return renamed;
    }

    /** This resource's field name to ours. */
    String inward(String name) {
        for (Map.Entry<String, String> e : renames.entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        return name;
    }

    /** The public name of one of our fields. */
    String external(String name) {
        return renames.getOrDefault(name, name);
    }
}
