package io.caas.api.v1;

import io.caas.api.store.Clusters;
import io.caas.api.web.ApiException;
import io.caas.api.web.Call;
import io.caas.api.web.Caller;
import io.caas.api.web.Json;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterAction;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterStatus;
import io.caas.core.model.ClusterTemplate;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** /v1/certificates: a cluster's CA (GET), signing a client CSR (POST), rotating the CA (PATCH, an operation). */
@Path("v1/certificates")
public final class CertificatesResource {
    private static final BodySchema SCHEMA = new BodySchema("certificate", Field.text("bay_uuid"),
            Field.text("cluster_uuid"), Field.readOnly("links"), Field.string("csr", 1, null), Field.string("pem", 0, null),
            Field.string("ca_cert_type", 0, null), Field.readOnly("created_at"), Field.readOnly("updated_at"));

    /** Statuses in which the swarm is not (yet, or any more) running on the cluster's root. */
    private static final Set<ClusterStatus> NOT_ROTATABLE = Set.of(ClusterStatus.CREATE_IN_PROGRESS,
            ClusterStatus.CREATE_FAILED, ClusterStatus.DELETE_IN_PROGRESS, ClusterStatus.DELETE_COMPLETE);

    private final ApiContext context;

    public CertificatesResource(ApiContext context) {
        this.context = context;
    }

    @GET
    @Path("{cluster}")
    public Response caCertificate(@Context ContainerRequestContext request, @PathParam("cluster") String ident) {
        Listing.allowOnly(request, Set.of("ca_cert_type"));
        Call call = Call.of(request);
        Caller caller = call.caller();
        Cluster cluster = context.database().transaction(s -> Clusters.find(s, ident, caller));
        context.authorizer().enforce("certificate:get", caller, cluster.projectId, cluster.userId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cluster_uuid", cluster.uuid);
        body.put("bay_uuid", cluster.uuid);
        body.put("pem", context.certificates().caPem(cluster.uuid));
        body.put("links", Views.links(call.baseUrl(), "certificates", cluster.uuid));
        return Json.ok(body);
    }

    @POST
    public Response sign(@Context ContainerRequestContext request, String text) {
        Listing.allowOnly(request, Set.of());
        Call call = Call.of(request);
        Caller caller = call.caller();
        Map<String, Object> values = SCHEMA.read(Json.parse(text));
        String ident = (String) (values.get("cluster_uuid") != null ? values.get("cluster_uuid") : values.get("bay_uuid"));
        if (ident == null) {
            throw ApiException.invalidInput("cluster_uuid", null, "Mandatory field missing.");
        }
        String csr = (String) values.get("csr");
        if (csr == null) {
            throw ApiException.invalidInput("csr", null, "Mandatory field missing.");
        }
        Cluster cluster = context.database().transaction(s -> {
            try {
                return Clusters.find(s, ident, caller);
            } catch (ApiException e) {
                throw e.status() == 404 ? ApiException.badRequest(e.getMessage()) : e;
            }
        });
        context.authorizer().enforce("certificate:create", caller, cluster.projectId, cluster.userId);
        String pem;
        try {
            pem = context.certificates().sign(cluster.uuid, csr);
        } catch (IllegalArgumentException invalid) {
            throw ApiException.badRequest("Received invalid csr " + csr + ".");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cluster_uuid", cluster.uuid);
        body.put("bay_uuid", cluster.uuid);
        body.put("csr", csr);
        body.put("pem", pem);
        body.put("links", Views.links(call.baseUrl(), "certificates", cluster.uuid));
        return Json.ok(201, body);
    }

    /**
     * Accepts a CA rotation as an operation: UPDATE_IN_PROGRESS, then the driver moves every node and engine to a new
     * root (UPDATE_COMPLETE) or says why it could not (UPDATE_FAILED). Only a cluster whose swarm has come up on its
     * root has something to rotate.
     */
    @PATCH
    @Path("{cluster}")
    public Response rotate(@Context ContainerRequestContext request, @PathParam("cluster") String ident) {
        Listing.allowOnly(request, Set.of());
        Call call = Call.of(request);
        Caller caller = call.caller();
        Instant now = context.clock().instant();
        ClusterOperation accepted = context.database().transaction(s -> {
            Cluster cluster = Clusters.find(s, ident, caller);
            ClusterTemplate template = s.createSelectionQuery("from ClusterTemplate t where t.uuid = :u", ClusterTemplate.class)
                    .setParameter("u", cluster.clusterTemplateId).getSingleResultOrNull();
            context.authorizer().enforce("certificate:rotate_ca", caller, cluster.projectId, cluster.userId);
            if (template != null && template.tlsDisabled) {
                throw ApiException.badRequest("Rotating the CA certificate on a non-TLS cluster is not supported");
            }
            if (cluster.swarmClusterId == null || NOT_ROTATABLE.contains(cluster.status)) {
                throw ApiException.badRequest("Cluster " + cluster.uuid + " is " + cluster.status + ": no swarm runs on its"
                        + " CA to rotate; rotate the CA of a cluster that has come up (CREATE_COMPLETE or after).");
            }
            cluster.status = ClusterStatus.UPDATE_IN_PROGRESS;
            cluster.statusReason = null;
            cluster.updatedAt = now;
            return Operations.record(s, cluster.uuid, ClusterAction.ROTATE_CA, Map.of(), call.requestId(), now);
        });
        Operations.submit(context.operations(), accepted);
        return Json.ok(202, Map.of("uuid", accepted.clusterId));
    }
}
