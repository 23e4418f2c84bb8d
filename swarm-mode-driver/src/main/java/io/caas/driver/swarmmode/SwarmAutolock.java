package io.caas.driver.swarmmode;

import io.caas.core.model.Cluster;
import io.caas.core.spi.ClusterJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The autolock label: swarm encrypts its managers' raft keys with an unlock key, so a restarted manager stays
 * locked until it is given the key. caas keeps the key ({@link UnlockKeys}), unlocks restarted managers during
 * the health check ({@link SwarmHealthCheck}) and lets the owner read and rotate it.
 */
final class SwarmAutolock {
    static final String LABEL = "autolock";

    private SwarmAutolock() {
    }

    static boolean requested(Cluster cluster) {
        return cluster.labels != null && "true".equals(cluster.labels.getOrDefault(LABEL, "").toLowerCase(Locale.ROOT));
    }

    /** Turns autolock on when the cluster asks for it and escrows the key; idempotent, so converging again is safe. */
    static void ensure(ClusterJob job, EngineClient manager) throws EngineApiException, SwarmDriverException {
        if (!requested(job.cluster())) {
            return;
        }
        boolean on = manager.swarm().path("Spec").path("EncryptionConfig").path("AutoLockManagers").asBoolean(false);
        if (!on) {
            manager.autolockManagers();
        }
        escrow(job, manager);
        if (!on) {
            job.event("autolock_on", "swarm autolock is on; caas keeps the unlock key");
        }
    }

    /** Makes swarm issue a new unlock key and escrows it. */
    static void rotate(ClusterJob job, EngineClient manager) throws EngineApiException, SwarmDriverException {
        manager.rotateUnlockKey();
        escrow(job, manager);
        job.event("unlock_key_rotated", "swarm has a new unlock key; the previous one is kept for managers that were down");
    }

    /** What giving a locked manager the escrowed keys came to; {@code reason} is for health reports and errors. */
    record Unlock(boolean unlocked, String reason) {
    }

    /**
     * Gives a locked manager the escrowed keys, the current one first, then the one before the last rotation (a
     * manager that was down while swarm rotated still needs that one).
     */
    static Unlock unlock(Cluster cluster, UnlockKeys escrow, EngineClient engine) {
        List<String> keys = requested(cluster) ? escrow.keys(cluster.uuid) : List.of();
        if (keys.isEmpty()) {
            return new Unlock(false, "manager is locked and caas holds no unlock key; unlock it with docker swarm unlock");
        }
        List<String> refused = new ArrayList<>();
        for (String key : keys) {
            try {
                engine.unlock(key);
                return new Unlock(true, "manager was locked; caas unlocked it");
            } catch (EngineApiException e) {
                refused.add(e.getMessage());
            }
        }
        return new Unlock(false, "manager is locked and refused the escrowed unlock keys: " + String.join("; ", refused));
    }

    private static void escrow(ClusterJob job, EngineClient manager) throws EngineApiException, SwarmDriverException {
        String key = manager.unlockKey();
        if (key.isEmpty()) {
            throw new SwarmDriverException("Swarm answered no unlock key although autolock is on; retry the operation");
        }
        UnlockKeys keys = job.service(UnlockKeys.class);
        List<String> kept = keys.keys(job.cluster().uuid);
        if (kept.isEmpty() || !kept.get(0).equals(key)) {
            keys.save(job.cluster().uuid, key);
        }
    }
}
