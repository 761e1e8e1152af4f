package io.tracking.simulator.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.SimulatorJson;
import io.tracking.simulator.fleet.Ping;

class BatchResultsTests {

    private final JsonMapper mapper = SimulatorJson.newMapper();
    private final List<Ping> pings = pings(4);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            indexed statuses         | 207 | {"results":[{"index":0,"status":"ACCEPTED"},{"index":1,"status":"REJECTED"},{"index":2,"status":"accepted"},{"index":3,"status":"rejected","errors":[{"field":"latitude"}]}]} | 0,2
            positional statuses      | 207 | {"items":[{"status":202},{"status":400},{"status":"ok"},{"status":"invalid"}]}                                                        | 0,2
            accepted flags           | 207 | {"results":[{"index":3,"accepted":false},{"index":2,"accepted":true},{"index":1,"accepted":false},{"index":0,"accepted":true}]}        | 0,2
            bare array of words      | 207 | ["accepted","rejected","accepted","rejected"]                                                                                        | 0,2
            rejections only on 207   | 207 | {"accepted":2,"rejected":2,"errors":[{"index":1,"field":"latitude","rule":"range"},{"index":3,"field":"speedMps","rule":"range"}]}   | 0,2
            unnamed list of objects  | 207 | {"outcome":"partial","details":[{"result":"success"},{"result":"failure"},{"result":"stored"},{"result":"failure"}]}                  | 0,2
            rejections only on 400   | 400 | {"type":"https://tracking.example/problems/validation","violations":[{"index":1,"field":"latitude"}]}                               | -
            problem without a list   | 400 | {"type":"https://tracking.example/problems/validation","title":"Bad Request"}                                                        | -
            not json on 400          | 400 | oops                                                                                                                                 | -
            empty 200                | 200 |                                                                                                                                      | 0,1,2,3
            """)
    void shouldCountPerItemOutcomes(String shape, int status, String body, String acceptedIndexes) {
        SendOutcome outcome = BatchResults.read(mapper, status, bytes(body), pings);

        List<Ping> expected = new ArrayList<>();
        if (!acceptedIndexes.equals("-")) {
            for (String index : acceptedIndexes.split(",")) {
                expected.add(pings.get(Integer.parseInt(index)));
            }
        }
        assertThat(outcome.accepted()).containsExactlyElementsOf(expected);
        assertThat(outcome.rejected()).isEqualTo(pings.size() - expected.size());
        assertThat(outcome.failed()).isZero();
    }

    @Test
    void shouldFallBackToCountsWhenNoItemListSaysWhichPings() {
        SendOutcome outcome = BatchResults.read(mapper, 207, bytes("{\"accepted\":3,\"rejected\":1}"), pings);

        assertThat(outcome.accepted()).isEmpty();
        assertThat(outcome.acceptedCount()).isEqualTo(3);
        assertThat(outcome.rejected()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreIndexesOutsideTheBatch() {
        SendOutcome outcome = BatchResults.read(mapper, 207,
                bytes("{\"results\":[{\"index\":9,\"status\":\"rejected\"},{\"index\":1,\"status\":\"rejected\"}]}"),
                pings);

        assertThat(outcome.accepted()).containsExactly(pings.get(0), pings.get(2), pings.get(3));
        assertThat(outcome.rejected()).isEqualTo(1);
    }

    private static byte[] bytes(String body) {
        return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Ping> pings(int count) {
        String driverId = "drv-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().minusSeconds(60);
        List<Ping> pings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pings.add(new Ping(driverId, 12.97 + i / 1e4, 77.59, start.plusSeconds(5L * i), 5.0, 8.0, 45.0));
        }
        return pings;
    }
}
