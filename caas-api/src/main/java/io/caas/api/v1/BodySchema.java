package io.caas.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.caas.api.web.ApiException;
import io.caas.api.web.Python;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A request body type: which attributes it has and how each is checked, with wsme's error texts. Reading a body
 * gives the attributes that were present and not null, converted to String, Integer, Boolean, a label map or a list.
 */
final class BodySchema {
    private static final Set<String> TRUE = Set.of("1", "t", "true", "on", "y", "yes");
    private static final Set<String> FALSE = Set.of("0", "f", "false", "off", "n", "no");
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");
    private static final Pattern IPV4 = Pattern.compile("^((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)$");

    private final String argument;
    private final Map<String, Field> fields = new LinkedHashMap<>();

    BodySchema(String argument, Field... fields) {
        this.argument = argument;
        for (Field field : fields) {
            this.fields.put(field.name(), field);
        }
    }

    /** Checks a whole JSON object body, as a POST sends it. */
    Map<String, Object> read(JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest("Invalid input for field/attribute " + argument + ". Value: '"
                    + Python.str(plain(body)) + "'. Value not a valid object");
        }
        Set<String> unknown = new TreeSet<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!fields.containsKey(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest((unknown.size() > 1 ? "Unknown attributes" : "Unknown attribute")
                    + " for argument " + argument + ": " + String.join(", ", unknown));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : fields.values()) {
            JsonNode node = body.get(field.name());
            if (node == null || node.isNull()) {
                if (field.mandatory()) {
                    throw ApiException.invalidInput(field.name(), null, "Mandatory field missing.");
                }
                continue;
            }
            if (field.readonly()) {
                throw ApiException.invalidInput(field.name(), plain(node), "Cannot set read only field.");
            }
            values.put(field.name(), convert(field, plain(node)));
        }
        return values;
    }

    /** Checks one patched value; null stays null and read-only attributes (internal to patches) pass through. */
    Object check(String name, Object value) {
        Field field = fields.get(name);
        if (field == null || value == null || field.readonly()) {
            return value;
        }
        return convert(field, value);
    }

    private static Object convert(Field field, Object value) {
        return switch (field.kind()) {
            case STRING -> checkString(field, value);
            case TEXT -> {
                if (!(value instanceof String)) {
                    throw ApiException.invalidInput(field.name(), value,
                            "Wrong type. Expected '<class 'str'>', got '" + pythonType(value) + "'");
                }
                yield value;
            }
            case INT -> checkInt(field, value);
            case BOOL -> toBoolean(value);
            case ENUM -> {
                if (!(value instanceof String s) || !field.values().contains(s)) {
                    throw ApiException.invalidInput(field.name(), value,
                            "Value should be one of: " + String.join(", ", new TreeSet<>(field.values())));
                }
                yield s;
            }
            case UUID -> {
                if (!(value instanceof String s) || !UUID.matcher(s).matches()) {
                    throw ApiException.badRequest("Expected a uuid but received " + Python.str(value) + ".");
                }
                yield s;
            }
            case LABELS -> labels(field, value);
            case TEXT_MAP -> textMap(field, value);
            case TEXT_LIST -> textList(field, value);
            case DNS_LIST -> dnsList(field, value);
        };
    }

    private static String checkString(Field field, Object value) {
        if (!(value instanceof String s)) {
            throw ApiException.invalidInput(field.name(), value, "Value should be string");
        }
        if (field.min() != null && s.length() < field.min()) {
            throw ApiException.invalidInput(field.name(), s, "Value should have a minimum character requirement of " + field.min());
        }
        if (field.max() != null && s.length() > field.max()) {
            throw ApiException.invalidInput(field.name(), s, "Value should have a maximum character requirement of " + field.max());
        }
        if (field.pattern() != null && !field.pattern().matcher(s).find()) {
            throw ApiException.invalidInput(field.name(), s, "Value should match the pattern " + field.pattern().pattern());
        }
        return s;
    }

    private static Integer checkInt(Field field, Object value) {
        int number;
        if (value instanceof Boolean b) {
            number = b ? 1 : 0;
        } else if (value instanceof Number n) {
            if (n.doubleValue() > Integer.MAX_VALUE || n.doubleValue() < Integer.MIN_VALUE) {
                throw ApiException.invalidInput(field.name(), value, n.doubleValue() > 0
                        ? "Value should be lower or equal to " + Integer.MAX_VALUE
                        : "Value should be greater or equal to " + Integer.MIN_VALUE);
            }
            number = n.intValue();
        } else if (value instanceof String s && s.strip().matches("[+-]?\\d{1,9}")) {
            number = Integer.parseInt(s.strip());
        } else {
            throw ApiException.invalidInput(field.name(), value,
                    "invalid literal for int() with base 10: " + Python.repr(Python.str(value)));
        }
        if (field.min() != null && number < field.min()) {
            throw ApiException.invalidInput(field.name(), number, "Value should be greater or equal to " + field.min());
        }
        if (field.max() != null && number > field.max()) {
            throw ApiException.invalidInput(field.name(), number, "Value should be lower or equal to " + field.max());
        }
        return number;
    }

    static Boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String s = Python.str(value).strip().toLowerCase(Locale.ROOT);
        if (TRUE.contains(s)) {
            return true;
        }
        if (FALSE.contains(s)) {
            return false;
        }
        throw ApiException.badRequest("Unrecognized value '" + Python.str(value) + "', acceptable values are: "
                + "'0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'");
    }

    private static Map<String, String> labels(Field field, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw ApiException.invalidInput(field.name(), value, "Value not a valid dict: " + Python.str(value));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map || v instanceof List || v == null) {
                throw ApiException.invalidInput(field.name(), value, "Wrong type. Expected '<class 'str'> | <class 'int'>"
                        + " | <class 'bool'> | <class 'float'>', got '" + pythonType(v) + "'");
            }
            labels.put(String.valueOf(e.getKey()), Python.str(v));
        }
        return labels;
    }

    private static Map<String, String> textMap(Field field, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw ApiException.invalidInput(field.name(), value, "Value not a valid dict: " + Python.str(value));
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw ApiException.invalidInput(field.name(), value,
                        "Wrong type. Expected '<class 'str'>', got '" + pythonType(e.getValue()) + "'");
            }
            result.put(String.valueOf(e.getKey()), s);
        }
        return result;
    }

    private static List<String> textList(Field field, Object value) {
        if (!(value instanceof List<?> list)) {
            throw ApiException.invalidInput(field.name(), value, "Value not a valid list: " + Python.str(value));
        }
        List<String> result = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw ApiException.invalidInput(field.name(), value,
                        "Wrong type. Expected '<class 'str'>', got '" + pythonType(item) + "'");
            }
            result.add(s);
        }
        return result;
    }

    private static String dnsList(Field field, Object value) {
        if (!(value instanceof String s)) {
            throw ApiException.invalidInput(field.name(), value, "Value should be string");
        }
        for (String address : s.split(",")) {
            if (!IPV4.matcher(address.strip()).matches()) {
                throw ApiException.badRequest("Expected a single dns address or comma separated dns list, but received "
                        + s + ".");
            }
        }
        return s;
    }

    /** A JSON node as plain Java: String, Long/BigDecimal, Boolean, LinkedHashMap, ArrayList or null. */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.getNodeType() == JsonNodeType.STRING) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            BigDecimal decimal = node.decimalValue();
            return decimal.doubleValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), plain(e.getValue()));
        }
        return map;
    }

    private static String pythonType(Object value) {
        if (value == null) {
            return "<class 'NoneType'>";
        }
        if (value instanceof String) {
            return "<class 'str'>";
        }
        if (value instanceof Boolean) {
            return "<class 'bool'>";
        }
        if (value instanceof Long || value instanceof Integer || value instanceof java.math.BigInteger) {
            return "<class 'int'>";
        }
        if (value instanceof Number) {
            return "<class 'float'>";
        }
        if (value instanceof Map) {
            return "<class 'dict'>";
        }
        return "<class 'list'>";
    }
}
