package io.caas.server;

import io.caas.core.spi.Host;
import io.caas.core.spi.Provider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches a cluster from outside while caas works on it, twice a second: how many replicas of a host-network
 * busybox httpd service answer HTTP on the cluster's current hosts (the fewest seen is what a tenant lived with),
 * and whether `docker node ls` through api_address answers (every failure is kept). Also imports the service's
 * image into hosts that appear meanwhile, as a tenant's registry would serve it to new nodes.
 */
final class ServiceProbe implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(800)).build();
    private final Provider provider;
    private final String clusterId;
    private final int port;
    private final Cli cli;
    private final Map<String, String> dockerEnv;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(3);
    private final AtomicInteger fewestAnswering = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicInteger rounds = new AtomicInteger();
    private final List<String> nodeLsFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger nodeLsCalls = new AtomicInteger();

    ServiceProbe(Provider provider, String clusterId, int port, Cli cli, Map<String, String> dockerEnv, ImageSeeder seeder) {
        this.provider = provider;
        this.clusterId = clusterId;
        this.port = port;
        this.cli = cli;
        this.dockerEnv = dockerEnv;
        timers.scheduleWithFixedDelay(this::countAnswering, 0, 500, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::nodeLs, 0, 500, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(seeder::seedNewHosts, 0, 1, TimeUnit.SECONDS);
    }

    /** How many of the cluster's hosts answer GET / on the service's port right now. */
    static int answering(Provider provider, String clusterId, int port) throws Exception {
        int answering = 0;
        for (Host host : provider.hosts(clusterId)) {
            if (host.address() == null) {
                continue;
            }
            try {
                HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host.address() + ":"
                        + port + "/")).timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() == 200 && reply.body().strip().equals("ok")) {
                    answering++;
                }
            } catch (java.io.IOException e) {
                // not answering: counted as such
            }
        }
        return answering;
    }

    private void countAnswering() {
        try {
            int now = answering(provider, clusterId, port);
            fewestAnswering.accumulateAndGet(now, Math::min);
            rounds.incrementAndGet();
        } catch (Exception e) {
            // the provider's state was being rewritten; this round is not counted
        }
    }

    private void nodeLs() {
        try {
            Cli.Run ls = cli.docker(dockerEnv, "node", "ls", "-q");
            nodeLsCalls.incrementAndGet();
            if (ls.exit() != 0) {
                nodeLsFailures.add(java.time.Instant.now() + " " + ls.err().strip());
            }
        } catch (Exception e) {
            nodeLsFailures.add(java.time.Instant.now() + " " + e);
        }
    }

    int fewestAnswering() {
        return fewestAnswering.get();
    }

    int rounds() {
        return rounds.get();
    }

    int nodeLsCalls() {
        return nodeLsCalls.get();
    }

    List<String> nodeLsFailures() {
        return new ArrayList<>(nodeLsFailures);
    }

    @Override
    public void close() throws InterruptedException {
        timers.shutdownNow();
        timers.awaitTermination(30, TimeUnit.SECONDS);
    }
}
