package io.tracking.query.latestfeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.tracking.query.live.LiveFeedProgress;
import io.tracking.query.location.WriterProgress;

/**
 * The latest-position cache hears of the live reader only while it is enabled: a disabled cache used to be told of
 * every record and to keep the pings it was told of, although it never serves anything.
 */
class LatestCacheFollowerConfigurationTests {

    private final WriterProgress progress = mock(WriterProgress.class);

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withUserConfiguration(LatestCacheFollowerConfiguration.class)
            .withBean(WriterProgress.class, () -> progress);

    @Test
    void aDisabledCacheKeepsNothingOfWhatTheLiveReaderReads() {
        contexts.withPropertyValues("tracking.query.latest-cache.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LiveFeedProgress.class));
    }

    @Test
    void anEnabledCacheHearsOfEveryRecordTheLiveReaderReads() {
        contexts.run(context -> {
            assertThat(context).hasSingleBean(LiveFeedProgress.class);

            context.getBean(LiveFeedProgress.class).read("d1", 3, 42);

            verify(progress).read("d1", 3, 42);
        });
    }
}
