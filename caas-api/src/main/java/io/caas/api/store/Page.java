package io.caas.api.store;

import io.caas.api.web.ApiException;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.hibernate.query.SelectionQuery;

/**
 * One page of a collection as Magnum pages it: ordered by sort_key then id in sort_dir, starting after the marker
 * row, at most limit rows. {@code markerId} and {@code markerKey} come from the marker row, looked up first.
 */
public record Page(int limit, String sortKey, String sortDir, Long markerId, Object markerKey) {

    /** Builds the HQL for {@code select} from {@code entity} with an extra where clause; properties maps sort keys. */
    public <T> List<T> fetch(Session session, Class<T> type, String select, String entity, String where,
                             Map<String, Object> parameters, Map<String, String> properties) {
        String property = properties.get(sortKey);
        if (property == null) {
            throw ApiException.badRequest("The sort_key value \"" + sortKey + "\" is an invalid field for sorting");
        }
        String cmp = sortDir.equals("desc") ? "<" : ">";
        StringBuilder hql = new StringBuilder(select).append(" from ").append(entity).append(" e where ")
                .append(where == null || where.isBlank() ? "1=1" : where);
        if (markerId != null) {
            if (property.equals("id")) {
                hql.append(" and e.id ").append(cmp).append(" :markerId");
            } else if (markerKey == null) {
                hql.append(" and (e.").append(property).append(" is not null or e.id ").append(cmp).append(" :markerId)");
            } else {
                hql.append(" and (e.").append(property).append(' ').append(cmp).append(" :markerKey or (e.")
                        .append(property).append(" = :markerKey and e.id ").append(cmp).append(" :markerId))");
            }
        }
        hql.append(" order by e.").append(property).append(' ').append(sortDir);
        if (!property.equals("id")) {
            hql.append(", e.id ").append(sortDir);
        }
        SelectionQuery<T> query = session.createSelectionQuery(hql.toString(), type);
        parameters.forEach(query::setParameter);
        if (markerId != null) {
            query.setParameter("markerId", markerId);
            if (!property.equals("id") && markerKey != null) {
                query.setParameter("markerKey", markerKey);
            }
        }
        return query.setMaxResults(limit).getResultList();
    }

    public Page after(Long id, Object key) {
        return new Page(limit, sortKey, sortDir, id, key);
    }
}
