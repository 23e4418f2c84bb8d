package io.caas.core.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate together with the key caas generated for it. The key is a secret: seal it before storing. */
public record IssuedKeyPair(X509Certificate certificate, PrivateKey privateKey) {
    public String certificatePem() {
        return Pem.encode(certificate);
    }

    public String privateKeyPem() {
        return Pem.encode(privateKey);
    }

    @Override
    public String toString() {
        return "IssuedKeyPair[subject=" + certificate.getSubjectX500Principal() + ", privateKey=<secret>]";
    }
}
