package io.caas.driver.swarmmode;

/** A certificate and its private key (PKCS#8 or SEC1 EC PEM); the key never appears in toString. */
public record PemCredentials(String certificatePem, String privateKeyPem) {
    @Override
    public String toString() {
        return "PemCredentials[certificate, key redacted]";
    }
}
