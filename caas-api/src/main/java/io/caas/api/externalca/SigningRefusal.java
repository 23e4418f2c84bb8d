package io.caas.api.externalca;

/**
 * Why the endpoint did not sign, and how swarm must take it. Swarm retries (every ~10 s) on any status but 200,
 * and gives a node up for good on 200 with {@code success:false}. So a request that can never succeed (a worker
 * asking for a manager certificate, a broken CSR) is refused with 200, while anything that may heal (caller not
 * yet trusted, swarm id not yet recorded, caas failing) is answered with an error status.
 * Codes follow cfssl's category*1000+reason scheme: 1000 unknown, 5002 policy forbids, 5003 invalid request,
 * 5004 unknown profile, 9003 unusable CSR.
 */
final class SigningRefusal extends Exception {
    static final int UNKNOWN = 1000;
    static final int POLICY_FORBIDS = 5002;
    static final int INVALID_REQUEST = 5003;
    static final int UNKNOWN_PROFILE = 5004;
    static final int UNUSABLE_CSR = 9003;

    final int httpStatus;
    final int code;

    private SigningRefusal(int httpStatus, int code, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    /** Final: swarm marks the node's certificate failed and does not ask again. */
    static SigningRefusal refused(int code, String message) {
        return new SigningRefusal(200, code, message);
    }

    /** Not final: swarm asks again later. */
    static SigningRefusal retryLater(int httpStatus, int code, String message) {
        return new SigningRefusal(httpStatus, code, message);
    }
}
