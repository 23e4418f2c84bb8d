package io.caas.driver.swarmmode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end for a test and returns what it printed; fails the test when it hangs. */
final class Processes {
    record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private Processes() {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, null);
    }

    static Result run(List<String> command, Path workDir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        var stderr = process.getErrorStream();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Command did not finish within 60 s: " + command);
        }
        return new Result(process.exitValue(), out, err);
    }

    static String require(String tool) throws IOException, InterruptedException {
        Result which = run(List.of("sh", "-c", "command -v \"$1\"", "sh", tool));
        if (which.exitCode() != 0) {
            throw new AssertionError(tool + " is not installed; run scripts/install-local-provider-deps.sh"
                    + " (Debian packages docker.io and shellcheck) and rerun the tests");
        }
        return which.out().strip();
    }
}
