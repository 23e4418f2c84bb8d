package io.caas.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A virtual host of its own on the real RabbitMQ at 127.0.0.1:5672, for guest: the conductor queue's name is fixed
 * (caas.conductor), so a test's operations must not land where another test's or a real conductor consumes.
 * Deleted, with whatever is still queued in it, on close.
 */
final class RabbitVhost implements AutoCloseable {
    private final String name;

    private RabbitVhost(String name) {
        this.name = name;
    }

    static RabbitVhost create(String purpose) throws Exception {
        String name = "caas-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        rabbitmqctl("add_vhost", name);
        rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return new RabbitVhost(name);
    }

    String name() {
        return name;
    }

    /** How many messages wait in the queue, as RabbitMQ itself counts them; -1 if the queue does not exist. */
    long messagesIn(String queue) throws Exception {
        for (String line : rabbitmqctl("list_queues", "-p", name, "--no-table-headers", "--quiet", "name", "messages")
                .split("\n")) {
            String[] columns = line.strip().split("\\s+");
            if (columns.length == 2 && columns[0].equals(queue)) {
                return Long.parseLong(columns[1]);
            }
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        rabbitmqctl("delete_vhost", name);
    }

    private static String rabbitmqctl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output
                    + " (is RabbitMQ running? scripts/test.sh starts it)");
        }
        return output;
    }
}
