package io.caas.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * caas configuration: one INI file in magnum.conf's spirit. Any key can be overridden by an environment
 * variable named CAAS_&lt;SECTION&gt;__&lt;KEY&gt; (upper case, double underscore between section and key), so a
 * container or a test can change one value without writing a file.
 */
public final class CaasConfig {
    private final Map<String, Map<String, String>> sections;
    private final Map<String, String> environment;

    private CaasConfig(Map<String, Map<String, String>> sections, Map<String, String> environment) {
        this.sections = sections;
        this.environment = environment;
    }

    public static CaasConfig load(Path file) {
        try {
            return parse(Files.readString(file), System.getenv());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    public static CaasConfig empty() {
        return parse("", System.getenv());
    }

    public static CaasConfig parse(String text, Map<String, String> environment) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        String section = "DEFAULT";
        int lineNumber = 0;
        for (String raw : text.split("\\R")) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                sections.computeIfAbsent(section, s -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Configuration line " + lineNumber
                        + " is neither [section] nor key = value: " + line);
            }
            sections.computeIfAbsent(section, s -> new LinkedHashMap<>())
                    .put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return new CaasConfig(sections, Map.copyOf(environment));
    }

    /** A copy with one value set, as if the file had it; for tests and for the embedded default. */
    public CaasConfig with(String section, String key, String value) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        sections.forEach((s, kv) -> copy.put(s, new LinkedHashMap<>(kv)));
        copy.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, value);
        return new CaasConfig(copy, environment);
    }

    /** A copy with a value set only where neither the file nor the environment has one. */
    public CaasConfig withDefault(String section, String key, String value) {
        return get(section, key).isPresent() ? this : with(section, key, value);
    }

    public Optional<String> get(String section, String key) {
        String fromEnv = environment.get(envName(section, key));
        if (fromEnv != null) {
            return Optional.of(fromEnv);
        }
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key));
    }

    public String get(String section, String key, String fallback) {
        return get(section, key).orElse(fallback);
    }

    public int getInt(String section, String key, int fallback) {
        return get(section, key).map(v -> parseNumber(section, key, v)).orElse(fallback);
    }

    public boolean getBoolean(String section, String key, boolean fallback) {
        return get(section, key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(
                    "[" + section + "] " + key + " must be true or false, not '" + v + "'");
        }).orElse(fallback);
    }

    public String require(String section, String key) {
        return get(section, key).orElseThrow(() -> new IllegalArgumentException(
                "Missing configuration [" + section + "] " + key + " (or environment variable "
                        + envName(section, key) + ")"));
    }

    public static String envName(String section, String key) {
        return ("CAAS_" + section + "__" + key).toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    private static int parseNumber(String section, String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + section + "] " + key + " must be a whole number, not '" + value + "'");
        }
    }
}
