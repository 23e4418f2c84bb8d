package io.caas.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String UUID = "5d12f6fd-a196-4bf0-ae4c-1f639a523a52";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DNS = 2;
    private static final int IP = 7;

    private final CertificateAuthority ca = CertificateAuthority.createRoot(UUID, Duration.ofDays(3650), CLOCK);

    @Test
    void rootIsASelfSignedP256CaNamedAfterTheCluster() throws Exception {
        X509Certificate root = ca.certificate();

        root.verify(root.getPublicKey());
        assertThat(root.getSubjectX500Principal().getName()).contains("CN=caas cluster root " + UUID);
        assertThat(((ECPublicKey) root.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(root.getBasicConstraints()).isEqualTo(1);
        assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(root.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
        assertThat(root.getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateAuthority.CLOCK_SKEW_ALLOWANCE));
    }

    @Test
    void aReloadedCaSignsCertificatesThatChainToTheOriginalRoot() throws Exception {
        CertificateAuthority reloaded = CertificateAuthority.load(ca.certificatePem(), ca.privateKeyPkcs8(), CLOCK);

        X509Certificate client = reloaded.signTenantClient(adminCsr(), Duration.ofDays(30));

        assertThat(reloaded.certificate()).isEqualTo(ca.certificate());
        Chains.verify(ca.certificate(), NOW, client);
    }

    @Test
    void tenantClientKeepsTheCsrSubjectAndMayOnlyAuthenticateClients() throws Exception {
        X509Certificate client = ca.signTenantClient(adminCsr(), Duration.ofDays(365));

        Chains.verify(ca.certificate(), NOW, client);
        assertThat(client.getSubjectX500Principal()).isEqualTo(new X500Principal("O=system:masters, CN=admin"));
        assertThat(client.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(client.getBasicConstraints()).isEqualTo(-1);
        assertThat(client.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    }

    @Test
    void swarmNodeTakesSubjectFromTheRequestAndSansFromHosts() throws Exception {
        String csr = TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair());
        SwarmNodeSubject subject = new SwarmNodeSubject("kq1qjbl1h2y7", "3xqfz0kbrdfm6", SwarmNodeSubject.MANAGER_UNIT);

        X509Certificate node = ca.signSwarmNode(csr, subject,
                List.of("swarm-manager", "kq1qjbl1h2y7", "swarm-ca"), DurationText.parse("90d"));

        Chains.verify(ca.certificate(), NOW, node);
        assertThat(node.getSubjectX500Principal())
                .isEqualTo(new X500Principal("CN=kq1qjbl1h2y7, OU=swarm-manager, O=3xqfz0kbrdfm6"));
        assertThat(node.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(DNS, "swarm-manager"), List.of(DNS, "kq1qjbl1h2y7"), List.of(DNS, "swarm-ca"));
        assertThat(node.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
        assertThat(node.getKeyUsage()).containsExactly(true, false, true, false, false, false, false, false, false);
        assertThat(node.getBasicConstraints()).isEqualTo(-1);
        assertThat(node.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(90)));
    }

    @Test
    void aShortLivedNodeCertificateIsBackdatedByAQuarterOfItsValidityOnly() {
        String csr = TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair());
        SwarmNodeSubject subject = new SwarmNodeSubject("n1", "c1", SwarmNodeSubject.WORKER_UNIT);

        X509Certificate threeMinutes = ca.signSwarmNode(csr, subject, List.of("swarm-worker"), Duration.ofMinutes(3));
        X509Certificate ninetyDays = ca.signSwarmNode(csr, subject, List.of("swarm-worker"), Duration.ofDays(90));

        // swarm renews at 50-80 % of NotBefore..NotAfter: that point must lie after the issue, not before it
        assertThat(threeMinutes.getNotBefore().toInstant()).isEqualTo(NOW.minusSeconds(45));
        assertThat(threeMinutes.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(3)));
        assertThat(ninetyDays.getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateAuthority.CLOCK_SKEW_ALLOWANCE));
    }

    @Test
    void noCertificateOutlivesTheRoot() {
        CertificateAuthority shortRoot = CertificateAuthority.createRoot(UUID, Duration.ofHours(1), CLOCK);

        X509Certificate node = shortRoot.signSwarmNode(TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair()),
                new SwarmNodeSubject("n1", "c1", SwarmNodeSubject.WORKER_UNIT), List.of("swarm-worker", "n1"),
                Duration.ofDays(90));

        assertThat(node.getNotAfter()).isEqualTo(shortRoot.certificate().getNotAfter());
    }

    @Test
    void tlsServerCarriesIpAndDnsSansAndAMatchingFreshKey() throws Exception {
        IssuedKeyPair server = ca.issueTlsServer("node-1", List.of("198.18.77.11", "127.0.0.1", "node-1"),
                Duration.ofDays(365));

        X509Certificate certificate = server.certificate();
        Chains.verify(ca.certificate(), NOW, certificate);
        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(IP, "198.18.77.11"), List.of(IP, "127.0.0.1"), List.of(DNS, "node-1"));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(server.privateKey());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        signer.initVerify(certificate.getPublicKey());
        signer.update(new byte[] {1, 2, 3});
        assertThat(signer.verify(signature)).isTrue();
        assertThat(server.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Pem.certificate(server.certificatePem())).isEqualTo(certificate);
        assertThat(server.toString()).doesNotContain(Base64.getEncoder().encodeToString(server.privateKey().getEncoded()));
    }

    @Test
    void engineServerCertificateTakesTheKeyOfTheCsrAndTheNamesCaasChose() throws Exception {
        KeyPair engineKey = TestCsrs.ecKeyPair();
        String csr = TestCsrs.csr(engineKey, new X500Name("CN=whatever-the-node-asks"));

        X509Certificate engine = ca.signTlsServer(csr, "node-1", List.of("198.18.77.11", "node-1"), Duration.ofDays(365));

        Chains.verify(ca.certificate(), NOW, engine);
        assertThat(engine.getPublicKey()).isEqualTo(engineKey.getPublic());
        assertThat(engine.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=node-1"));
        assertThat(engine.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(engine.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(engine.getKeyUsage()[2]).as("keyEncipherment").isTrue();
        assertThat(engine.getSubjectAlternativeNames()).extracting(san -> san.get(0), san -> san.get(1))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(IP, "198.18.77.11"),
                        org.assertj.core.groups.Tuple.tuple(DNS, "node-1"));
        assertThatThrownBy(() -> ca.signTlsServer(csr, "node-1", List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void crossSignedRootLetsTheOldRootVerifyTheNewRootsLeaves() throws Exception {
        CertificateAuthority next = CertificateAuthority.createRoot("swarm-internal", Duration.ofDays(3650), CLOCK);
        KeyPair nextKeys = new KeyPair(next.certificate().getPublicKey(),
                Pem.privateKey(next.privateKeyPkcs8(), "EC"));
        String caCsr = TestCsrs.csr(nextKeys, X500Name.getInstance(next.certificate().getSubjectX500Principal().getEncoded()));

        X509Certificate crossSigned = ca.crossSign(caCsr, Duration.ofDays(365));
        X509Certificate leafOfNext = next.signSwarmNode(TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair()),
                new SwarmNodeSubject("n2", "c1", SwarmNodeSubject.WORKER_UNIT), List.of("swarm-worker", "n2"),
                Duration.ofDays(1));

        assertThat(crossSigned.getBasicConstraints()).isEqualTo(0);
        assertThat(crossSigned.getSubjectX500Principal()).isEqualTo(next.certificate().getSubjectX500Principal());
        assertThat(crossSigned.getPublicKey()).isEqualTo(next.certificate().getPublicKey());
        Chains.verify(ca.certificate(), NOW, leafOfNext, crossSigned);
    }

    @Test
    void aNodeCertificateCannotSignOtherCertificates() {
        X509Certificate node = ca.signSwarmNode(TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair()),
                new SwarmNodeSubject("n1", "c1", SwarmNodeSubject.MANAGER_UNIT), List.of("n1"), Duration.ofDays(1));
        CertificateAuthority other = CertificateAuthority.createRoot("other", Duration.ofDays(1), CLOCK);
        X509Certificate issuedByOther = other.signTenantClient(adminCsr(), Duration.ofHours(1));

        assertThatThrownBy(() -> Chains.verify(ca.certificate(), NOW, node, issuedByOther))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void refusesCsrsThatDoNotProveKeyPossessionOrUseWeakKeys() {
        String genuine = adminCsr();
        String otherKeysCsr = TestCsrs.swarmNodeCsr(TestCsrs.ecKeyPair());
        String spliced = splice(genuine, otherKeysCsr);

        assertThatThrownBy(() -> ca.signTenantClient(spliced, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signature does not verify");
        assertThatThrownBy(() -> ca.signTenantClient(TestCsrs.csr(TestCsrs.keyPair("RSA", 1024),
                new X500Name("CN=admin")), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA of at least 2048");
        assertThatThrownBy(() -> ca.signTenantClient("not a csr", Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ca.signTenantClient(ca.certificatePem(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CERTIFICATE REQUEST");
    }

    @Test
    void acceptsTheRsa2048CsrsMagnumClientSends() throws Exception {
        String csr = TestCsrs.csr(TestCsrs.keyPair("RSA", 2048), new X500Name("CN=admin,O=system:masters"));
        Chains.verify(ca.certificate(), NOW, ca.signTenantClient(csr, Duration.ofDays(1)));
    }

    @Test
    void refusesHostsThatAreNeitherNamesNorAddresses() {
        assertThatThrownBy(() -> ca.issueTlsServer("x", List.of("a b;rm -rf /"), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither an IP address");
        assertThatThrownBy(() -> ca.issueTlsServer("x", List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String adminCsr() {
        return TestCsrs.csr(TestCsrs.ecKeyPair(), new X500Name("CN=admin,O=system:masters"));
    }

    /** The CSR info (subject and key) of one CSR under the signature of another: a CSR whose key did not sign it. */
    private static String splice(String infoFrom, String signatureFrom) {
        var info = Pem.certificateRequest(infoFrom).toASN1Structure();
        var signature = Pem.certificateRequest(signatureFrom).toASN1Structure();
        var forged = new org.bouncycastle.asn1.pkcs.CertificationRequest(info.getCertificationRequestInfo(),
                signature.getSignatureAlgorithm(), signature.getSignature());
        return Pem.encode(new org.bouncycastle.pkcs.PKCS10CertificationRequest(forged));
    }
}
