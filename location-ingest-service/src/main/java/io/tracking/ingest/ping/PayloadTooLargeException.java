package io.tracking.ingest.ping;

/** The request body is longer than {@code tracking.ingest.max-body-size}. */
final class PayloadTooLargeException extends RuntimeException {

    private final int limitBytes;

    PayloadTooLargeException(int limitBytes) {
        super("body over " + limitBytes + " bytes", null, false, false);
        this.limitBytes = limitBytes;
    }

    int limitBytes() {
        return limitBytes;
    }
}
