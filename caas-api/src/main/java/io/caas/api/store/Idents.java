package io.caas.api.store;

import java.util.regex.Pattern;

/** Magnum's uuidutils.is_uuid_like: a path or body identifier is a UUID when it parses as one, else a name. */
public final class Idents {
    private static final Pattern UUID_LIKE = Pattern.compile(
            "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");

    private Idents() {
    }

    public static boolean isUuid(String ident) {
        return ident != null && UUID_LIKE.matcher(ident).matches();
    }

    /** The canonical form (lower case with dashes) a UUID-like identifier is stored under. */
    public static String canonical(String uuid) {
        String hex = uuid.replace("-", "").toLowerCase(java.util.Locale.ROOT);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
