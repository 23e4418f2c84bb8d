package io.caas.api.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs one step of a test-peer script in scripts/ (keystone-peer.sh, heat-peer.sh); a failed step fails the test. */
final class PeerScript {
    private PeerScript() {
    }

    static void run(String scriptName, String step) throws IOException, InterruptedException {
        Path script = find(scriptName);
        Path log = Files.createTempFile(scriptName.replace(".sh", "-") + step, ".log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(script.toString(), step)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " " + step + " did not finish in 20 minutes; see " + log);
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(script + " " + step + " failed (exit " + process.exitValue()
                    + "); output:\n" + output);
        }
        System.out.printf("%s %s took %d ms%n%s%n", scriptName, step,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), output);
    }

    private static Path find(String scriptName) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts").resolve(scriptName);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("scripts/" + scriptName + " not found above " + Path.of("").toAbsolutePath());
    }
}
