package io.tracking.ingest.ping;

import java.time.Instant;

/** The 202 answer to one ping: Kafka has it. Echoes the ping's identity, never its coordinates. */
record Receipt(String status, String driverId, Instant recordedAt) {

    static Receipt accepted(String driverId, Instant recordedAt) {
        return new Receipt("accepted", driverId, recordedAt);
    }
}
