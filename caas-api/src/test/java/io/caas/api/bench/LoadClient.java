package io.caas.api.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private static final Phase WARM_UP = new Phase(3_000, Duration.ofSeconds(3));
    private static final Phase MEASURE = new Phase(2_000, Duration.ofSeconds(3));
    /**
     * The scenarios take turns in this many slices each, so that a burst of work from another process on the machine
     * falls on the baseline and the others alike and the ratios stay fair.
     */
    private static final int ROUNDS = 10;

    /** A request budget: at most {@code requests}, and no request started after {@code time}. */
    private record Phase(int requests, Duration time) {
        Phase slice(int parts) {
            return new Phase(Math.max(1, requests / parts), time.dividedBy(parts));
        }
    }

    /** Worker threads, each with its own HTTP client (so its own connection), kept across slices. */
    private record Clients(ExecutorService threads, List<HttpClient> connections) {
        static Clients open(int count) {
            List<HttpClient> connections = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                connections.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build());
            }
            return new Clients(Executors.newFixedThreadPool(count), connections);
        }
    }

    /** What one stretch of one scenario measured. */
    private record Slice(long[] latencyNanos, long elapsedNanos, long bytes) {
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
        double loadBefore = loadAverage();
        List<Measurement> rows = client.run(scenarios);
        // other processes on the machine move the tail more than anything measured here, so say how busy it was
        System.out.printf(Locale.ROOT, "load average (1 min): %.2f before, %.2f after%n", loadBefore, loadAverage());
        System.out.print(ResultTable.format(rows, scenarios.get(0)));
        if (client.failures.get() > 0) {
            System.out.println("FAILED: " + client.failures.get() + " requests got an unexpected answer; first: "
                    + client.firstFailure.get());
            System.exit(1);
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private List<Measurement> run(List<Scenario> scenarios) throws InterruptedException, ExecutionException {
        Clients warming = Clients.open(Arrays.stream(CONCURRENCY).max().orElseThrow());
        try {
            for (Scenario scenario : scenarios) {
                drive(scenario, warming, WARM_UP);
            }
        } finally {
            warming.threads().shutdownNow();
        }
        List<Measurement> rows = new ArrayList<>();
        for (int concurrency : CONCURRENCY) {
            rows.addAll(measure(scenarios, concurrency));
        }
        return rows;
    }

    private List<Measurement> measure(List<Scenario> scenarios, int concurrency)
            throws InterruptedException, ExecutionException {
        Clients clients = Clients.open(concurrency);
        try {
            Map<Scenario, List<Slice>> slices = new LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (Scenario scenario : scenarios) {
                    slices.computeIfAbsent(scenario, s -> new ArrayList<>())
                            .add(drive(scenario, clients, MEASURE.slice(ROUNDS)));
                }
            }
            List<Measurement> rows = new ArrayList<>();
            slices.forEach((scenario, parts) -> rows.add(merge(scenario, concurrency, parts)));
            return rows;
        } finally {
            clients.threads().shutdownNow();
        }
    }

    private static Measurement merge(Scenario scenario, int concurrency, List<Slice> parts) {
        long[] latencies = parts.stream().flatMapToLong(p -> Arrays.stream(p.latencyNanos())).toArray();
        long elapsed = parts.stream().mapToLong(Slice::elapsedNanos).sum();
        long bytes = parts.stream().mapToLong(Slice::bytes).sum();
        return new Measurement(scenario, concurrency, latencies, elapsed,
                latencies.length == 0 ? 0 : bytes / latencies.length);
    }

    private Slice drive(Scenario scenario, Clients clients, Phase phase) throws InterruptedException, ExecutionException {
        AtomicInteger tickets = new AtomicInteger(phase.requests());
        AtomicLong bytes = new AtomicLong();
        HttpRequest request = request(scenario);
        long start = System.nanoTime();
        long deadline = start + phase.time().toNanos();
        List<Future<long[]>> workers = new ArrayList<>();
        for (HttpClient connection : clients.connections()) {
            workers.add(clients.threads().submit(() -> loop(connection, scenario, request, tickets, deadline, bytes)));
        }
        List<long[]> latencies = new ArrayList<>();
        for (Future<long[]> worker : workers) {
            latencies.add(worker.get());
        }
        long elapsed = System.nanoTime() - start;
        return new Slice(latencies.stream().flatMapToLong(Arrays::stream).toArray(), elapsed, bytes.get());
    }

    private long[] loop(HttpClient connection, Scenario scenario, HttpRequest request, AtomicInteger tickets,
                        long deadline, AtomicLong bytes) throws Exception {
        long[] latencies = new long[Math.max(0, tickets.get())];
        int done = 0;
        while (tickets.getAndDecrement() > 0 && System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            HttpResponse<byte[]> response = connection.send(request, HttpResponse.BodyHandlers.ofByteArray());
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
