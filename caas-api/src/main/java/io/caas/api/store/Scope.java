package io.caas.api.store;

/**
 * Which rows a caller may see: every project (an admin, as Magnum's all_tenants) or one. Anything outside the scope
 * is "not found", never "forbidden", so a tenant cannot probe another's names.
 */
public record Scope(String projectId) {
    public static Scope all() {
        return new Scope(null);
    }

    public boolean everything() {
        return projectId == null;
    }
}
