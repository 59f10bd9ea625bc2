package io.kindly.inbound;

/**
 * An inbound request Kindly will not act on, with the HTTP status and the reason the caller is told. The reason never
 * quotes the request (it may hold a phone number or a message). The route configuration {@code kindly-inbound-errors}
 * ({@code routes/inbound/answers.camel.yaml}) turns it into the answer: this status, {@code {"error": reason}}.
 */
public final class InboundException extends Exception {
    private final int status;

    private InboundException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    static InboundException badRequest(String reason) {
        return new InboundException(400, reason);
    }

    static InboundException unauthorized(String reason) {
        return new InboundException(401, reason);
    }

    static InboundException notFound(String reason) {
        return new InboundException(404, reason);
    }

    /** Known, but not in a state to take this now; the sender should try again later. */
    static InboundException conflict(String reason) {
        return new InboundException(409, reason);
    }

    static InboundException methodNotAllowed(String reason) {
        return new InboundException(405, reason);
    }

    static InboundException tooLarge(String reason) {
        return new InboundException(413, reason);
    }

    /** Kindly is not ready to act on requests yet (starting, or a database does not answer): answered 503. */
    public static InboundException unavailable(String reason) {
        return new InboundException(503, reason);
    }

    static InboundException unsupported(String reason) {
        return new InboundException(415, reason);
    }

    /** The HTTP status of the answer; public for the route configuration ({@code ${exception.status}}). */
    public int status() {
        return status;
    }
}
