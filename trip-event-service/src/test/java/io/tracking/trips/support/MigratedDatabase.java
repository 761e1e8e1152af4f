package io.tracking.trips.support;

import javax.sql.DataSource;

import io.tracking.testsupport.PostgresConnection;
import io.tracking.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The shared test database with the schema of {@code tracking-db} (the batch writer applies it in production; this
 * service only reads it), and the daily {@code location_history} partitions around today.
 */
public final class MigratedDatabase {

    private static DataSource dataSource;

    private MigratedDatabase() {
    }

    public static synchronized DataSource dataSource() {
        if (dataSource == null) {
            PostgresConnection pg = TestInfrastructure.postgres();
            DataSource database = new DriverManagerDataSource(pg.jdbcUrl(), pg.username(), pg.password());
            Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
            new JdbcTemplate(database).queryForObject(
                    "SELECT ensure_location_history_partitions(current_date - 10, current_date + 1)", Integer.class);
            dataSource = database;
        }
        return dataSource;
    }
}
