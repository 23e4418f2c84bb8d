package io.caas.provider.heat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Heat's own time for what happens to one stack, watched from outside the provider: a tight loop over Heat's stack
 * list filtered by name (a database read in Heat, no output resolution) records every change of the stack's
 * status. Heat's timestamps have 1 s resolution; this sees a change within one period (100 ms) plus one call.
 * Heat's time for an operation starts when caas sent the request (what a client of Heat's own API would wait
 * for too), so Heat's validation of the request counts as Heat's.
 */
public final class StackObserver implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(100);

    /** The stack's status from {@code seenAt} on; {@code previousAt} is the observation before, when it was not. */
    record Change(String status, Instant previousAt, Instant seenAt) {
        /** Midway between the two observations: the best guess of when Heat changed it. */
        Instant estimate() {
            return previousAt.plus(Duration.between(previousAt, seenAt).dividedBy(2));
        }
    }

    /**
     * One operation: from the call to its return ({@code total}); Heat's own part from caas's request to Heat ending
     * it; before that, caas's work up to the request; after it, the watch's lag to notice the end, its GET of the
     * finished stack (the outputs the hosts come from), then caas's work after that.
     */
    record Span(String name, Duration total, Duration heat, Duration beforeRequest, Duration watchLag,
                Duration readingStack, Duration afterSeen) {
        Duration overhead() {
            return total.minus(heat);
        }
    }

    static final String GONE = "GONE";

    private final HeatApi heat;
    private final String stackName;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<Change> changes = new ArrayList<>();
    private String lastStatus = GONE;
    private Instant lastAt = Instant.now();

    public StackObserver(HeatApi heat, String stackName) {
        this.heat = heat;
        this.stackName = stackName;
        timer.scheduleWithFixedDelay(this::observe, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void observe() {
        String status;
        try {
            JsonNode stacks = heat.get("/stacks?name=" + URLEncoder.encode(stackName, StandardCharsets.UTF_8)).path("stacks");
            status = stacks.isEmpty() ? GONE : stacks.get(0).path("stack_status").asText();
        } catch (Exception e) {
            return;
        }
        Instant now = Instant.now();
        synchronized (this) {
            if (!status.equals(lastStatus)) {
                changes.add(new Change(status, lastAt, now));
                lastStatus = status;
            }
            lastAt = now;
        }
    }

    /**
     * The operation the caller ran from {@code from} to {@code to}, of which the provider reported {@code timing}:
     * Heat ended it when this observer saw the stack leave {@code action}_IN_PROGRESS (or when the watch noticed
     * that, if sooner).
     */
    Span span(String name, StackTiming timing, Instant from, Instant to) throws InterruptedException {
        // the watch may notice the end before this observer's next look
        Instant deadline = Instant.now().plusSeconds(5);
        while (lastObservation().isBefore(timing.noticed()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(PERIOD.toMillis() / 2);
        }
        return spanSoFar(name, timing, from, to);
    }

    private synchronized Instant lastObservation() {
        return lastAt;
    }

    private synchronized Span spanSoFar(String name, StackTiming timing, Instant from, Instant to) {
        boolean started = false;
        Instant heatEnd = null;
        for (Change change : changes) {
            if (change.seenAt().isBefore(from)) {
                continue;
            }
            if (change.status().equals(timing.action() + "_IN_PROGRESS")) {
                started = true;
            } else if (started && !change.status().endsWith("_IN_PROGRESS")) {
                heatEnd = min(change.estimate(), timing.noticed());
                break;
            }
        }
        if (heatEnd == null || timing.requested().isBefore(from) || timing.seen().isAfter(to)) {
            throw new IllegalStateException("The observer did not see " + stackName + " go through " + timing.action()
                    + " between " + from + " and " + to + " (provider's timing " + timing + "); changes seen: " + changes);
        }
        return new Span(name, Duration.between(from, to), Duration.between(timing.requested(), heatEnd),
                Duration.between(from, timing.requested()), Duration.between(heatEnd, timing.noticed()),
                Duration.between(timing.noticed(), timing.seen()), Duration.between(timing.seen(), to));
    }

    /** When Heat most likely put the stack into {@code status}, the first time after {@code after}; for profiles. */
    public synchronized Optional<Instant> reached(String status, Instant after) {
        return changes.stream().filter(c -> c.status().equals(status) && c.seenAt().isAfter(after))
                .map(Change::estimate).findFirst();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
