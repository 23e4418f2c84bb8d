-- caas schema, version 1. Written for MariaDB 10.11; also runs on H2 in MariaDB mode (the embedded default).

CREATE TABLE cluster_template (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    uuid VARCHAR(36) NOT NULL,
    name VARCHAR(255),
    project_id VARCHAR(255),
    user_id VARCHAR(255),
    coe VARCHAR(255),
    image_id VARCHAR(255),
    flavor_id VARCHAR(255),
    master_flavor_id VARCHAR(255),
    dns_nameserver VARCHAR(255),
    keypair_id VARCHAR(255),
    external_network_id VARCHAR(255),
    fixed_network VARCHAR(255),
    fixed_subnet VARCHAR(255),
    network_driver VARCHAR(255),
    apiserver_port INT,
    docker_volume_size INT,
    cluster_distro VARCHAR(255),
    http_proxy VARCHAR(255),
    https_proxy VARCHAR(255),
    no_proxy VARCHAR(255),
    volume_driver VARCHAR(255),
    registry_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    labels TEXT,
    tls_disabled BOOLEAN NOT NULL DEFAULT FALSE,
    `public` BOOLEAN NOT NULL DEFAULT FALSE,
    server_type VARCHAR(255),
    insecure_registry VARCHAR(255),
    docker_storage_driver VARCHAR(255),
    master_lb_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    floating_ip_enabled BOOLEAN NOT NULL DEFAULT TRUE,
    hidden BOOLEAN NOT NULL DEFAULT FALSE,
    tags TEXT,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    CONSTRAINT uniq_cluster_template_uuid UNIQUE (uuid)
);
CREATE INDEX ix_cluster_template_project ON cluster_template (project_id);

CREATE TABLE cluster (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    uuid VARCHAR(36) NOT NULL,
    name VARCHAR(255),
    project_id VARCHAR(255),
    user_id VARCHAR(255),
    cluster_template_id VARCHAR(36),
    keypair VARCHAR(255),
    master_count INT NOT NULL DEFAULT 0,
    node_count INT NOT NULL DEFAULT 0,
    docker_volume_size INT,
    labels TEXT,
    master_flavor_id VARCHAR(255),
    flavor_id VARCHAR(255),
    create_timeout INT,
    stack_id VARCHAR(255),
    status VARCHAR(32),
    status_reason TEXT,
    health_status VARCHAR(16),
    health_status_reason TEXT,
    discovery_url VARCHAR(255),
    api_address VARCHAR(255),
    coe_version VARCHAR(255),
    container_version VARCHAR(255),
    master_addresses TEXT,
    node_addresses TEXT,
    fixed_network VARCHAR(255),
    fixed_subnet VARCHAR(255),
    floating_ip_enabled BOOLEAN,
    master_lb_enabled BOOLEAN,
    merge_labels BOOLEAN,
    provider VARCHAR(32),
    conductor VARCHAR(255),
    lease_until DATETIME(6),
    lock_version BIGINT NOT NULL DEFAULT 0,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    CONSTRAINT uniq_cluster_uuid UNIQUE (uuid)
);
CREATE INDEX ix_cluster_project ON cluster (project_id);
CREATE INDEX ix_cluster_template_ref ON cluster (cluster_template_id);
CREATE INDEX ix_cluster_status ON cluster (status);

CREATE TABLE nodegroup (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    uuid VARCHAR(36) NOT NULL,
    name VARCHAR(255),
    cluster_id VARCHAR(36) NOT NULL,
    project_id VARCHAR(255),
    docker_volume_size INT,
    labels TEXT,
    flavor_id VARCHAR(255),
    image_id VARCHAR(255),
    node_addresses TEXT,
    node_count INT NOT NULL DEFAULT 0,
    role VARCHAR(255),
    min_node_count INT NOT NULL DEFAULT 0,
    max_node_count INT,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    stack_id VARCHAR(255),
    status VARCHAR(32),
    status_reason TEXT,
    coe_version VARCHAR(255),
    merge_labels BOOLEAN,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    CONSTRAINT uniq_nodegroup_uuid UNIQUE (uuid),
    CONSTRAINT uniq_nodegroup_name_per_cluster UNIQUE (cluster_id, name)
);

CREATE TABLE cluster_node (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    uuid VARCHAR(36) NOT NULL,
    cluster_id VARCHAR(36) NOT NULL,
    nodegroup_id VARCHAR(36),
    name VARCHAR(255),
    role VARCHAR(16),
    host_id VARCHAR(255),
    address VARCHAR(64),
    state VARCHAR(16),
    message TEXT,
    swarm_node_id VARCHAR(64),
    created_at DATETIME(6),
    updated_at DATETIME(6),
    CONSTRAINT uniq_cluster_node_uuid UNIQUE (uuid)
);
CREATE INDEX ix_cluster_node_cluster ON cluster_node (cluster_id);

CREATE TABLE magnum_service (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    host VARCHAR(255) NOT NULL,
    `binary` VARCHAR(255) NOT NULL,
    report_count BIGINT NOT NULL DEFAULT 0,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    disabled_reason VARCHAR(255),
    last_seen_up DATETIME(6),
    created_at DATETIME(6),
    updated_at DATETIME(6),
    CONSTRAINT uniq_magnum_service_host_binary UNIQUE (host, `binary`)
);

CREATE TABLE quota (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    project_id VARCHAR(255) NOT NULL,
    resource VARCHAR(255) NOT NULL,
    hard_limit INT NOT NULL,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    CONSTRAINT uniq_quota_project_resource UNIQUE (project_id, resource)
);

CREATE TABLE cluster_ca (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    cluster_id VARCHAR(36) NOT NULL,
    generation INT NOT NULL,
    cert_pem TEXT NOT NULL,
    sealed_key VARBINARY(4096) NOT NULL,
    created_at DATETIME(6),
    CONSTRAINT uniq_cluster_ca_generation UNIQUE (cluster_id, generation)
);

CREATE TABLE cluster_event (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    cluster_id VARCHAR(36) NOT NULL,
    kind VARCHAR(64) NOT NULL,
    message TEXT,
    request_id VARCHAR(64),
    created_at DATETIME(6)
);
CREATE INDEX ix_cluster_event_cluster ON cluster_event (cluster_id, id);

CREATE TABLE cluster_operation (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    uuid VARCHAR(36) NOT NULL,
    cluster_id VARCHAR(36) NOT NULL,
    action VARCHAR(32) NOT NULL,
    arguments TEXT,
    request_id VARCHAR(64),
    state VARCHAR(16) NOT NULL,
    attempts INT NOT NULL DEFAULT 0,
    result TEXT,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    CONSTRAINT uniq_cluster_operation_uuid UNIQUE (uuid)
);
CREATE INDEX ix_cluster_operation_state ON cluster_operation (state, updated_at);
CREATE INDEX ix_cluster_operation_cluster ON cluster_operation (cluster_id);
