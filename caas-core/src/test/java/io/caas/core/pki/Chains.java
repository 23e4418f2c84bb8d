package io.caas.core.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/** Verifies chains with the JDK's own PKIX validator, independent of the code that issued them. */
public final class Chains {
    private Chains() {
    }

    /** @param leafFirst the chain without the root, leaf first */
    public static void verify(X509Certificate root, Instant at, X509Certificate... leafFirst)
            throws GeneralSecurityException {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leafFirst)), parameters);
    }
}
