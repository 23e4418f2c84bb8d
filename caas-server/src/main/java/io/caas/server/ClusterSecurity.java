package io.caas.server;

import io.caas.core.config.CaasConfig;
import io.caas.core.persistence.Database;
import io.caas.core.pki.ClusterCaStore;
import io.caas.core.pki.DurationText;
import io.caas.core.secrets.ClusterSecrets;
import io.caas.core.secrets.SecretBox;
import java.time.Clock;

/** The sealed stores every role of one process shares: cluster roots and cluster secrets, under one master key. */
record ClusterSecurity(ClusterCaStore roots, ClusterSecrets secrets) {
    static ClusterSecurity open(CaasConfig config, Database database) {
        SecretBox box = SecretBox.fromConfig(config);
        return new ClusterSecurity(
                new ClusterCaStore(database, box, Clock.systemUTC(),
                        DurationText.parse(config.get("certificates", "root_ca_expiry", "3650d"))),
                new ClusterSecrets(database, box));
    }
}
