package io.tracking.ingest.publish;

/**
 * Kafka did not acknowledge every ping of a request in time, or refused one. Some pings of the request may still
 * reach the topic later; a retry by the client is harmless because a ping's identity is driver id + recordedAt.
 */
public final class PublishFailedException extends RuntimeException {

    PublishFailedException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
