package io.caas.api.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One request the load client repeats: a label for the table, the method, the path, the status that counts as a
 * success, and the body (read from a file) for a POST. On the command line it is one argument,
 * {@code label|METHOD|path|status[|bodyFile]}, so the orchestrator needs no shell quoting.
 */
record Scenario(String label, String method, String path, int expectedStatus, byte[] body) {

    static Scenario parse(String argument) throws IOException {
        String[] parts = argument.split("\\|", -1);
        if (parts.length != 4 && parts.length != 5) {
            throw new IllegalArgumentException("A scenario is label|METHOD|path|status[|bodyFile], not: " + argument);
        }
        byte[] body = parts.length == 5 ? Files.readAllBytes(Path.of(parts[4])) : null;
        return new Scenario(parts[0], parts[1], parts[2], Integer.parseInt(parts[3]), body);
    }

    static String argument(String label, String method, String path, int expectedStatus, Path bodyFile) {
        return String.join("|", label, method, path, Integer.toString(expectedStatus))
                + (bodyFile == null ? "" : "|" + bodyFile);
    }
}
