package io.tracking.benchmark.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

import io.tracking.localstack.DatabaseConnection;

class DatabaseTests {

    @Test
    void shouldGiveTheNodeConsumerTheSameDatabaseAsALibpqUrl() {
        Database database = new Database(new DatabaseConnection("jdbc:postgresql://localhost:54321/tracking?ssl=false",
                "tracking", "p@ss word"));

        assertThat(database.libpqUrl()).isEqualTo("postgres://tracking:p%40ss+word@localhost:54321/tracking");
    }

    @Test
    void shouldOnlyLetDriverIdCharactersIntoSqlText() {
        assertThat(Database.checkedPrefix("drain-ab12cd-")).isEqualTo("drain-ab12cd-");
        assertThatIllegalArgumentException().isThrownBy(() -> Database.checkedPrefix("x'; DROP TABLE t; --"));
        assertThatIllegalArgumentException().isThrownBy(() -> Database.checkedPrefix(""));
    }
}
