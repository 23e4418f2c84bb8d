package io.caas.api.web;

/**
 * A failure the client caused or must know about, with the HTTP status and the exact text Magnum answers.
 * {@link ErrorMapper} turns it into Magnum's {"errors": [...]} body.
 */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException notAcceptable(String message) {
        return new ApiException(406, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /** wsme's InvalidInput text: the field, its value as Python prints it, and why. */
    public static ApiException invalidInput(String field, Object value, String reason) {
        return badRequest("Invalid input for field/attribute " + field + ". Value: '" + Python.str(value) + "'. " + reason);
    }

    public static ApiException policy(String rule) {
        return forbidden("Policy doesn't allow " + rule + " to be performed.");
    }
}
