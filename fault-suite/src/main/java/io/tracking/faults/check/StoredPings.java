package io.tracking.faults.check;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.tracking.localstack.DatabaseConnection;

/** Reads what the batch writer stored for the drivers of one id prefix. */
public final class StoredPings {

    private final DatabaseConnection database;

    public StoredPings(DatabaseConnection database) {
        this.database = database;
    }

    /** History rows of the prefix. */
    public long historyCount(String prefix) throws SQLException {
        try (Connection db = open();
                PreparedStatement statement = db.prepareStatement(
                        "SELECT count(*) FROM location_history WHERE driver_id LIKE ? ESCAPE '\\'")) {
            statement.setString(1, likePrefix(prefix));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Every history row of the prefix. */
    public List<StoredPing> history(String prefix) throws SQLException {
        return read("SELECT driver_id, recorded_at, latitude, longitude FROM location_history"
                + " WHERE driver_id LIKE ? ESCAPE '\\'", prefix);
    }

    /** The latest-position row of every driver of the prefix. */
    public List<StoredPing> latest(String prefix) throws SQLException {
        return read("SELECT driver_id, recorded_at, latitude, longitude FROM driver_latest_location"
                + " WHERE driver_id LIKE ? ESCAPE '\\'", prefix);
    }

    private List<StoredPing> read(String sql, String prefix) throws SQLException {
        try (Connection db = open(); PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, likePrefix(prefix));
            statement.setFetchSize(5_000);
            List<StoredPing> pings = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    pings.add(new StoredPing(rows.getString(1), rows.getObject(2, OffsetDateTime.class).toInstant(),
                            rows.getDouble(3), rows.getDouble(4)));
                }
            }
            return pings;
        }
    }

    private Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.username());
        properties.setProperty("password", database.password());
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "60");
        Connection connection = DriverManager.getConnection(database.jdbcUrl(), properties);
        // a fetch size only streams inside a transaction
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        return connection;
    }

    /** {@code prefix%} with the prefix's own wildcards escaped. */
    static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
