package io.caas.api.externalca;

import java.math.BigInteger;
import java.time.Instant;

/**
 * One certificate the endpoint signed.
 *
 * @param organizationalUnit swarm-manager or swarm-worker for a node; null for a cross-signed root
 */
public record IssuedCertificate(BigInteger serial, String commonName, String organizationalUnit, Instant notAfter) {
}
