package io.caas.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.api.web.ApiException;
import io.caas.api.web.Python;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Magnum JSON patch: a list of {op, path, value} checked as Magnum's JsonPatchType does (internal attributes,
 * mandatory ones that cannot be removed, add on an existing attribute), then applied to the resource's dict.
 */
final class JsonPatch {
    private static final Pattern PATH = Pattern.compile("^(/[\\w-]+)+$");
    private static final Set<String> OPS = Set.of("add", "replace", "remove");
    private static final List<String> INTERNAL = List.of("/created_at", "/id", "/links", "/updated_at", "/uuid",
            "/project_id", "/user_id");

    record Operation(String op, String path, Object value) {
        String attribute() {
            return path.substring(1).split("/")[0];
        }

        Map<String, Object> asPython() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path);
            m.put("op", op);
            if (value != null) {
                m.put("value", value);
            }
            return m;
        }
    }

    private final List<Operation> operations;

    private JsonPatch(List<Operation> operations) {
        this.operations = operations;
    }

    /** Reads and checks the body; {@code internal} adds the resource's own internal attributes. */
    static JsonPatch read(JsonNode body, Set<String> nonRemovable, List<String> internal) {
        if (!body.isArray()) {
            throw ApiException.badRequest("Invalid input for field/attribute patch. Value: '"
                    + Python.str(BodySchema.plain(body)) + "'. Value not a valid list: " + Python.str(BodySchema.plain(body)));
        }
        List<Operation> operations = new ArrayList<>();
        for (JsonNode item : body) {
            if (!item.isObject()) {
                throw ApiException.badRequest("Invalid input for field/attribute patch. Value: '"
                        + Python.str(BodySchema.plain(item)) + "'. Value not a valid object");
            }
            List<String> unknown = new ArrayList<>();
            item.fieldNames().forEachRemaining(n -> {
                if (!Set.of("op", "path", "value").contains(n)) {
                    unknown.add(n);
                }
            });
            if (!unknown.isEmpty()) {
                throw ApiException.badRequest((unknown.size() > 1 ? "Unknown attributes" : "Unknown attribute")
                        + " for argument patch: " + String.join(", ", unknown));
            }
            Object path = BodySchema.plain(item.get("path"));
            Object op = BodySchema.plain(item.get("op"));
            if (path == null) {
                throw ApiException.invalidInput("path", null, "Mandatory field missing.");
            }
            if (!(path instanceof String p) || !PATH.matcher(p).find()) {
                throw ApiException.invalidInput("path", path, "Value should match the pattern " + PATH.pattern());
            }
            if (op == null) {
                throw ApiException.invalidInput("op", null, "Mandatory field missing.");
            }
            if (!(op instanceof String o) || !OPS.contains(o)) {
                throw ApiException.invalidInput("op", op, "Value should be one of: add, remove, replace");
            }
            Object value = BodySchema.plain(item.get("value"));
            if (INTERNAL.contains(p) || internal.contains(p)) {
                throw ApiException.badRequest("'" + p + "' is an internal attribute and can not be updated");
            }
            if (nonRemovable.contains(p) && o.equals("remove")) {
                throw ApiException.badRequest("'" + p + "' is a mandatory attribute and can not be removed");
            }
            if (!o.equals("remove") && value == null) {
                throw ApiException.badRequest("'add' and 'replace' operations needs value");
            }
            operations.add(new Operation(o, p, value));
        }
        return new JsonPatch(operations);
    }

    /** Applies the patch to a copy of {@code document} (the resource as its API dict) and returns the copy. */
    Map<String, Object> apply(Map<String, Object> document) {
        Map<String, Object> doc = new LinkedHashMap<>(document);
        for (Operation operation : operations) {
            String[] segments = operation.path().substring(1).split("/");
            String attribute = segments[0];
            Object value = operation.value();
            if (operation.op().equals("add") && segments.length == 1) {
                if (!doc.containsKey(attribute)) {
                    throw ApiException.badRequest("Adding a new attribute " + operation.path()
                            + " to the root of the resource is not allowed.");
                }
                if (doc.get(attribute) != null) {
                    throw ApiException.badRequest("The attribute " + operation.path()
                            + " has existed, please use 'replace' operation instead.");
                }
            }
            if (operation.op().equals("replace") && segments.length == 1
                    && (attribute.equals("labels") || attribute.equals("health_status_reason"))
                    && value instanceof String literal) {
                try {
                    value = PythonLiteral.parse(literal);
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage());
                }
            }
            if (segments.length == 1) {
                applyTop(doc, operation.op(), attribute, value, true);
            } else if (segments.length == 2 && doc.get(attribute) instanceof Map<?, ?> inner) {
                Map<String, Object> copy = new LinkedHashMap<>();
                inner.forEach((k, v) -> copy.put(String.valueOf(k), v));
                applyTop(copy, operation.op(), segments[1], value, false);
                doc.put(attribute, copy);
            } else {
                throw error("can't " + operation.op() + " a non-existent object '" + segments[segments.length - 1] + "'");
            }
        }
        return doc;
    }

    private void applyTop(Map<String, Object> doc, String op, String key, Object value, boolean root) {
        switch (op) {
            case "add" -> doc.put(key, value);
            case "replace" -> {
                if (!doc.containsKey(key)) {
                    throw error("can't replace a non-existent object '" + key + "'");
                }
                doc.put(key, value);
            }
            default -> {
                if (!doc.containsKey(key)) {
                    throw error("can't remove a non-existent object '" + key + "'");
                }
                if (root) {
                    doc.put(key, null);
                } else {
                    doc.remove(key);
                }
            }
        }
    }

    private ApiException error(String reason) {
        List<Object> python = new ArrayList<>();
        operations.forEach(o -> python.add(o.asPython()));
        return ApiException.badRequest("Couldn't apply patch '" + Python.repr(python) + "'. Reason: " + reason);
    }
}
