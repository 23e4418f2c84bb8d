package io.caas.api.v1;

/** The cluster CA behind /v1/certificates, implemented by caas-core's PKI. */
public interface CertificateService {
    /** The cluster's current CA certificate, PEM. */
    String caPem(String clusterUuid);

    /** Signs a client CSR (PEM) with the cluster's CA and returns the certificate, PEM; bad CSRs throw IllegalArgumentException. */
    String sign(String clusterUuid, String csrPem);
}
