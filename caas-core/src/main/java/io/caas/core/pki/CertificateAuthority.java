package io.caas.core.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * One cluster's root CA: issues every certificate of that cluster (swarm nodes, Docker Engine servers, tenant
 * clients, the cluster's external CA endpoint). Pure computation: callers persist the root certificate and the
 * sealed {@link #privateKeyPkcs8() private key}.
 */
public final class CertificateAuthority {
    /** Nodes whose clocks run a little behind caas must not see their fresh certificate as not yet valid. */
    static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final Clock clock;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, Clock clock) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.clock = clock;
    }

    /**
     * A new self-signed ECDSA P-256 root for one cluster. Named after the cluster's uuid, not its name: the
     * uuid never changes and needs no escaping, while a name is tenant text of any length.
     */
    public static CertificateAuthority createRoot(String clusterUuid, Duration validity, Clock clock) {
        KeyPair keys = newEcKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "caas")
                .addRDN(BCStyle.CN, "caas cluster root " + clusterUuid)
                .build();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            // path length 1: room for one cross-signed root below ours during a CA rotation
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, newSerial(),
                    Date.from(now.minus(CLOCK_SKEW_ALLOWANCE)), Date.from(now.plus(validity)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(1))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(sign(builder, keys.getPrivate()), keys.getPrivate(), clock);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot create the root CA of cluster " + clusterUuid + ": " + e.getMessage(), e);
        }
    }

    /** The CA as persisted: its root certificate and its (unsealed) PKCS#8 private key. */
    public static CertificateAuthority load(String certificatePem, byte[] privateKeyPkcs8, Clock clock) {
        X509Certificate certificate = Pem.certificate(certificatePem);
        PrivateKey key = Pem.privateKey(privateKeyPkcs8, certificate.getPublicKey().getAlgorithm());
        return new CertificateAuthority(certificate, key, clock);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    /** The private key for sealing into storage; never log or return it. */
    public byte[] privateKeyPkcs8() {
        return privateKey.getEncoded();
    }

    /**
     * Signs a tenant's CSR ({@code POST /v1/certificates}, what {@code openstack coe cluster config} sends) as a
     * client certificate for the cluster's Docker API. The subject is the CSR's own (CN=admin, O=system:masters).
     */
    public X509Certificate signTenantClient(String csrPem, Duration validity) {
        PKCS10CertificationRequest csr = Pem.certificateRequest(csrPem);
        return issue(csr.getSubject(), SigningRequests.verifiedPublicKey(csr), CertificateProfile.TENANT_CLIENT,
                List.of(), validity);
    }

    /**
     * Signs a swarm node CSR as cfssl would: the subject comes from the signing request, never from the CSR
     * (swarm sends an empty one), and the SANs from the request's hosts.
     */
    public X509Certificate signSwarmNode(String csrPem, SwarmNodeSubject subject, List<String> hosts,
                                         Duration validity) {
        PublicKey key = SigningRequests.verifiedPublicKey(Pem.certificateRequest(csrPem));
        return issue(subject.toX500Name(), key, CertificateProfile.SWARM_NODE, hosts, validity);
    }

    /**
     * A TLS server certificate and a fresh ECDSA P-256 key for it: a Docker Engine's API ({@code --tlscert},
     * hosts = the addresses clients dial) or this cluster's external CA endpoint (hosts = the address nodes dial).
     */
    public IssuedKeyPair issueTlsServer(String commonName, List<String> hosts, Duration validity) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("A TLS server certificate needs at least one host: the name or IP "
                    + "address clients dial");
        }
        KeyPair keys = newEcKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        return new IssuedKeyPair(issue(subject, keys.getPublic(), CertificateProfile.TLS_SERVER, hosts, validity),
                keys.getPrivate());
    }

    /**
     * A client certificate and a fresh key for caas itself (the conductor talking to this cluster's Engine APIs
     * over mutual TLS); tenants get theirs from {@link #signTenantClient} with a key they keep.
     */
    public IssuedKeyPair issueClient(String commonName, Duration validity) {
        KeyPair keys = newEcKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        return new IssuedKeyPair(issue(subject, keys.getPublic(), CertificateProfile.TENANT_CLIENT, List.of(), validity),
                keys.getPrivate());
    }

    /**
     * Signs a TLS server CSR whose key was made elsewhere and never leaves there: a node's Docker Engine API
     * ({@code --tlscert}). The subject is {@code CN=commonName}, whatever the CSR asks; the SANs are {@code hosts}.
     */
    public X509Certificate signTlsServer(String csrPem, String commonName, List<String> hosts, Duration validity) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("A TLS server certificate needs at least one host: the name or IP "
                    + "address clients dial");
        }
        PublicKey key = SigningRequests.verifiedPublicKey(Pem.certificateRequest(csrPem));
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        return issue(subject, key, CertificateProfile.TLS_SERVER, hosts, validity);
    }

    /**
     * Cross-signs another root (a CSR carrying that root's subject and key, cfssl profile "CA"), so certificates
     * under the new root verify against ours while a cluster moves to it. The subject stays the CSR's: the
     * cross-signed certificate must name exactly the root it stands in for.
     */
    public X509Certificate crossSign(String caCsrPem, Duration validity) {
        PKCS10CertificationRequest csr = Pem.certificateRequest(caCsrPem);
        return issue(csr.getSubject(), SigningRequests.verifiedPublicKey(csr), CertificateProfile.INTERMEDIATE_CA,
                List.of(), validity);
    }

    private X509Certificate issue(X500Name subject, PublicKey subjectKey, CertificateProfile profile,
                                  List<String> hosts, Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("Certificate validity must be positive, not " + validity);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        // a certificate never outlives its issuer: past the root's end it would not verify anyway
        Instant notAfter = min(now.plus(validity), certificate.getNotAfter().toInstant());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, newSerial(),
                    Date.from(now.minus(backdating(validity))), Date.from(notAfter), subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, profile.basicConstraints)
                    .addExtension(Extension.keyUsage, true, profile.keyUsage)
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            if (profile.extendedKeyUsage != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, profile.extendedKeyUsage);
            }
            if (!hosts.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, SubjectAltNames.of(hosts));
            }
            return sign(builder, privateKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot issue a " + profile + " certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws CertificateException {
        String algorithm = "EC".equals(signingKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(signingKey)));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("No " + algorithm + " signer in this JVM: " + e.getMessage(), e);
        }
    }

    private static KeyPair newEcKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 is unavailable in this JVM: " + e.getMessage(), e);
        }
    }

    /** Random, positive, at most 129 bits: unpredictable serials, well inside RFC 5280's 20 octets. */
    private static BigInteger newSerial() {
        return new BigInteger(128, RANDOM).add(BigInteger.ONE);
    }

    /**
     * How far before now a certificate starts: the clock skew allowance, but at most a quarter of its validity.
     * Swarm renews a node certificate at 50-80 % of NotBefore..NotAfter, so a certificate of a few minutes
     * (cert_expiry=3m) backdated by the full allowance would be due for renewal the moment it is issued.
     */
    static Duration backdating(Duration validity) {
        Duration quarter = validity.dividedBy(4);
        return quarter.compareTo(CLOCK_SKEW_ALLOWANCE) < 0 ? quarter : CLOCK_SKEW_ALLOWANCE;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
