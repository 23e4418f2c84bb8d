package io.caas.provider.heat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How soon the stack watch asks Heat again. Heat takes seconds to minutes per stack, so asking every short interval
 * the whole time would mostly hear "still in progress"; what costs the conductor time is the gap between the moment
 * Heat finishes and the next tick. So the watch ticks at the short cadence only while an awaited stack is due: from
 * a little before the time Heat took for the last stack of the same action here until well after it, and at the
 * normal cadence otherwise. An action this conductor has not seen end yet is expected to take half as long as the
 * quickest one it has seen (a delete is often quicker than a create); the very first stack after a start is due
 * from its start. Either way a tick stays one list call plus one GET per stack that left the list.
 */
final class WatchCadence {
    /** The short cadence starts a quarter of the expected time before it ends (Heat's times vary that much here). */
    private static final int LEAD_DIVISOR = 4;
    /** A stack twice as slow as expected is polled at the normal cadence again. */
    private static final int GIVE_UP_FACTOR = 2;
    private static final Duration MIN_SHORT = Duration.ofMillis(100);

    /** When a stack's action was sent to Heat. */
    record Started(String action, Instant at) {
    }

    private final Duration normal;
    private final Duration shortInterval;
    private final Map<String, Duration> lastTook = new ConcurrentHashMap<>();

    WatchCadence(Duration normal) {
        this.normal = normal;
        Duration fifth = normal.dividedBy(5);
        this.shortInterval = fifth.compareTo(MIN_SHORT) < 0 ? MIN_SHORT : fifth;
    }

    Duration shortInterval() {
        return shortInterval;
    }

    /** Records how long Heat took, as the watch saw it, for the next stacks of the same action. */
    void ended(String action, Duration took) {
        lastTook.put(action, took);
    }

    /** The delay before the next tick, given the stacks awaited now. */
    Duration next(Collection<Started> awaited, Instant now) {
        for (Started started : awaited) {
            if (due(started, now)) {
                return shortInterval;
            }
        }
        return normal;
    }

    boolean due(Started started, Instant now) {
        Duration expected = lastTook.get(started.action());
        if (expected == null) {
            expected = lastTook.values().stream().min(Duration::compareTo).map(d -> d.dividedBy(2)).orElse(null);
        }
        if (expected == null) {
            return true;
        }
        Duration elapsed = Duration.between(started.at(), now);
        Duration lead = max(expected.dividedBy(LEAD_DIVISOR), normal.multipliedBy(2));
        Duration giveUp = expected.multipliedBy(GIVE_UP_FACTOR).plus(normal.multipliedBy(5));
        return elapsed.compareTo(expected.minus(lead)) >= 0 && elapsed.compareTo(giveUp) <= 0;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
