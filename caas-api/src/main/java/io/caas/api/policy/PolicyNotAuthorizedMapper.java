package io.caas.api.policy;

import io.caas.api.auth.MagnumErrorBody;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Renders a policy denial as Magnum does: 403 with the error envelope. */
@Provider
public final class PolicyNotAuthorizedMapper implements ExceptionMapper<PolicyNotAuthorized> {
    @Override
    public Response toResponse(PolicyNotAuthorized denied) {
        return Response.status(PolicyNotAuthorized.HTTP_STATUS)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(MagnumErrorBody.of(PolicyNotAuthorized.HTTP_STATUS, denied.getMessage()))
                .build();
    }
}
