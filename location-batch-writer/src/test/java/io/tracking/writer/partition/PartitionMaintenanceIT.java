package io.tracking.writer.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.tracking.testsupport.WithKafka;
import io.tracking.testsupport.WithPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "tracking.writer.topic=it-partition-updates",
        "tracking.writer.dead-letter-topic=it-partition-updates.DLT",
        "tracking.writer.group-id=it-partition",
        "tracking.writer.topic-partitions=3",
        "tracking.writer.history.retention=30d" })
@WithKafka
@WithPostgres
class PartitionMaintenanceIT {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private HistoryPartitions partitions;

    @Autowired
    private PartitionMaintenanceJob job;

    @Test
    void shouldDropWholePartitionsPastRetentionAndKeepTheRest() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        partitions.ensure(today.minusDays(45), today.minusDays(29));
        jdbc.update("""
                INSERT INTO location_history (driver_id, recorded_at, received_at, latitude, longitude)
                VALUES ('retention-it', ?, ?, 1.0, 2.0)""",
                java.sql.Timestamp.from(today.minusDays(40).atStartOfDay(ZoneOffset.UTC).toInstant()),
                java.sql.Timestamp.from(Instant.now()));

        int dropped = job.runOnce();

        assertThat(dropped).isGreaterThanOrEqualTo(15);
        List<String> days = partitionDays();
        assertThat(days).doesNotContain(DAY.format(today.minusDays(40)), DAY.format(today.minusDays(31)));
        assertThat(days).contains(DAY.format(today.minusDays(30)), DAY.format(today.minusDays(29)));
        for (int ahead = -1; ahead <= 7; ahead++) {
            assertThat(days).contains(DAY.format(today.plusDays(ahead)));
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM location_history WHERE driver_id = 'retention-it'",
                Integer.class)).isZero();
    }

    @Test
    void shouldCreateTheMissingPartitionOfADayOnDemand() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(12);
        jdbc.execute("DROP TABLE IF EXISTS location_history_p" + DAY.format(day));
        partitions.forget();

        partitions.ensureDays(java.util.Set.of(day.toEpochDay()));

        assertThat(partitionDays()).contains(DAY.format(day));
    }

    private List<String> partitionDays() {
        return jdbc.queryForList("""
                SELECT substring(c.relname FROM '[0-9]{8}$') FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'location_history'::regclass""", String.class);
    }
}
