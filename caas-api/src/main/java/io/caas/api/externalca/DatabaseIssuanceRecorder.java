package io.caas.api.externalca;

import io.caas.api.ca.IssuedCertificateLog;

/** Every certificate the endpoint signs becomes a cluster_certificate row. */
public final class DatabaseIssuanceRecorder implements IssuanceRecorder {
    private final IssuedCertificateLog log;

    public DatabaseIssuanceRecorder(IssuedCertificateLog log) {
        this.log = log;
    }

    @Override
    public void signed(String clusterUuid, IssuedCertificate certificate) {
        log.record(clusterUuid, certificate.serial(), certificate.commonName(), certificate.organizationalUnit(),
                certificate.notAfter());
    }
}
