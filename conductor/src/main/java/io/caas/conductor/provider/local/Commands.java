package io.caas.conductor.provider.local;

import io.caas.core.spi.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a system tool with an argument vector (never through a shell) and says what failed. */
final class Commands {
    private static final long TIMEOUT_SECONDS = 60;

    private Commands() {
    }

    /** Runs the command and returns its output; throws with the command and its output when it fails. */
    static String run(List<String> command) throws ProviderException {
        Result result = execute(command);
        if (result.exitCode() != 0) {
            throw new ProviderException("'" + String.join(" ", command) + "' failed with exit code "
                    + result.exitCode() + ": " + result.output().strip());
        }
        return result.output();
    }

    static boolean succeeds(List<String> command) throws ProviderException {
        return execute(command).exitCode() == 0;
    }

    private static Result execute(List<String> command) throws ProviderException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ProviderException("'" + String.join(" ", command) + "' did not finish within "
                        + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProviderException("Cannot run '" + command.get(0) + "': " + e.getMessage()
                    + "; install it with scripts/install-local-provider-deps.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Interrupted while running '" + String.join(" ", command) + "'", e);
        }
    }

    private record Result(int exitCode, String output) {
    }
}
