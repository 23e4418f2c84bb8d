package io.caas.api.v1;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.caas.api.store.Clusters;
import io.caas.api.web.Json;
import java.io.IOException;
import java.io.OutputStream;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.NodeGroup;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Cluster body type and its JSON shapes: the full one (show, detail) and the list item. */
final class ClusterFields {
    static final String NAME_PATTERN = "^[a-zA-Z][a-zA-Z0-9_.-]*$";
    static final List<String> STATUSES = Arrays.stream(io.caas.core.model.ClusterStatus.values())
            .map(Enum::name).toList();
    static final Field[] FIELDS = {
        Field.uuid("uuid"),
        Field.string("name", 1, 242, NAME_PATTERN),
        Field.text("cluster_template_id").required(),
        Field.string("keypair", 1, 255),
        Field.integer("node_count", 0, null),
        Field.integer("master_count", 1, null),
        Field.integer("docker_volume_size", 1, null),
        Field.labels("labels"),
        Field.string("master_flavor_id", 1, 255),
        Field.string("flavor_id", 1, 255),
        Field.integer("create_timeout", 0, null),
        Field.readOnly("links"),
        Field.readOnly("stack_id"),
        new Field("status", Field.Kind.ENUM, null, null, null, STATUSES, false, false),
        Field.text("status_reason"),
        Field.oneOf("health_status", "HEALTHY", "UNHEALTHY", "UNKNOWN"),
        Field.textMap("health_status_reason"),
        Field.text("discovery_url"),
        Field.readOnly("api_address"),
        Field.readOnly("coe_version"),
        Field.readOnly("container_version"),
        Field.readOnly("project_id"),
        Field.readOnly("user_id"),
        Field.readOnly("node_addresses"),
        Field.readOnly("master_addresses"),
        Field.textMap("faults"),
        Field.string("fixed_network", 1, 255),
        Field.string("fixed_subnet", 1, 255),
        Field.bool("floating_ip_enabled"),
        Field.bool("merge_labels"),
        Field.labels("labels_overridden"),
        Field.labels("labels_added"),
        Field.labels("labels_skipped"),
        Field.bool("master_lb_enabled"),
        Field.readOnly("created_at"),
        Field.readOnly("updated_at"),
    };

    private ClusterFields() {
    }

    /** The body type under this resource's field names (bays say baymodel_id where clusters say cluster_template_id). */
    static BodySchema schema(Naming naming) {
        Field[] renamed = new Field[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            Field f = FIELDS[i];
            renamed[i] = new Field(naming.external(f.name()), f.kind(), f.min(), f.max(), f.pattern(), f.values(),
                    f.mandatory(), f.readonly());
        }
        return new BodySchema(naming.argument(), renamed);
    }

    /** The cluster as Magnum's as_dict, the document a PATCH applies to. */
    static Map<String, Object> document(Cluster c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", c.uuid);
        m.put("name", c.name);
        m.put("cluster_template_id", c.clusterTemplateId);
        m.put("keypair", c.keypair);
        m.put("node_count", c.nodeCount);
        m.put("master_count", c.masterCount);
        m.put("docker_volume_size", c.dockerVolumeSize);
        m.put("labels", c.labels == null ? null : new LinkedHashMap<>(c.labels));
        m.put("master_flavor_id", c.masterFlavorId);
        m.put("flavor_id", c.flavorId);
        m.put("create_timeout", c.createTimeout);
        m.put("links", null);
        m.put("stack_id", c.stackId);
        m.put("status", c.status == null ? null : c.status.name());
        m.put("status_reason", c.statusReason);
        m.put("health_status", c.healthStatus);
        m.put("health_status_reason", c.healthStatusReason == null ? Map.of() : new LinkedHashMap<>(c.healthStatusReason));
        m.put("discovery_url", c.discoveryUrl);
        m.put("api_address", c.apiAddress);
        m.put("coe_version", c.coeVersion);
        m.put("container_version", c.containerVersion);
        m.put("project_id", c.projectId);
        m.put("user_id", c.userId);
        m.put("node_addresses", c.nodeAddresses == null ? List.of() : c.nodeAddresses);
        m.put("master_addresses", c.masterAddresses == null ? List.of() : c.masterAddresses);
        m.put("fixed_network", c.fixedNetwork);
        m.put("fixed_subnet", c.fixedSubnet);
        m.put("floating_ip_enabled", c.floatingIpEnabled);
        m.put("merge_labels", c.mergeLabels);
        m.put("labels_overridden", null);
        m.put("labels_added", null);
        m.put("labels_skipped", null);
        m.put("master_lb_enabled", c.masterLbEnabled);
        m.put("created_at", null);
        m.put("updated_at", null);
        return m;
    }

    static Map<String, Object> detail(Cluster c, Map<String, String> templateLabels, String baseUrl, Naming naming) {
        Map<String, Object> m = document(c);
        m.put("links", Views.links(baseUrl, naming.path(), c.uuid));
        m.putAll(Views.labelDiff(templateLabels, c.labels));
        m.put("created_at", Views.timestamp(c.createdAt));
        m.put("updated_at", Views.timestamp(c.updatedAt));
        return naming.outward(m);
    }

    /**
     * Magnum's faults, shown on a *_FAILED cluster: {nodegroup name: status_reason} of the failed nodegroups and
     * {node name: what failed} of the failed nodes (caas's node names are the provider's resource names, e.g. Heat's
     * group members, as Magnum names the failed stack resources).
     */
    static Map<String, String> faults(List<NodeGroup> nodegroups, List<ClusterNode> failedNodes) {
        Map<String, String> faults = new LinkedHashMap<>();
        for (NodeGroup ng : nodegroups) {
            if (ng.status != null && ng.status.endsWith("FAILED")) {
                faults.put(ng.name, ng.statusReason);
            }
        }
        for (ClusterNode node : failedNodes) {
            faults.put(node.name, node.message);
        }
        return faults;
    }

    /**
     * Writes {"<collection>": [list items], "next": ...} straight to JSON: the list is the hot path (a thousand
     * clusters per page), so it skips building a map per item.
     */
    static void writeSummaries(OutputStream out, List<Clusters.Summary> rows, String baseUrl, Naming naming,
                               String next) throws IOException {
        Href self = new Href(baseUrl + "/v1/" + naming.path() + "/");
        Href bookmark = new Href(baseUrl + "/" + naming.path() + "/");
        SerializedString templateId = new SerializedString(naming.external("cluster_template_id"));
        SerializedString createTimeout = new SerializedString(naming.external("create_timeout"));
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart(naming.collection());
            for (Clusters.Summary c : rows) {
                g.writeStartObject();
                writeString(g, ListItem.UUID, c.uuid());
                writeString(g, ListItem.NAME, c.name());
                writeString(g, templateId, c.clusterTemplateId());
                writeString(g, ListItem.KEYPAIR, c.keypair());
                writeInteger(g, ListItem.DOCKER_VOLUME_SIZE, c.dockerVolumeSize());
                g.writeFieldName(ListItem.LABELS);
                if (c.labelsJson() == null) {
                    g.writeNull();
                } else {
                    g.writeRawValue(c.labelsJson());
                }
                writeInteger(g, ListItem.NODE_COUNT, c.nodeCount());
                writeString(g, ListItem.STATUS, c.status());
                writeString(g, ListItem.MASTER_FLAVOR_ID, c.masterFlavorId());
                writeString(g, ListItem.FLAVOR_ID, c.flavorId());
                writeInteger(g, createTimeout, c.createTimeout());
                writeInteger(g, ListItem.MASTER_COUNT, c.masterCount());
                writeString(g, ListItem.STACK_ID, c.stackId());
                writeString(g, ListItem.HEALTH_STATUS, c.healthStatus());
                g.writeFieldName(ListItem.LINKS);
                g.writeStartArray();
                writeLink(g, self, c.uuid(), ListItem.SELF);
                writeLink(g, bookmark, c.uuid(), ListItem.BOOKMARK);
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            if (next != null) {
                g.writeStringField("next", next);
            }
            g.writeEndObject();
        }
    }

    /**
     * The list item's names and constant values, encoded once: a page of a thousand clusters writes twenty names
     * per item, and re-encoding them was a third of the page's JSON time.
     */
    private static final class ListItem {
        static final SerializedString UUID = new SerializedString("uuid");
        static final SerializedString NAME = new SerializedString("name");
        static final SerializedString KEYPAIR = new SerializedString("keypair");
        static final SerializedString DOCKER_VOLUME_SIZE = new SerializedString("docker_volume_size");
        static final SerializedString LABELS = new SerializedString("labels");
        static final SerializedString NODE_COUNT = new SerializedString("node_count");
        static final SerializedString STATUS = new SerializedString("status");
        static final SerializedString MASTER_FLAVOR_ID = new SerializedString("master_flavor_id");
        static final SerializedString FLAVOR_ID = new SerializedString("flavor_id");
        static final SerializedString MASTER_COUNT = new SerializedString("master_count");
        static final SerializedString STACK_ID = new SerializedString("stack_id");
        static final SerializedString HEALTH_STATUS = new SerializedString("health_status");
        static final SerializedString LINKS = new SerializedString("links");
        static final SerializedString HREF = new SerializedString("href");
        static final SerializedString REL = new SerializedString("rel");
        static final SerializedString SELF = new SerializedString("self");
        static final SerializedString BOOKMARK = new SerializedString("bookmark");
    }

    /** A link's prefix with room for the uuid after it, reused for every item instead of a new string each. */
    private static final class Href {
        private final int prefixLength;
        private char[] chars;

        Href(String prefix) {
            prefixLength = prefix.length();
            chars = new char[prefixLength + 36];
            prefix.getChars(0, prefixLength, chars, 0);
        }

        void write(JsonGenerator g, String uuid) throws IOException {
            int length = prefixLength + uuid.length();
            if (length > chars.length) {
                chars = Arrays.copyOf(chars, length);
            }
            uuid.getChars(0, uuid.length(), chars, prefixLength);
            g.writeString(chars, 0, length);
        }
    }

    private static void writeLink(JsonGenerator g, Href href, String uuid, SerializedString rel) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ListItem.HREF);
        href.write(g, uuid);
        g.writeFieldName(ListItem.REL);
        g.writeString(rel);
        g.writeEndObject();
    }

    private static void writeString(JsonGenerator g, SerializedString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    private static void writeInteger(JsonGenerator g, SerializedString name, Integer value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value);
        }
    }
}
