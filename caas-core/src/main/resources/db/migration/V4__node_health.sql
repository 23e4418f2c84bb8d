-- Per-node health as the conductor's periodic check sees it through the cluster's Engine API.
-- The cluster's own health_status / health_status_reason (Magnum's columns) exist since V1.
-- health_status: HEALTHY, UNHEALTHY or UNKNOWN (engine unreachable); null until first checked.
-- unhealthy_since: when the node was first seen UNHEALTHY in the current run (auto-heal's grace period
-- counts from here); cleared when it is HEALTHY again.
ALTER TABLE cluster_node ADD COLUMN health_status VARCHAR(16);
ALTER TABLE cluster_node ADD COLUMN health_reason VARCHAR(255);
ALTER TABLE cluster_node ADD COLUMN unhealthy_since DATETIME(6);
