package io.caas.api.policy;

/** A policy check denied the caller; the API answers 403 with this message, as Magnum does. */
public final class PolicyNotAuthorized extends RuntimeException {
    public static final int HTTP_STATUS = 403;
    private final String rule;

    public PolicyNotAuthorized(String rule) {
        super("Policy doesn't allow " + rule + " to be performed.");
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
