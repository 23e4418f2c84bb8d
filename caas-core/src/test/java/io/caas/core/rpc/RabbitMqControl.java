package io.caas.core.rpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Makes the local RabbitMQ drop chosen client connections, as a broker restart or a network cut would, while
 * every other connection on the shared broker stays up. */
final class RabbitMqControl {
    private RabbitMqControl() {
    }

    /** @return how many connections were closed */
    static int closeConnectionsNamed(String connectionName) throws IOException, InterruptedException {
        String marker = "{\"connection_name\",\"" + connectionName + "\"}";
        List<String> pids = new ArrayList<>();
        for (String line : run("list_connections", "-q", "-s", "pid", "client_properties").split("\n")) {
            if (line.contains(marker)) {
                pids.add(line.substring(0, line.indexOf('\t')));
            }
        }
        for (String pid : pids) {
            run("close_connection", pid, "caas test: simulated broker failure");
        }
        return pids.size();
    }

    private static String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("rabbitmqctl " + String.join(" ", arguments) + " failed: " + output);
        }
        return output;
    }
}
