package io.caas.api.v1;

import java.util.List;
import java.util.regex.Pattern;

/** One attribute of a request body type, with the constraints Magnum's wsme types put on it. */
record Field(String name, Kind kind, Integer min, Integer max, Pattern pattern, List<String> values,
             boolean mandatory, boolean readonly) {

    enum Kind { STRING, TEXT, INT, BOOL, ENUM, UUID, LABELS, TEXT_MAP, TEXT_LIST, DNS_LIST }

    static Field string(String name, Integer minLength, Integer maxLength) {
        return new Field(name, Kind.STRING, minLength, maxLength, null, null, false, false);
    }

    static Field string(String name, int minLength, int maxLength, String pattern) {
        return new Field(name, Kind.STRING, minLength, maxLength, Pattern.compile(pattern), null, false, false);
    }

    static Field text(String name) {
        return new Field(name, Kind.TEXT, null, null, null, null, false, false);
    }

    static Field integer(String name, Integer minimum, Integer maximum) {
        return new Field(name, Kind.INT, minimum, maximum, null, null, false, false);
    }

    static Field bool(String name) {
        return new Field(name, Kind.BOOL, null, null, null, null, false, false);
    }

    static Field oneOf(String name, String... values) {
        return new Field(name, Kind.ENUM, null, null, null, List.of(values), false, false);
    }

    static Field uuid(String name) {
        return new Field(name, Kind.UUID, null, null, null, null, false, false);
    }

    static Field labels(String name) {
        return new Field(name, Kind.LABELS, null, null, null, null, false, false);
    }

    static Field textMap(String name) {
        return new Field(name, Kind.TEXT_MAP, null, null, null, null, false, false);
    }

    static Field textList(String name) {
        return new Field(name, Kind.TEXT_LIST, null, null, null, null, false, false);
    }

    static Field dnsList(String name) {
        return new Field(name, Kind.DNS_LIST, null, null, null, null, false, false);
    }

    static Field readOnly(String name) {
        return new Field(name, Kind.TEXT, null, null, null, null, false, true);
    }

    Field required() {
        return new Field(name, kind, min, max, pattern, values, true, readonly);
    }
}
