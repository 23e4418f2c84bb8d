package io.caas.server.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's haproxy, run on rendered configurations: `-c` to validate, `-db` to serve in the foreground. */
final class HaproxyBinary {
    static final Path PATH = Path.of("/usr/sbin/haproxy");

    record CheckResult(int exitCode, String output) {
    }

    private HaproxyBinary() {
    }

    static CheckResult check(Path config) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(executable(), "-c", "-f", config.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("haproxy -c did not finish: " + output);
        }
        return new CheckResult(process.exitValue(), output);
    }

    static Process serve(Path config, Path log) throws IOException {
        return new ProcessBuilder(List.of(executable(), "-db", "-f", config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String executable() {
        if (!Files.isExecutable(PATH)) {
            throw new IllegalStateException(PATH + " is missing: run scripts/test.sh, or apt-get install -y haproxy");
        }
        return PATH.toString();
    }
}
