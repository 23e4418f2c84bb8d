package io.caas.driver.swarmmode;

import java.time.Duration;

/** How the driver waits between two looks at a cluster that is still coming up. */
@FunctionalInterface
interface Pause {
    Pause SLEEP = interval -> Thread.sleep(interval.toMillis());

    void sleep(Duration interval) throws InterruptedException;
}
