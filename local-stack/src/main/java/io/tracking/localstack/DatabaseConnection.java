package io.tracking.localstack;

/**
 * How the services reach PostgreSQL: what they receive as {@code DATABASE_URL}, {@code DATABASE_USERNAME} and
 * {@code DATABASE_PASSWORD}.
 */
public record DatabaseConnection(String jdbcUrl, String username, String password) {

    @Override
    public String toString() {
        // keeps the password out of logs
        return "DatabaseConnection[jdbcUrl=" + jdbcUrl + ", username=" + username + "]";
    }
}
