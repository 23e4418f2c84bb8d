package io.caas.conductor.provider.local;

import io.caas.core.spi.ProviderException;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a set of processes the way a machine being switched off ends them: SIGTERM, a short grace period, then
 * SIGKILL. It looks again after each round, because a dying dockerd can still start or orphan a shim.
 */
final class ProcessTerminator {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTerminator.class);
    private static final long GRACE_MILLIS = 5_000;
    private static final long POLL_MILLIS = 100;
    private static final int ROUNDS = 5;

    private ProcessTerminator() {
    }

    /** @param finder finds what is still running; called again after every round */
    static void terminate(String what, Supplier<Set<Long>> finder) throws ProviderException {
        Set<Long> running = finder.get();
        if (running.isEmpty()) {
            return;
        }
        LOG.info("event=terminate target={} pids={}", what, running);
        running.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        waitUntilGone(finder, GRACE_MILLIS);
        for (int round = 0; round < ROUNDS; round++) {
            running = finder.get();
            if (running.isEmpty()) {
                return;
            }
            running.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            waitUntilGone(finder, 2_000);
        }
        running = finder.get();
        if (!running.isEmpty()) {
            throw new ProviderException("Processes " + running + " of " + what
                    + " survive SIGKILL; check them with ps and kill them by hand, then retry");
        }
    }

    private static void waitUntilGone(Supplier<Set<Long>> finder, long millis) throws ProviderException {
        long rounds = millis / POLL_MILLIS;
        for (long i = 0; i < rounds && !finder.get().isEmpty(); i++) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("Interrupted while stopping processes", e);
            }
        }
    }
}
