package io.caas.api.externalca;

/** Told about every certificate the endpoint signed, after signing and before answering swarm. */
public interface IssuanceRecorder {
    void signed(String clusterUuid, IssuedCertificate certificate);
}
