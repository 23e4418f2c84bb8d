-- The API looks clusters and templates up by name (Magnum's name-or-uuid identifiers) within a project.
CREATE INDEX ix_cluster_project_name ON cluster (project_id, name);
CREATE INDEX ix_cluster_template_name ON cluster_template (name);
CREATE INDEX ix_nodegroup_cluster_role ON nodegroup (cluster_id, role);
