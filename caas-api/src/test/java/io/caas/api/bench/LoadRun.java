package io.caas.api.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Starts {@link LoadClient} in a child JVM against a running server and collects what it printed. */
public final class LoadRun {
    private static final long TIMEOUT_SECONDS = 180;

    /** The client's printed table (or its error) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    private final String baseUrl;
    private final List<String> scenarios = new ArrayList<>();

    public LoadRun(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Adds a scenario; the first one added is the baseline. {@code bodyFile} is null for a request without a body. */
    public LoadRun scenario(String label, String method, String path, int expectedStatus, Path bodyFile) {
        scenarios.add(Scenario.argument(label, method, path, expectedStatus, bodyFile));
        return this;
    }

    public static String describe() {
        return "client: separate JVM, JDK HttpClient HTTP/1.1 keep-alive, one connection per client, closed loop; "
                + "concurrency " + Arrays.stream(LoadClient.CONCURRENCY).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ")) + "; " + Runtime.getRuntime().availableProcessors()
                + " cores shared by server, client and MariaDB";
    }

    public Result execute() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classesOf(LoadClient.class), LoadClient.class.getName(), baseUrl));
        command.addAll(scenarios);
        // to a file, not a pipe: a client that hangs must not block the reader past the timeout
        Path printed = Files.createTempFile("caas-load-client", ".txt");
        try {
            Process client = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(printed.toFile()).start();
            if (!client.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                client.destroyForcibly();
                return new Result(-1, Files.readString(printed) + "\nThe load client did not finish in "
                        + TIMEOUT_SECONDS + " s; is the server stuck? See the surefire report for its log.");
            }
            return new Result(client.exitValue(), Files.readString(printed));
        } finally {
            Files.delete(printed);
        }
    }

    private static String classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the classes of " + type.getName(), e);
        }
    }
}
