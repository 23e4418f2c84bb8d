package io.caas.api.auth;

import jakarta.ws.rs.container.ContainerRequestContext;

/** {@code [api] auth_strategy = keystone}: the caller's X-Auth-Token, validated by Keystone. */
public final class KeystoneAuthenticator implements Authenticator {
    static final String TOKEN_HEADER = "X-Auth-Token";
    private static final String ADMIN_ROLE = "admin";

    private final KeystoneTokenValidator validator;
    private final String challenge;

    public KeystoneAuthenticator(KeystoneTokenValidator validator, String wwwAuthenticateUri) {
        this.validator = validator;
        this.challenge = "Keystone uri=\"" + wwwAuthenticateUri + "\"";
    }

    @Override
    public RequestContext authenticate(ContainerRequestContext request, String requestId)
            throws AuthenticationFailedException, IdentityUnavailableException {
        String token = request.getHeaderString(TOKEN_HEADER);
        if (token == null || token.isBlank()) {
            throw new AuthenticationFailedException("no X-Auth-Token header");
        }
        ValidatedToken validated = validator.validate(token.strip());
        // Magnum's context_is_admin default is role:admin; the policy file cannot change who is admin here
        boolean isAdmin = validated.roles().stream().anyMatch(ADMIN_ROLE::equalsIgnoreCase);
        return new RequestContext(validated.userId(), validated.userName(), validated.userDomainId(),
                validated.projectId(), validated.projectName(), validated.roles(), isAdmin, requestId,
                token.strip());
    }

    @Override
    public String challenge() {
        return challenge;
    }
}
