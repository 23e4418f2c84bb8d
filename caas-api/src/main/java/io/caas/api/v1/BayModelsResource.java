package io.caas.api.v1;

import jakarta.ws.rs.Path;

/** /v1/baymodels: the pre-Newton name of cluster templates, kept for old clients. */
@Path("v1/baymodels")
public class BayModelsResource extends ClusterTemplatesResource {
    public BayModelsResource(ApiContext context) {
        super(context, Naming.BAYMODELS);
    }
}
