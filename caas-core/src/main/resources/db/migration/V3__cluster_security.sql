-- What caas keeps to be each swarm's external CA and to let its nodes bootstrap.

-- The cluster's external CA listener port (one per cluster: nodes dial an IP, and Go sends no SNI to an IP),
-- and the swarm's own cluster id (the O of every node certificate), recorded after swarm init.
ALTER TABLE cluster ADD COLUMN external_ca_port INT;
ALTER TABLE cluster ADD COLUMN swarm_cluster_id VARCHAR(64);
CREATE UNIQUE INDEX uniq_cluster_external_ca_port ON cluster (external_ca_port);

-- A node's bootstrap bearer token, kept only as its SHA-256 (hex).
ALTER TABLE cluster_node ADD COLUMN bootstrap_token_hash VARCHAR(64);

-- Sealed per-cluster secrets: join material, the swarm's internal root while it rotates to ours, unlock keys.
CREATE TABLE cluster_secret (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    cluster_id VARCHAR(36) NOT NULL,
    name VARCHAR(64) NOT NULL,
    sealed_value VARBINARY(16384) NOT NULL,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    CONSTRAINT uniq_cluster_secret_name UNIQUE (cluster_id, name)
);

-- Every certificate a cluster CA issued, as the external CA endpoint and the API record them.
CREATE TABLE cluster_certificate (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    cluster_id VARCHAR(36) NOT NULL,
    serial VARCHAR(64) NOT NULL,
    common_name VARCHAR(255),
    organizational_unit VARCHAR(64),
    not_after DATETIME(6),
    created_at DATETIME(6)
);
CREATE INDEX ix_cluster_certificate_cluster ON cluster_certificate (cluster_id, id);
