-- CA rotation: which operation made a root (so a conductor that takes a rotation over finds the root it was moving
-- to), and which root generation caas wants each node's Engine API certificate from (its node agent polls it).
ALTER TABLE cluster_ca ADD COLUMN operation_id VARCHAR(36);
ALTER TABLE cluster_node ADD COLUMN engine_tls_generation INT;
