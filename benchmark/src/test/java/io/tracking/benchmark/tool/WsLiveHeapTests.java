package io.tracking.benchmark.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import org.junit.jupiter.api.Test;

class WsLiveHeapTests {

    private static final String HISTOGRAM = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:        122293       50296136  [B (java.base@17.0.15)
               2:          2551       35110736  [C (java.base@17.0.15)
            Total        124844       85406872
            """;

    @Test
    void shouldReadTheByteTotalOfAClassHistogram() throws Exception {
        assertThat(WsLiveHeap.total(HISTOGRAM, 12345)).isEqualTo(85_406_872L);
    }

    @Test
    void shouldRefuseOutputWithoutATotal() {
        assertThatIOException().isThrownBy(() -> WsLiveHeap.total("12345:\nAttachNotSupportedException", 12345))
                .withMessageContaining("printed no total");
    }

    @Test
    void shouldMeasureThisJvmsLiveHeap() throws Exception {
        byte[] held = new byte[8 * 1024 * 1024];

        assertThat(WsLiveHeap.bytes(ProcessHandle.current().pid())).isGreaterThan(held.length);
    }
}
