package io.tracking.ingest.stream;

/**
 * The status and reason of a close frame the server sends (RFC 6455, section 7.4).
 *
 * @param code the status code
 * @param reason a fixed text for the client's logs, never anything the client sent
 */
record StreamClose(int code, String reason) {

    /** The server shuts down, or the connection was idle for too long. */
    static StreamClose goingAway(String reason) {
        return new StreamClose(1001, reason);
    }

    /** The token expired, or the driver holds too many connections. */
    static StreamClose policyViolation(String reason) {
        return new StreamClose(1008, reason);
    }

    /** A binary frame: the protocol is text only. */
    static StreamClose notAcceptable(String reason) {
        return new StreamClose(1003, reason);
    }

    /** A frame (or a fragmented message) larger than {@code max-frame-size}. */
    static StreamClose tooBig(String reason) {
        return new StreamClose(1009, reason);
    }
}
