package io.tracking.query.latestfeed;

import io.tracking.query.live.LiveFeedProgress;
import io.tracking.query.location.WriterProgress;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the latest-position cache a follower of the live reader, only while it is enabled: a disabled cache serves
 * nothing, so nothing the reader reads needs to wait for the writer, and it is not told of it at all (rather than
 * told and ignoring it).
 */
@Configuration(proxyBeanMethods = false)
class LatestCacheFollowerConfiguration {

    @Bean
    @ConditionalOnBooleanProperty(name = "tracking.query.latest-cache.enabled", matchIfMissing = true)
    LiveFeedProgress latestCacheFollower(WriterProgress progress) {
        return new LatestCacheFollower(progress);
    }
}
