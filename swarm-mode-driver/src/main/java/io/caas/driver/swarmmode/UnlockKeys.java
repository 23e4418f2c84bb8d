package io.caas.driver.swarmmode;

import java.util.List;

/**
 * Escrow for a swarm's autolock unlock key, kept encrypted at rest by the implementation. The key before the last
 * rotation is kept too: a manager that was down while swarm rotated still needs the old one.
 */
public interface UnlockKeys {
    /** Stores {@code key} as the current key; the one it replaces becomes the previous key. */
    void save(String clusterUuid, String key);

    /** The current key first, then the previous one; empty when autolock was never turned on. */
    List<String> keys(String clusterUuid);
}
