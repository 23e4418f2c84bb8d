package io.caas.api.testing;

import io.caas.api.v1.CertificateService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the PKI engineer's CA until it is merged: a fixed CA PEM, and "signing" that echoes the CSR. */
public final class FakeCertificates implements CertificateService {
    public static final String CA = "-----BEGIN CERTIFICATE-----\nTUlJQ0FURVNU\n-----END CERTIFICATE-----\n";
    public final List<String> rotated = new CopyOnWriteArrayList<>();
    /** When set, the CA store is "broken": the API must answer 500 with Magnum's body, not a stack trace. */
    public volatile boolean broken;

    @Override
    public String caPem(String clusterUuid) {
        if (broken) {
            throw new IllegalStateException("CA store unreadable at /secret/path");
        }
        return CA;
    }

    @Override
    public String sign(String clusterUuid, String csrPem) {
        if (!csrPem.contains("BEGIN CERTIFICATE REQUEST")) {
            throw new IllegalArgumentException("not a PEM CSR");
        }
        return "-----BEGIN CERTIFICATE-----\nc2lnbmVk\n-----END CERTIFICATE-----\n";
    }

    @Override
    public void rotate(String clusterUuid) {
        rotated.add(clusterUuid);
    }
}
