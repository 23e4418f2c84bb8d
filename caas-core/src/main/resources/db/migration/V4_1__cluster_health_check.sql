-- Which conductor checks a cluster's health next, and when: a conductor claims a cluster for one interval in a
-- conditional update (next_check_at <= now), so among all live conductors exactly one checks it per interval.
CREATE TABLE cluster_health_check (
    cluster_id VARCHAR(36) NOT NULL PRIMARY KEY,
    checked_by VARCHAR(255),
    next_check_at DATETIME(6) NOT NULL
);
