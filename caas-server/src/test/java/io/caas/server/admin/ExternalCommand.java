package io.caas.server.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a tool the tests need (ansible-playbook, ansible-lint) and keeps everything it printed. */
final class ExternalCommand {
    record Result(int exitCode, String output) {
    }

    private ExternalCommand() {
    }

    static Result run(Path workingDirectory, List<String> command) throws IOException, InterruptedException {
        Path executable = Path.of("/usr/bin", command.get(0));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable + " is missing: run scripts/test.sh, or"
                    + " apt-get install -y ansible ansible-lint");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("ANSIBLE_NOCOLOR", "1", "NO_COLOR", "1", "ANSIBLE_FORCE_COLOR", "0"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }
}
