package io.kindly.admin;

/**
 * An admin request Kindly will not carry out, with the HTTP status and the reason it is told (JSON, by the route
 * configuration kindly-admin-errors in routes/admin.camel.yaml). The reason never quotes a token.
 */
public final class AdminException extends Exception {
    private final int status;

    AdminException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** The HTTP status of the answer; public for the route configuration ({@code ${exception.status}}). */
    public int getStatus() {
        return status;
    }
}
