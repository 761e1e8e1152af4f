package io.tracking.writer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PoisonBisectTests {

    private static final TopicPartition PARTITION = new TopicPartition("updates", 0);

    private final List<BufferedPing> written = new ArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger splits = new AtomicInteger();

    @Test
    void shouldWriteEveryAcceptedPingOnceAndReturnOnlyTheRefusedOnes() throws SQLException {
        List<BufferedPing> pings = pings(1000);
        Set<Long> poison = Set.of(3L, 500L, 501L, 999L);
        PoisonBisect bisect = new PoisonBisect(refusing(poison, "23514"), DatabaseRefusal::isRefusedRow,
                splits::incrementAndGet);

        List<PoisonBisect.Refused> refused = bisect.isolate(pings, new SQLException("whole", "23514"));

        assertThat(refused).extracting(one -> one.ping().offset()).containsExactlyInAnyOrderElementsOf(poison);
        assertThat(refused).allSatisfy(one -> assertThat(one.cause().getSQLState()).isEqualTo("23514"));
        assertThat(written).hasSize(996).doesNotHaveDuplicates()
                .noneMatch(ping -> poison.contains(ping.offset()));
        // about 2·k·log2(n): far from one attempt per row
        assertThat(attempts.get()).isLessThan(100);
        assertThat(splits.get()).isPositive();
    }

    @Test
    void shouldRefuseASinglePingWithoutWritingItAgain() throws SQLException {
        List<BufferedPing> pings = pings(1);
        PoisonBisect bisect = new PoisonBisect(refusing(Set.of(0L), "22008"), DatabaseRefusal::isRefusedRow,
                splits::incrementAndGet);

        List<PoisonBisect.Refused> refused = bisect.isolate(pings, new SQLException("one", "22008"));

        assertThat(refused).hasSize(1);
        assertThat(attempts).hasValue(0);
        assertThat(splits).hasValue(0);
    }

    @Test
    void shouldStopAtAnOutageInsteadOfRefusingPings() {
        List<BufferedPing> pings = pings(8);
        PoisonBisect bisect = new PoisonBisect(rows -> {
            throw new SQLException("connection lost", "08006");
        }, DatabaseRefusal::isRefusedRow, splits::incrementAndGet);

        assertThatThrownBy(() -> bisect.isolate(pings, new SQLException("whole", "23502")))
                .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("08006");
    }

    private PoisonBisect.Rows refusing(Set<Long> poison, String sqlState) {
        return rows -> {
            attempts.incrementAndGet();
            if (rows.stream().anyMatch(ping -> poison.contains(ping.offset()))) {
                throw new SQLException("refused", sqlState);
            }
            written.addAll(rows);
        };
    }

    private static List<BufferedPing> pings(int count) {
        List<BufferedPing> pings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pings.add(new BufferedPing(PARTITION, i, "driver-" + (i % 7), 1_773_143_998_000_000L + i,
                    1_773_143_998_000_000L + i, 12.97, 77.59, Double.NaN, 8.5, Double.NaN));
        }
        return pings;
    }
}
