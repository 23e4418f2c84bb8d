package io.caas.core.rpc;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition that another thread or the broker makes true; fails the test if it never does. */
public final class Await {
    private Await() {
    }

    public static void until(String what, Duration limit, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up after " + limit.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
