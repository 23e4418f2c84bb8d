package io.caas.api.node;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;

/** The node a bootstrap call authenticated as, and its cluster, as read when the call came in. */
record BootstrapNode(Cluster cluster, ClusterNode node) {
}
