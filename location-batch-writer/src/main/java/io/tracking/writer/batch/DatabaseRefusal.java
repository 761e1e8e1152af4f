package io.tracking.writer.batch;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Reads a database error as either a refusal of the rows themselves, which a retry of the same rows meets again,
 * or an outage to wait out. Only SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation)
 * are refusals; everything else, unknown states included, is an outage: waiting is always safe, dropping a ping
 * is not.
 */
final class DatabaseRefusal {

    private static final String CHECK_VIOLATION = "23514";

    private DatabaseRefusal() {
    }

    /** Whether PostgreSQL refused the data of the statement, as opposed to being unreachable or busy. */
    static boolean isRefusedRow(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.length() == 5 && (state.startsWith("22") || state.startsWith("23"));
    }

    /**
     * Whether this is "no partition of relation ... found for row": a 23514 without a constraint name. A retention
     * run can drop a day's partition between this instance creating it and writing to it.
     */
    static boolean isMissingPartition(SQLException e) {
        if (!CHECK_VIOLATION.equals(e.getSQLState())) {
            return false;
        }
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        return server == null || server.getConstraint() == null;
    }

    /**
     * The dead-letter reason of a row PostgreSQL refused. Names the SQLSTATE and, where the server tells them, the
     * table, column and constraint; never the server's message or detail, which quote row values.
     */
    static Rejection rejection(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        String state = String.valueOf(e.getSQLState());
        StringBuilder message = new StringBuilder("PostgreSQL refused the row (SQLSTATE ").append(state);
        @Nullable String column = null;
        if (server != null) {
            append(message, "table", server.getTable());
            column = server.getColumn();
            append(message, "column", column);
            append(message, "constraint", server.getConstraint());
        }
        message.append(')');
        return new Rejection(Rejection.REJECTED_BY_DATABASE, column == null ? "value" : column, "sqlstate-" + state,
                message.toString());
    }

    private static void append(StringBuilder message, String name, @Nullable String identifier) {
        if (identifier != null) {
            message.append(", ").append(name).append(' ').append(identifier);
        }
    }
}
