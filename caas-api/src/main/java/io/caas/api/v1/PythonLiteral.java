package io.caas.api.v1;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Python literal as ast.literal_eval does for the shapes clients send: the CLI replaces /labels with a string
 * like {@code "{'a': 'b', 'n': 1}"}. Dicts, lists, strings, numbers, True/False/None; nothing is ever evaluated.
 */
final class PythonLiteral {
    private final String text;
    private int pos;

    private PythonLiteral(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        PythonLiteral parser = new PythonLiteral(text);
        parser.skipSpace();
        Object value = parser.value();
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.malformed();
        }
        return value;
    }

    private Object value() {
        if (pos >= text.length()) {
            throw malformed();
        }
        char c = text.charAt(pos);
        if (c == '{') {
            return dict();
        }
        if (c == '[') {
            return list();
        }
        if (c == '\'' || c == '"') {
            return string();
        }
        if (text.startsWith("True", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("False", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        if (text.startsWith("None", pos)) {
            pos += 4;
            return null;
        }
        return number();
    }

    private Map<String, Object> dict() {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipSpace();
        while (peek() != '}') {
            Object key = value();
            skipSpace();
            expect(':');
            skipSpace();
            map.put(String.valueOf(key), value());
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != '}') {
                throw malformed();
            }
        }
        pos++;
        return map;
    }

    private List<Object> list() {
        List<Object> list = new ArrayList<>();
        pos++;
        skipSpace();
        while (peek() != ']') {
            list.add(value());
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != ']') {
                throw malformed();
            }
        }
        pos++;
        return list;
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != quote) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                char escaped = text.charAt(pos++);
                sb.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> escaped;
                });
            } else {
                sb.append(c);
            }
        }
        if (pos >= text.length()) {
            throw malformed();
        }
        pos++;
        return sb.toString();
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String token = text.substring(start, pos);
        try {
            if (token.matches("[+-]?\\d+")) {
                return Long.parseLong(token);
            }
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw malformed();
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw malformed();
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw malformed();
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException malformed() {
        return new IllegalArgumentException("malformed node or string: " + text);
    }
}
