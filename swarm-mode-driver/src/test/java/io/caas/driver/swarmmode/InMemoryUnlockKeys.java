package io.caas.driver.swarmmode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Unlock-key escrow in memory: the current key first, then the one it replaced. */
final class InMemoryUnlockKeys implements UnlockKeys {
    private final Map<String, List<String>> keys = new ConcurrentHashMap<>();

    @Override
    public void save(String clusterUuid, String key) {
        keys.compute(clusterUuid, (uuid, kept) -> {
            List<String> next = new ArrayList<>(List.of(key));
            if (kept != null && !kept.isEmpty() && !kept.get(0).equals(key)) {
                next.add(kept.get(0));
            }
            return next;
        });
    }

    @Override
    public List<String> keys(String clusterUuid) {
        return keys.getOrDefault(clusterUuid, List.of());
    }
}
