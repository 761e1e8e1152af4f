package io.tracking.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

class PublishDeadlinesTests {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldFailOnlyThePublishesWhoseDeadlinePassedAndDropTheDoneOnes() {
        try (PublishDeadlines deadlines = new PublishDeadlines(Duration.ofHours(1))) {
            long now = System.nanoTime();
            CompletableFuture<Void> late = new CompletableFuture<>();
            CompletableFuture<Void> answered = new CompletableFuture<>();
            CompletableFuture<Void> waiting = new CompletableFuture<>();
            deadlines.watch(late, now - SECOND);
            deadlines.watch(answered, now - SECOND);
            deadlines.watch(waiting, now + 60 * SECOND);
            answered.complete(null);

            deadlines.sweep();

            assertThatThrownBy(late::join).hasCauseInstanceOf(TimeoutException.class);
            assertThat(answered).isCompletedWithValue(null);
            assertThat(waiting).isNotDone();
            assertThat(deadlines.watching()).isEqualTo(1);
        }
    }

    @Test
    void shouldNotWatchAPublishAlreadyDone() {
        try (PublishDeadlines deadlines = new PublishDeadlines(Duration.ofHours(1))) {
            deadlines.watch(CompletableFuture.completedFuture(null), System.nanoTime());

            assertThat(deadlines.watching()).isZero();
        }
    }

    @Test
    void shouldSweepOnItsOwnEveryTickAndRunWhatDependsOnTheFailure() {
        try (PublishDeadlines deadlines = new PublishDeadlines(Duration.ofMillis(10))) {
            CompletableFuture<Void> publish = new CompletableFuture<>();
            CompletableFuture<String> answer = publish.handle((ignored, failure) -> {
                throw new IllegalStateException("a dependent action that throws");
            });
            CompletableFuture<Void> next = new CompletableFuture<>();
            deadlines.watch(publish, System.nanoTime() + 20_000_000L);
            deadlines.watch(next, System.nanoTime() + 40_000_000L);

            await().atMost(Duration.ofSeconds(5)).until(() -> answer.isDone() && next.isDone());
            assertThatThrownBy(publish::join).hasCauseInstanceOf(TimeoutException.class);
            assertThatThrownBy(answer::join).hasCauseInstanceOf(IllegalStateException.class);
            assertThatThrownBy(next::join).hasCauseInstanceOf(TimeoutException.class);
        }
    }
}
