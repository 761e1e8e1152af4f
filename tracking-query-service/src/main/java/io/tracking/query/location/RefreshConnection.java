package io.tracking.query.location;

import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.tracking.query.QueryProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The database as {@link LatestCacheRefresher} reads it: through one connection of its own, never the
 * request pool. Requests holding every pooled connection (a burst, slow queries) would otherwise make the refresher
 * wait behind them and pause the cache exactly when it saves the most.
 *
 * <p>Built from the request pool's connection settings ({@code spring.datasource.url/username/password}, or a
 * service connection in tests); the connection is opened on first use, so a disabled cache opens none. Not a
 * {@code DataSource} bean: the application's one {@code DataSource} stays the request pool.
 */
@Component
class RefreshConnection implements StoredLatest, AutoCloseable {

    /** Longest a refresher statement may run; the cache stops serving long before (two refresh intervals). */
    private static final int QUERY_TIMEOUT_SECONDS = 5;

    private final HikariDataSource dataSource;
    private final LatestLocationRepository repository;

    RefreshConnection(JdbcConnectionDetails connection, QueryProperties properties) {
        // the no-argument constructor starts the pool on the first getConnection, not here
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("query-latest-cache");
        pool.setJdbcUrl(connection.getJdbcUrl());
        pool.setUsername(connection.getUsername());
        pool.setPassword(connection.getPassword());
        String driver = connection.getDriverClassName();
        if (driver != null) {
            pool.setDriverClassName(driver);
        }
        pool.setMaximumPoolSize(1);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(2_000);
        pool.setValidationTimeout(1_000);
        // a database down at the first refresh is a failed refresh, retried at the next one, not a failed start
        pool.setInitializationFailTimeout(-1);
        // PostgreSQL's driver: a connection whose peer vanished fails after this many seconds instead of never
        pool.addDataSourceProperty("socketTimeout", "30");
        JdbcTemplate template = new JdbcTemplate(pool);
        template.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        this.dataSource = pool;
        this.repository = new LatestLocationRepository(JdbcClient.create(template), properties.live().topic());
    }

    @Override
    public Map<Integer, Long> writerPositions(String group) {
        return repository.writerPositions(group);
    }

    @Override
    public List<DriverLocation> findAll(List<String> driverIds) {
        return repository.findAll(driverIds);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
