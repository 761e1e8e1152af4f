package io.tracking.testsupport;

/** Where a test database listens. */
public record PostgresConnection(String jdbcUrl, String username, String password) {
}
