package io.caas.conductor.swarm;

import io.caas.core.secrets.ClusterSecretNames;
import io.caas.core.secrets.ClusterSecrets;
import io.caas.driver.swarmmode.UnlockKeys;
import java.util.ArrayList;
import java.util.List;

/** Swarm unlock keys, sealed in cluster_secret under names the API reads the current key by. */
public final class SealedUnlockKeys implements UnlockKeys {
    private final ClusterSecrets secrets;

    public SealedUnlockKeys(ClusterSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public void save(String clusterUuid, String key) {
        secrets.get(clusterUuid, ClusterSecretNames.UNLOCK_KEY).filter(current -> !current.equals(key))
                .ifPresent(current -> secrets.put(clusterUuid, ClusterSecretNames.PREVIOUS_UNLOCK_KEY, current));
        secrets.put(clusterUuid, ClusterSecretNames.UNLOCK_KEY, key);
    }

    @Override
    public List<String> keys(String clusterUuid) {
        List<String> keys = new ArrayList<>();
        secrets.get(clusterUuid, ClusterSecretNames.UNLOCK_KEY).ifPresent(keys::add);
        secrets.get(clusterUuid, ClusterSecretNames.PREVIOUS_UNLOCK_KEY).ifPresent(keys::add);
        return keys;
    }
}
