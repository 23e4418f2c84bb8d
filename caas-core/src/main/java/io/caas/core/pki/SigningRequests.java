package io.caas.core.pki;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Checks a CSR before anything is signed for it: it must be signed by its own key (proof the requester holds
 * the key) and the key must be strong enough (EC of at least 256 bits, or RSA of at least 2048 bits).
 */
final class SigningRequests {
    private SigningRequests() {
    }

    static PublicKey verifiedPublicKey(PKCS10CertificationRequest csr) {
        try {
            PublicKey key = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new IllegalArgumentException("CSR signature does not verify; the CSR was altered or not signed "
                        + "with the key it carries");
            }
            requireStrongKey(key);
            return key;
        } catch (OperatorCreationException | PKCSException | java.io.IOException e) {
            throw new IllegalArgumentException("CSR cannot be verified: " + e.getMessage(), e);
        }
    }

    private static void requireStrongKey(PublicKey key) {
        if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() >= 256) {
            return;
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048) {
            return;
        }
        throw new IllegalArgumentException("CSR key " + key.getAlgorithm() + " is not accepted; use ECDSA P-256 "
                + "or stronger, or RSA of at least 2048 bits");
    }
}
