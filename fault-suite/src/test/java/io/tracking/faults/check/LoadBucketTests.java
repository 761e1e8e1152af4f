package io.tracking.faults.check;

import static io.tracking.faults.check.Attempts.timed;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.tracking.faults.load.PingAttempt;

class LoadBucketTests {

    @Test
    void shouldSliceTheLoadByWhenRequestsStarted() {
        PingAttempt refusedButStored = timed(6, 8, 503);
        List<PingAttempt> attempts = List.of(timed(0.5, 1, 202), timed(4.9, 7, 202), refusedButStored,
                timed(7, 8, PingAttempt.NO_RESPONSE), timed(12, 12.1, 503));

        List<LoadBucket> buckets = LoadBucket.of(attempts, Set.of(refusedButStored), 0, Duration.ofSeconds(5));

        assertThat(buckets).containsExactly(
                new LoadBucket(0, 2, 2, 0, 0, 0),
                new LoadBucket(5, 2, 0, 1, 1, 1),
                new LoadBucket(10, 1, 0, 1, 0, 0));
    }
}
