package io.caas.provider.heat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.openstack4j.model.heat.Stack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for stacks to finish, for every cluster of this conductor at once. A tick is one Heat call per project with
 * awaited stacks listing the stacks still IN_PROGRESS there (Heat filters on its status column; stacks live in
 * their tenants' projects and Heat's global listing is admin-only by default), plus one GET per awaited stack that
 * left that list: O(projects waited on + changed stacks), whatever the number of clusters; no call at all while
 * nothing is awaited. Ticks come at the {@link WatchCadence}: short only while an awaited stack is due to finish,
 * so a finished stack is seen within a fraction of poll_interval_ms without asking Heat that often for the whole
 * of a long create.
 */
final class StackWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StackWatch.class);

    /** What a waiter waits for: its stack's {@code action} to end, on a stack touched after {@code updatedBefore}. */
    private record Waiter(HeatSession session, String name, String id, String action, String updatedBefore,
                          Instant requested, CompletableFuture<Stack> done) {
        WatchCadence.Started since() {
            return new WatchCadence.Started(action, requested);
        }
    }

    private final ScheduledExecutorService timer;
    private final WatchCadence cadence;
    private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();
    private final AtomicLong listCalls = new AtomicLong();
    private final AtomicLong detailCalls = new AtomicLong();
    private final List<Consumer<StackTiming>> listeners = new CopyOnWriteArrayList<>();
    /** The next tick and when it is due; null while none is scheduled. Guarded by this. */
    private ScheduledFuture<?> nextTick;
    private Instant nextTickAt;

    StackWatch(Duration interval) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "heat-stack-watch");
            thread.setDaemon(true);
            return thread;
        });
        this.cadence = new WatchCadence(interval);
    }

    /**
     * Completes with the stack once its {@code action} (CREATE, UPDATE, DELETE) is no longer in progress, or with
     * null when Heat no longer knows the stack. {@code updatedBefore} is the stack's updated_time before an update
     * was sent, so the previous update's UPDATE_COMPLETE is not taken for this one's; {@code requested} is when
     * the request went to Heat, which the cadence counts Heat's time from. {@code session} is the identity the
     * stack's cluster acts as (it sees the stack's project).
     */
    CompletableFuture<Stack> await(HeatSession session, String name, String id, String action, String updatedBefore,
                                   Instant requested) {
        CompletableFuture<Stack> done = new CompletableFuture<>();
        waiters.put(id, new Waiter(session, name, id, action, updatedBefore, requested, done));
        scheduleNext();
        return done;
    }

    /** Called with every awaited operation's timing once the watch saw it end, on the watch's thread. */
    void onEnded(Consumer<StackTiming> listener) {
        listeners.add(listener);
    }

    long listCalls() {
        return listCalls.get();
    }

    long detailCalls() {
        return detailCalls.get();
    }

    private void tickSafely() {
        synchronized (this) {
            nextTick = null;
        }
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("event=heat_watch_tick_failed error={}", e.toString());
        }
        scheduleNext();
    }

    /** Schedules a tick at the cadence's delay, unless one is due sooner already; none while nothing is awaited. */
    private synchronized void scheduleNext() {
        if (waiters.isEmpty() || timer.isShutdown()) {
            return;
        }
        Instant now = Instant.now();
        Duration delay = cadence.next(waiters.values().stream().map(Waiter::since).toList(), now);
        Instant at = now.plus(delay);
        if (nextTick != null && !nextTickAt.isAfter(at)) {
            return;
        }
        if (nextTick != null) {
            nextTick.cancel(false);
        }
        nextTick = timer.schedule(this::tickSafely, delay.toMillis(), TimeUnit.MILLISECONDS);
        nextTickAt = at;
    }

    void tick() {
        if (waiters.isEmpty()) {
            return;
        }
        Map<String, List<Waiter>> byProject = new HashMap<>();
        for (Waiter waiter : waiters.values()) {
            try {
                byProject.computeIfAbsent(waiter.session().projectId(), p -> new ArrayList<>()).add(waiter);
            } catch (HeatSession.SessionRefused e) {
                fail(waiter, e);
            }
        }
        byProject.forEach((project, waiting) -> {
            try {
                tick(waiting);
            } catch (RuntimeException e) {
                // one project failing (Heat refusing its list, a timeout) must not stall the others; it retries next tick
                LOG.warn("event=heat_watch_project_failed project={} stacks={} error={}", project, waiting.size(),
                        e.toString());
            }
        });
    }

    /**
     * One project's waiters: one list as the first waiter's session (all of them see that project). A waiter whose
     * session Keystone refuses (its trust was revoked) fails; the others carry on at the next tick.
     */
    private void tick(List<Waiter> project) {
        Waiter lister = project.get(0);
        Set<String> busy;
        long listStarted = System.nanoTime();
        try {
            listCalls.incrementAndGet();
            busy = lister.session().client().heat().stacks().list(Map.of("status", "IN_PROGRESS"))
                    .stream().map(Stack::getId).collect(Collectors.toSet());
        } catch (HeatSession.SessionRefused e) {
            fail(lister, e);
            return;
        }
        long listMs = (System.nanoTime() - listStarted) / 1_000_000;
        Instant listed = Instant.now();
        for (Waiter waiter : project) {
            if (busy.contains(waiter.id())) {
                continue;
            }
            detailCalls.incrementAndGet();
            long getStarted = System.nanoTime();
            Stack stack;
            try {
                stack = waiter.session().client().heat().stacks().getDetails(waiter.name(), waiter.id());
            } catch (HeatSession.SessionRefused e) {
                fail(waiter, e);
                continue;
            }
            long getMs = (System.nanoTime() - getStarted) / 1_000_000;
            if (stack == null || finished(waiter, stack)) {
                waiters.remove(waiter.id());
                ended(new StackTiming(waiter.id(), waiter.action(), stack == null ? "GONE" : stack.getStatus(),
                        waiter.requested(), listed, Instant.now()), listMs, getMs);
                waiter.done().complete(stack);
            }
        }
    }

    private void fail(Waiter waiter, RuntimeException e) {
        waiters.remove(waiter.id());
        waiter.done().completeExceptionally(e);
    }

    /** {@code listMs} and {@code getMs}: how long the two calls of the tick that saw the end took. */
    private void ended(StackTiming timing, long listMs, long getMs) {
        cadence.ended(timing.action(), timing.took());
        LOG.info("event=heat_stack_seen_ended stack={} action={} status={} ms={} list_ms={} get_ms={}", timing.stackId(),
                timing.action(), timing.status(), timing.took().toMillis(), listMs, getMs);
        listeners.forEach(listener -> listener.accept(timing));
    }

    private static boolean finished(Waiter waiter, Stack stack) {
        String status = Objects.requireNonNullElse(stack.getStatus(), "");
        return status.startsWith(waiter.action() + "_") && !status.endsWith("_IN_PROGRESS")
                && (waiter.updatedBefore() == null || !waiter.updatedBefore().equals(stack.getUpdatedTime()));
    }

    @Override
    public void close() {
        synchronized (this) {
            // under the lock scheduleNext holds, so it never schedules on a shut-down timer
            timer.shutdownNow();
        }
        waiters.values().forEach(w -> w.done().cancel(true));
    }
}
