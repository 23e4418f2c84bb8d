package io.caas.api.v1;

import io.caas.api.trust.ClusterTrustIssuer;
import io.caas.api.web.Authorizer;
import io.caas.core.persistence.Database;
import io.caas.core.spi.DriverKey;
import java.time.Clock;
import java.util.Set;

/**
 * What the v1 resources work with. {@code defaultClusterQuota} is [quotas] max_clusters_per_project,
 * {@code serviceDownTime} [conductor] service_down_time in seconds, {@code maxLimit} [api] max_limit,
 * {@code trusts} who makes a new cluster's Keystone trust.
 */
public record ApiContext(Database database, Catalogues catalogues, Set<DriverKey> drivers, OperationSink operations,
                         Authorizer authorizer, CertificateService certificates, int defaultClusterQuota,
                         int serviceDownTime, int maxLimit, Clock clock, ClusterTrustIssuer trusts) {
    /** The same context issuing cluster trusts through {@code issuer}. */
    public ApiContext withTrusts(ClusterTrustIssuer issuer) {
        return new ApiContext(database, catalogues, drivers, operations, authorizer, certificates, defaultClusterQuota,
                serviceDownTime, maxLimit, clock, issuer);
    }
}
