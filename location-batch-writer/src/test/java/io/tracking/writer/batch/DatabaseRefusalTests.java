package io.tracking.writer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class DatabaseRefusalTests {

    @ParameterizedTest
    @ValueSource(strings = {"22008", "22003", "22021", "22P02", "23514", "23502", "23503", "23505", "23P01"})
    void shouldReadDataAndIntegrityErrorsAsRefusedRows(String sqlState) {
        assertThat(DatabaseRefusal.isRefusedRow(new SQLException("refused", sqlState))).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"08006", "08001", "57P01", "57P02", "57P03", "57014", "25006", "53100", "53300",
            "40001", "40P01", "42P01", "XX000", "", "2", "220"})
    void shouldReadEverythingElseAsAnOutageToWaitOut(String sqlState) {
        assertThat(DatabaseRefusal.isRefusedRow(new SQLException("outage", sqlState))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldTellAMissingPartitionFromACheckConstraint(boolean withConstraint) {
        String fields = "SERROR\u0000C23514\u0000Mno partition of relation \"location_history\" found for row\u0000"
                + "tlocation_history\u0000" + (withConstraint ? "npoison_test\u0000" : "");

        PSQLException error = new PSQLException(new ServerErrorMessage(fields));

        assertThat(DatabaseRefusal.isMissingPartition(error)).isEqualTo(!withConstraint);
    }

    @ParameterizedTest
    @ValueSource(strings = {"23514", "23502"})
    void shouldNameStateTableColumnAndConstraintButNeverTheServersMessageOrDetail(String sqlState) {
        String fields = "SERROR\u0000C" + sqlState + "\u0000Mnew row violates check constraint, speed 42.5\u0000"
                + "DFailing row contains (driver-1, 12.9716, 77.5946, 42.5).\u0000tlocation_history_p20261128\u0000"
                + "cspeed_mps\u0000npoison_test\u0000";

        Rejection rejection = DatabaseRefusal.rejection(new PSQLException(new ServerErrorMessage(fields)));

        assertThat(rejection.reason()).isEqualTo("rejected-by-database");
        assertThat(rejection.rule()).isEqualTo("sqlstate-" + sqlState);
        assertThat(rejection.field()).isEqualTo("speed_mps");
        assertThat(rejection.message()).contains(sqlState, "location_history_p20261128", "poison_test")
                .doesNotContain("42.5").doesNotContain("12.97").doesNotContain("Failing");
    }
}
