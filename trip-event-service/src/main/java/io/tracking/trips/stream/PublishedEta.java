package io.tracking.trips.stream;

import java.time.Duration;
import java.time.Instant;

import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.Stop;
import org.jspecify.annotations.Nullable;

/**
 * The last ETA published for an order, kept with its trip so that the throttle survives a restart: at most one
 * ETA per stop every {@code minInterval} of event time, unless the predicted arrival moved by more than
 * {@code minChange} (the news a customer wants at once) or the next stop changed.
 */
record PublishedEta(Stop stop, Instant at, Instant basedOnRecordedAt) {

    static PublishedEta of(EtaUpdate eta) {
        return new PublishedEta(eta.stop(), eta.at(), eta.basedOnRecordedAt());
    }

    static boolean isDue(@Nullable PublishedEta last, EtaUpdate eta, Duration minInterval, Duration minChange) {
        return last == null || last.stop != eta.stop()
                || !eta.basedOnRecordedAt().isBefore(last.basedOnRecordedAt.plus(minInterval))
                || Duration.between(last.at, eta.at()).abs().compareTo(minChange) > 0;
    }
}
