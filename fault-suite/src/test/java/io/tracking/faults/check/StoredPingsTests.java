package io.tracking.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoredPingsTests {

    @Test
    void shouldEscapeLikeWildcardsOfThePrefix() {
        assertThat(StoredPings.likePrefix("fault-a_b%c\\-")).isEqualTo("fault-a\\_b\\%c\\\\-%");
    }
}
