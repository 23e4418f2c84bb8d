package io.caas.api.v1;

import io.caas.api.web.Authorizer;
import io.caas.core.persistence.Database;
import io.caas.core.spi.DriverKey;
import java.time.Clock;
import java.util.Set;

/**
 * What the v1 resources work with. {@code defaultClusterQuota} is [quotas] max_clusters_per_project,
 * {@code serviceDownTime} [conductor] service_down_time in seconds, {@code maxLimit} [api] max_limit.
 */
public record ApiContext(Database database, Catalogues catalogues, Set<DriverKey> drivers, OperationSink operations,
                         Authorizer authorizer, CertificateService certificates, int defaultClusterQuota,
                         int serviceDownTime, int maxLimit, Clock clock) {
}
