package io.caas.api.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load generator, run in its own JVM so that its allocation and JIT do not share a heap with the server's.
 * Closed loop: each client is one thread with its own keep-alive HTTP/1.1 connection, sending its next request when
 * the previous answer has been read in full. Every phase stops at a request count or a time limit, whichever comes
 * first, so the whole run stays bounded on a slow machine.
 *
 * <p>Arguments: the server's base URL, then scenarios ({@link Scenario#parse}); the first is the baseline. Prints the
 * table; exits 1 if any request got an unexpected status.
 */
public final class LoadClient {
    static final int[] CONCURRENCY = {1, 4};
    private static final Phase WARM_UP = new Phase(1_500, Duration.ofMillis(1_500));
    private static final Phase MEASURE = new Phase(2_000, Duration.ofSeconds(3));

    /** A request budget: at most {@code requests}, and no request started after {@code time}. */
    private record Phase(int requests, Duration time) {
    }

    private final String baseUrl;
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final AtomicLong failures = new AtomicLong();

    private LoadClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("Usage: LoadClient <baseUrl> <baseline scenario> <scenario>...");
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (String argument : Arrays.copyOfRange(args, 1, args.length)) {
            scenarios.add(Scenario.parse(argument));
        }
        LoadClient client = new LoadClient(args[0]);
        List<Measurement> rows = client.run(scenarios);
        System.out.print(ResultTable.format(rows, scenarios.get(0)));
        if (client.failures.get() > 0) {
            System.out.println("FAILED: " + client.failures.get() + " requests got an unexpected answer; first: "
                    + client.firstFailure.get());
            System.exit(1);
        }
    }

    private List<Measurement> run(List<Scenario> scenarios) throws InterruptedException, ExecutionException {
        int most = Arrays.stream(CONCURRENCY).max().orElseThrow();
        for (Scenario scenario : scenarios) {
            drive(scenario, most, WARM_UP);
        }
        List<Measurement> rows = new ArrayList<>();
        for (int clients : CONCURRENCY) {
            for (Scenario scenario : scenarios) {
                rows.add(drive(scenario, clients, MEASURE));
            }
        }
        return rows;
    }

    private Measurement drive(Scenario scenario, int clients, Phase phase) throws InterruptedException, ExecutionException {
        AtomicInteger tickets = new AtomicInteger(phase.requests());
        AtomicLong bytes = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            long deadline = start + phase.time().toNanos();
            List<Future<long[]>> workers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                workers.add(threads.submit(() -> loop(scenario, tickets, deadline, bytes)));
            }
            List<long[]> latencies = new ArrayList<>();
            for (Future<long[]> worker : workers) {
                latencies.add(worker.get());
            }
            long elapsed = System.nanoTime() - start;
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
            return new Measurement(scenario, clients, all, elapsed, all.length == 0 ? 0 : bytes.get() / all.length);
        } finally {
            threads.shutdownNow();
        }
    }

    private long[] loop(Scenario scenario, AtomicInteger tickets, long deadline, AtomicLong bytes) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = request(scenario);
        long[] latencies = new long[tickets.get()];
        int done = 0;
        while (tickets.getAndDecrement() > 0 && System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - sent;
            if (response.statusCode() == scenario.expectedStatus()) {
                latencies[done++] = took;
                bytes.addAndGet(response.body().length);
            } else {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, scenario.label() + " -> " + response.statusCode() + " "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
        }
        return Arrays.copyOf(latencies, done);
    }

    private HttpRequest request(Scenario scenario) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + scenario.path()))
                .timeout(Duration.ofSeconds(10));
        if (scenario.body() == null) {
            return builder.method(scenario.method(), HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json")
                .method(scenario.method(), HttpRequest.BodyPublishers.ofByteArray(scenario.body())).build();
    }
}
