import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The steady load of benchmarks/failover.sh: RATE requests per second of GET URL for SECONDS, on a fixed schedule
 * (a slow answer does not slow the load down), one line per request written to OUT:
 * {@code start_epoch_ms latency_ms outcome attempts}, outcome being the HTTP status or the error's class.
 * Retry policy: one retry, only when the connection failed before any response came back (reset, refused, closed);
 * an HTTP error status or a timeout is never retried.
 *
 * <p>Usage: {@code java FailoverLoad.java URL RATE SECONDS OUT}
 */
public class FailoverLoad {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    record Result(long startMs, long latencyMs, String outcome, int attempts) {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
        ConcurrentLinkedQueue<CompletableFuture<Result>> sent = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        int total = rate * seconds;
        long periodMicros = 1_000_000L / rate;
        for (int i = 0; i < total; i++) {
            ticker.schedule(() -> sent.add(send(client, request)), i * periodMicros, TimeUnit.MICROSECONDS);
        }
        ticker.shutdown();
        ticker.awaitTermination(seconds + 5L, TimeUnit.SECONDS);
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out))) {
            for (CompletableFuture<Result> future : sent) {
                Result r = future.get(REQUEST_TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS);
                writer.printf("%d %d %s %d%n", r.startMs(), r.latencyMs(), r.outcome(), r.attempts());
            }
        }
    }

    private static CompletableFuture<Result> send(HttpClient client, HttpRequest request) {
        long start = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        return attempt(client, request, 1).thenApply(outcome -> new Result(start,
                (System.nanoTime() - startNanos) / 1_000_000, outcome.text(), outcome.attempts()));
    }

    record Outcome(String text, int attempts) {
    }

    private static CompletableFuture<Outcome> attempt(HttpClient client, HttpRequest request, int attempt) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> new Outcome(Integer.toString(response.statusCode()), attempt))
                .exceptionallyCompose(error -> {
                    Throwable cause = error.getCause() == null ? error : error.getCause();
                    boolean connectionLost = cause instanceof IOException
                            && !(cause instanceof java.net.http.HttpTimeoutException);
                    if (connectionLost && attempt == 1) {
                        return attempt(client, request, 2);
                    }
                    return CompletableFuture.completedFuture(new Outcome(cause.getClass().getSimpleName(), attempt));
                });
    }
}
