package io.caas.driver.swarmmode;

import io.caas.core.spi.ClusterJob;

/** The caas-side services this driver uses, as the conductor wires them into a job. */
record SwarmServices(ClusterPki pki, JoinTokens joinTokens, NodeBootstrapEndpoint bootstrap) {
    static SwarmServices of(ClusterJob job) {
        return new SwarmServices(job.service(ClusterPki.class), job.service(JoinTokens.class),
                job.service(NodeBootstrapEndpoint.class));
    }
}
