package io.tracking.query.support;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Applies the suite's migrations (module {@code tracking-db}) to the shared test database, as the batch writer
 * does in production. The service itself never migrates.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabase {

    @Bean(initMethod = "migrate")
    Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
    }
}
