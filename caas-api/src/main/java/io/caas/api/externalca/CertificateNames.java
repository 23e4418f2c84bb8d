package io.caas.api.externalca;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Reads single attributes (CN, O, OU) out of a certificate's subject. */
final class CertificateNames {
    private CertificateNames() {
    }

    static Optional<String> commonName(X509Certificate certificate) {
        return first(certificate, BCStyle.CN);
    }

    static Optional<String> organization(X509Certificate certificate) {
        return first(certificate, BCStyle.O);
    }

    static Optional<String> organizationalUnit(X509Certificate certificate) {
        return first(certificate, BCStyle.OU);
    }

    private static Optional<String> first(X509Certificate certificate, ASN1ObjectIdentifier attribute) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        return Arrays.stream(subject.getRDNs(attribute)).findFirst()
                .map(rdn -> rdn.getFirst().getValue())
                .filter(ASN1String.class::isInstance)
                .map(value -> ((ASN1String) value).getString());
    }
}
