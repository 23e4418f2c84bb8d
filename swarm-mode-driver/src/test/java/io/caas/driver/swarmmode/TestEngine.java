package io.caas.driver.swarmmode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real dockerd for a test, alone in a TestNetwork host, all its state in a temp directory, stopped by its PID. */
final class TestEngine implements AutoCloseable {
    static final int PORT = 2376;
    private final Process process;
    private final Path dir;
    final String address;

    private TestEngine(Process process, Path dir, String address) {
        this.process = process;
        this.dir = dir;
        this.address = address;
    }

    static TestEngine start(TestNetwork network, int n, Path dir, String caPem, PemCredentials server, String address,
                            List<String> labels) throws Exception {
        String dockerd = Processes.require("dockerd");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ca.pem"), caPem);
        Files.writeString(dir.resolve("server.pem"), server.certificatePem());
        Files.writeString(dir.resolve("server-key.pem"), server.privateKeyPem());
        Files.writeString(dir.resolve("daemon.json"), "{}");
        List<String> command = new ArrayList<>(List.of(dockerd, "--config-file", dir.resolve("daemon.json").toString(),
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(), "-H", "unix://" + dir.resolve("docker.sock"),
                "-H", "tcp://" + address + ":" + PORT, "--tlsverify", "--tlscacert", dir.resolve("ca.pem").toString(),
                "--tlscert", dir.resolve("server.pem").toString(), "--tlskey", dir.resolve("server-key.pem").toString(),
                "--iptables=false", "--ip-masq=false", "--bridge=none", "--storage-driver=vfs"));
        for (String label : labels) {
            command.add("--label");
            command.add(label);
        }
        Process process = new ProcessBuilder(network.enter(n, dir, "engine-" + n, command)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        return new TestEngine(process, dir, address);
    }

    /** Waits until the engine answers on its socket; fails with its log when it died or hung. */
    void awaitUp() throws Exception {
        for (int i = 0; i < 150; i++) {
            if (!process.isAlive()) {
                throw new AssertionError("dockerd exited with " + process.exitValue() + ":\n" + log());
            }
            if (Processes.run(List.of("curl", "-sf", "--unix-socket", dir.resolve("docker.sock").toString(),
                    "http://localhost/_ping")).exitCode() == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("dockerd did not answer within 30 s:\n" + log());
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("dockerd.log"));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
