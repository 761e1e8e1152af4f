package io.tracking.writer.batch;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds the pings PostgreSQL refuses in a set it refused as a whole, by writing halves of it, recursively, until
 * the refused pings stand alone; every other ping is written on the way. k refused pings among n cost about
 * 2k·log2(n) attempts. Runs inside the flush's transaction, after the positions moved: what it writes commits
 * with them, what it returns goes to the dead-letter topic before that commit.
 *
 * <p>Applying the halves one after the other stores the same as the whole set at once: history rows are
 * independent of each other, and the latest location of a driver is only ever replaced by a strictly newer fix.
 */
final class PoisonBisect {

    /** Writes some rows inside the caller's transaction, all or none (under a savepoint, rolled back on failure). */
    interface Rows {

        void write(List<BufferedPing> rows) throws SQLException;
    }

    /** A ping the database refuses on its own, and how. */
    record Refused(BufferedPing ping, SQLException cause) {
    }

    private final Rows rows;
    private final Predicate<SQLException> refusal;
    private final Runnable onSplit;

    /**
     * @param refusal which failures refuse rows ({@link DatabaseRefusal#isRefusedRow} or narrower); any other
     *        failure ends the bisect
     */
    PoisonBisect(Rows rows, Predicate<SQLException> refusal, Runnable onSplit) {
        this.rows = rows;
        this.refusal = refusal;
        this.onSplit = onSplit;
    }

    /**
     * Writes every ping of {@code refusedSet} the database accepts and returns those it refuses.
     *
     * @param refusedSet distinct pings whose write as a whole failed with {@code failure}
     * @param failure a refusal of rows
     * @throws SQLException any failure that is not a refusal of rows (an outage): the caller rolls back and retries
     */
    List<Refused> isolate(List<BufferedPing> refusedSet, SQLException failure) throws SQLException {
        List<Refused> refused = new ArrayList<>();
        split(refusedSet, failure, refused);
        return refused;
    }

    private void split(List<BufferedPing> failing, SQLException failure, List<Refused> refused) throws SQLException {
        if (failing.size() == 1) {
            refused.add(new Refused(failing.get(0), failure));
            return;
        }
        onSplit.run();
        int middle = failing.size() / 2;
        attempt(failing.subList(0, middle), refused);
        attempt(failing.subList(middle, failing.size()), refused);
    }

    private void attempt(List<BufferedPing> part, List<Refused> refused) throws SQLException {
        try {
            rows.write(part);
        } catch (SQLException e) {
            if (!refusal.test(e)) {
                throw e;
            }
            split(part, e, refused);
        }
    }
}
