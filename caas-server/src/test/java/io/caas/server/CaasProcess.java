package io.caas.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One `java -jar caas.jar ROLE --config FILE` OS process, its output in a log file next to the config. */
final class CaasProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private CaasProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static CaasProcess start(String name, String role, Path config, Map<String, String> environment) throws IOException {
        String jar = System.getProperty("caas.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("caas.jar not found at " + jar + ": run this test with `mvn verify` "
                    + "(failsafe sets -Dcaas.jar after the package phase built it)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = config.resolveSibling(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx384m", "-jar", jar, role, "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new CaasProcess(name, builder.start(), log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no lease released, no message acknowledged. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Its log lines that name {@code text}, e.g. what it did with one cluster. */
    List<String> linesMentioning(String text) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(line -> line.contains(text)).toList();
    }

    /** The last lines of its output, for a failure message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return name + " (" + log + "):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return name + ": no log (" + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL when the shutdown hook takes longer than a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            killHard();
        }
    }
}
