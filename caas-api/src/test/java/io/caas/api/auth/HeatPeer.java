package io.caas.api.auth;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Heat of scripts/heat-peer.sh (heat-api + heat-engine on 127.0.0.1) registered in the real Keystone of
 * {@link KeystonePeer}, which it brings up first; once per test JVM. A test using it fails, never skips, when
 * Heat cannot be installed or started.
 */
public final class HeatPeer implements BeforeAllCallback {
    public static final String URL = "http://127.0.0.1:" + System.getenv().getOrDefault("CAAS_HEAT_PORT", "8004");
    private static boolean started;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        new KeystonePeer().beforeAll(context);
        synchronized (HeatPeer.class) {
            if (!started) {
                for (String step : new String[] {"install", "seed", "start"}) {
                    PeerScript.run("heat-peer.sh", step);
                }
                started = true;
            }
        }
    }

    /** Heat's orchestration endpoint for a project, as the catalog gives it. */
    public static String orchestrationUrl(String projectId) {
        return URL + "/v1/" + projectId;
    }
}
