package io.caas.api.auth;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Glance, Neutron and Nova APIs of scripts/catalogue-peer.sh (127.0.0.1, seeded with images, flavors and
 * networks) registered in the real Keystone of {@link KeystonePeer}, which it brings up first; once per test JVM. A
 * test using it fails, never skips, when they cannot be installed or started.
 */
public final class CataloguePeer implements BeforeAllCallback {
    private static boolean started;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        new KeystonePeer().beforeAll(context);
        synchronized (CataloguePeer.class) {
            if (!started) {
                for (String step : new String[] {"install", "start", "seed"}) {
                    PeerScript.run("catalogue-peer.sh", step);
                }
                started = true;
            }
        }
    }
}
