package io.tracking.query.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.tracking.query.support.IntegrationTest;

/** Migration V43 on orders that existed before it, in a schema of its own. */
class OrdersMigrationIT extends IntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void shouldDateTheAssignmentOfExistingOrdersAtTheirLastChange() {
        String schema = "migration_" + UUID.randomUUID().toString().replace("-", "");
        OffsetDateTime created = OffsetDateTime.of(2025, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC);
        OffsetDateTime updated = created.plusMinutes(20);
        try {
            migrate(schema, "42");
            jdbc.sql("INSERT INTO " + schema + ".orders (order_id, driver_id, customer_id, restaurant_id, "
                    + "pickup_latitude, pickup_longitude, dropoff_latitude, dropoff_longitude, status, created_at, "
                    + "updated_at) VALUES ('o-1', 'd-1', 'c-1', 'r-1', 1, 1, 2, 2, 'PICKED_UP', ?, ?)")
                    .params(created, updated).update();

            migrate(schema, "43");

            OffsetDateTime assigned = jdbc.sql("SELECT driver_assigned_at FROM " + schema + ".orders")
                    .query(OffsetDateTime.class).single();
            assertThat(assigned.toInstant()).isEqualTo(updated.toInstant());
        } finally {
            jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
        }
    }

    private void migrate(String schema, String target) {
        Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration").target(target)
                .load().migrate();
    }
}
