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
 * normal cadence otherwise. An action this conductor has not seen end yet is due from a little before half the
 * quickest action it has seen until well after that one's time; the very first stack after a start is due from its
 * start. Either way a tick stays one list call plus one GET per stack that left the list.
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
        Duration elapsed = Duration.between(started.at(), now);
        Duration own = lastTook.get(started.action());
        if (own != null) {
            return elapsed.compareTo(own.minus(lead(own))) >= 0 && elapsed.compareTo(giveUp(own)) <= 0;
        }
        // not seen yet: somewhere between half and twice the quickest action seen (a delete is often quicker)
        Duration quickest = lastTook.values().stream().min(Duration::compareTo).orElse(null);
        if (quickest == null) {
            return true;
        }
        Duration half = quickest.dividedBy(2);
        return elapsed.compareTo(half.minus(lead(half))) >= 0 && elapsed.compareTo(giveUp(quickest)) <= 0;
    }

    private Duration lead(Duration expected) {
        return max(expected.dividedBy(LEAD_DIVISOR), normal.multipliedBy(2));
    }

    private Duration giveUp(Duration expected) {
        return expected.multipliedBy(GIVE_UP_FACTOR).plus(normal.multipliedBy(5));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
