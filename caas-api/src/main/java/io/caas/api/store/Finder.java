package io.caas.api.store;

import io.caas.api.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.query.SelectionQuery;

/**
 * Name-or-UUID lookup within a scope, as Magnum's get_resource: a UUID-like identifier by uuid, anything else by
 * name; nothing is 404 with the resource's own text, two rows with that name is 409.
 */
public final class Finder {
    private Finder() {
    }

    public static <T> T find(Session session, Class<T> entity, String ident, String scopeClause,
                             Map<String, Object> scopeParameters, Function<String, ApiException> notFound,
                             String duplicateText) {
        boolean byUuid = Idents.isUuid(ident);
        String hql = "from " + entity.getSimpleName() + " e where " + (byUuid ? "e.uuid = :ident" : "e.name = :ident")
                + (scopeClause == null ? "" : " and (" + scopeClause + ")");
        SelectionQuery<T> query = session.createSelectionQuery(hql, entity)
                .setParameter("ident", byUuid ? Idents.canonical(ident) : ident);
        scopeParameters.forEach(query::setParameter);
        List<T> rows = query.setMaxResults(2).getResultList();
        if (rows.isEmpty()) {
            throw notFound.apply(ident);
        }
        if (rows.size() > 1) {
            throw ApiException.conflict(duplicateText);
        }
        return rows.get(0);
    }
}
