package io.tracking.benchmark.tool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import io.tracking.localstack.DatabaseConnection;

/** Plain JDBC access to the stack's PostgreSQL, for setting up, counting and COPY. */
public final class Database {

    private static final Pattern SAFE_PREFIX = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    private final DatabaseConnection connection;

    public Database(DatabaseConnection connection) {
        this.connection = connection;
    }

    public Connection open() throws SQLException {
        return DriverManager.getConnection(connection.jdbcUrl(), connection.username(), connection.password());
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = open(); Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The single number a query returns, e.g. a count; 0 when it returns no row or NULL. */
    public long number(String sql, Object... parameters) throws SQLException {
        try (Connection c = open(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /** The single text a query returns. */
    public String text(String sql) throws SQLException {
        try (Connection c = open(); Statement statement = c.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? String.valueOf(rows.getString(1)) : "";
        }
    }

    /** A {@code postgres://user:password@host:port/db} URL of the same database, for the Node.js consumer. */
    public String libpqUrl() {
        String rest = connection.jdbcUrl().substring("jdbc:postgresql://".length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        return "postgres://" + encode(connection.username()) + ":" + encode(connection.password()) + "@" + rest;
    }

    /**
     * A driver id prefix checked to be safe inside SQL text (COPY takes no bind parameters): only the letters the
     * driver id rule allows.
     */
    public static String checkedPrefix(String prefix) {
        if (!SAFE_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("unsafe driver id prefix");
        }
        return prefix;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
