package io.tracking.query.latestfeed;

import java.util.Map;

import io.tracking.query.live.LiveFeedProgress;
import io.tracking.query.location.WriterProgress;

/** Tells {@link WriterProgress} what the live reader read, call for call. */
final class LatestCacheFollower implements LiveFeedProgress {

    private final WriterProgress progress;

    LatestCacheFollower(WriterProgress progress) {
        this.progress = progress;
    }

    @Override
    public void started(int partition, long position) {
        progress.started(partition, position);
    }

    @Override
    public void read(String driverId, int partition, long offset) {
        progress.read(driverId, partition, offset);
    }

    @Override
    public void skipped(int partition, long offset) {
        progress.skipped(partition, offset);
    }

    @Override
    public void reached(Map<Integer, Long> positions) {
        progress.reached(positions);
    }

    @Override
    public void reset() {
        progress.reset();
    }
}
