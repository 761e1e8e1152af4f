package io.tracking.writer.batch;

import io.tracking.contract.LocationUpdate;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * A valid location update waiting to be stored, with the partition and offset it was read from (the offset names
 * the record if the database refuses the row and it goes to the dead-letter topic). Flat on purpose: while the
 * writer drains a backlog it holds up to two flushes of these (hundreds of thousands), and every young collection
 * copies them; one object of primitives instead of an update with two {@code Instant}s and three boxed doubles
 * makes that a third of the work.
 *
 * @param recordedMicros {@code recordedAt} in microseconds since the epoch (PostgreSQL's precision)
 * @param receivedMicros {@code receivedAt} in microseconds since the epoch
 * @param accuracyMeters {@link Double#NaN} when absent (JSON has no NaN and the contract rejects it, so a NaN
 *        here always means "absent"); likewise {@code speedMps} and {@code headingDegrees}
 */
record BufferedPing(TopicPartition partition, long offset, String driverId, long recordedMicros, long receivedMicros,
        double latitude, double longitude, double accuracyMeters, double speedMps, double headingDegrees) {

    /** {@code update}, which passed the contract's rules (so its instants are present). */
    static BufferedPing of(TopicPartition partition, long offset, LocationUpdate update) {
        return of(partition, offset, update, update.driverId());
    }

    /** {@code update} with {@code driverId}, an equal string (e.g. one shared by all pings of the driver). */
    static BufferedPing of(TopicPartition partition, long offset, LocationUpdate update, String driverId) {
        return new BufferedPing(partition, offset, driverId, CopyRows.epochMicros(update.recordedAt()),
                CopyRows.epochMicros(update.receivedAt()), update.latitude(), update.longitude(),
                orNaN(update.accuracyMeters()), orNaN(update.speedMps()), orNaN(update.headingDegrees()));
    }

    private static double orNaN(@Nullable Double value) {
        return value == null ? Double.NaN : value;
    }

    static boolean isPresent(double optional) {
        return !Double.isNaN(optional);
    }
}
