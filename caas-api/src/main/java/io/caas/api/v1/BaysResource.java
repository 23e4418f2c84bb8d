package io.caas.api.v1;

import jakarta.ws.rs.Path;

/** /v1/bays: the pre-Newton name of clusters, with Magnum's renamed fields (baymodel_id, bay_create_timeout...). */
@Path("v1/bays")
public class BaysResource extends ClustersResource {
    public BaysResource(ApiContext context) {
        super(context, Naming.BAYS);
    }
}
