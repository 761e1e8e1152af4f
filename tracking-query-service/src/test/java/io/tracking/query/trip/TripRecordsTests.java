package io.tracking.query.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;
import io.tracking.query.support.TripProducer;
import tools.jackson.databind.json.JsonMapper;

/** Whatever the bytes of a trip record, {@link TripRecords} returns the record or rejects it with a reason. */
class TripRecordsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant AT = Instant.parse("2026-12-07T18:00:00Z");

    private final TripRecords records = new TripRecords(JSON);
    private final TripEvent arrived = TripProducer.event("o-1", "d-1", TripEventType.ARRIVED_AT_PICKUP, 2, AT);
    private final String json = new String(JSON.writeValueAsBytes(arrived), StandardCharsets.UTF_8);

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String reason(@Nullable String key, @Nullable String value) {
        try {
            records.event(key == null ? null : utf8(key), value == null ? null : utf8(value));
            return "accepted";
        } catch (TripRecords.Rejected e) {
            return e.reason();
        }
    }

    @Test
    void shouldReadAnEventAsWrittenAndIgnoreUnknownMembers() throws Exception {
        assertThat(records.event(utf8("o-1"), utf8(json))).isEqualTo(arrived);
        assertThat(records.event(utf8("o-1"), utf8(json.replace("{\"eventId\"", "{\"latitude\":52.5,\"eventId\""))))
                .isEqualTo(arrived);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON               | o-1 | nope | -                    | -                       | unreadable",
            "unknown type           | o-1 | -    | ARRIVED_AT_PICKUP    | TELEPORTED              | unreadable",
            "key of another order   | o-2 | -    | -                    | -                       | invalid",
            "no key                 |     | -    | -                    | -                       | invalid",
            "event id counts from 1 | o-1 | -    | PICKUP/2             | PICKUP/0                | invalid",
            "event id of other type | o-1 | -    | ARRIVED_AT_PICKUP/2  | LEFT_PICKUP/2           | invalid",
            "stop the type denies   | o-1 | -    | \"PICKUP\"           | \"DROPOFF\"             | invalid",
            "negative distance      | o-1 | -    | 18.5                 | -18.5                   | invalid",
            "order id off the rule  | o-1 | -    | \"orderId\":\"o-1\"  | \"orderId\":\"o 1\"     | invalid",
            "no evidence            | o-1 | -    | \"evidence\"         | \"evidenc\"             | invalid",
            "instant beyond SQL     | o-1 | -    | 2026-12-07T18:00:00Z | +100000-12-07T18:00:00Z | invalid"
    })
    void shouldRejectAnEventThatBreaksTheContract(String name, @Nullable String key, String value, String from,
            String to, String reason) {
        String record = value.equals("-") ? json.replace(from.equals("-") ? "" : from, to.equals("-") ? "" : to)
                : value;
        assertThat(reason(key, record)).isEqualTo(reason);
    }

    @Test
    void shouldRejectNoValueAndDeepNesting() {
        assertThat(reason("o-1", null)).isEqualTo("unreadable");
        assertThat(reason("o-1", "[".repeat(100_000))).isEqualTo("unreadable");
        assertThat(reason("o-1", "null")).isEqualTo("unreadable");
    }

    @Test
    void shouldReadAnEtaAndRejectANegativeOne() throws Exception {
        EtaUpdate eta = TripProducer.eta("o-1", "d-1", Stop.DROPOFF, AT.plusSeconds(90), AT);
        String etaJson = new String(JSON.writeValueAsBytes(eta), StandardCharsets.UTF_8);
        assertThat(records.eta(utf8("o-1"), utf8(etaJson))).isEqualTo(eta);
        assertThatThrownBy(() -> records.eta(utf8("o-1"), utf8(etaJson.replace("\"seconds\":90", "\"seconds\":-90"))))
                .isInstanceOf(TripRecords.Rejected.class);
        assertThatThrownBy(() -> records.eta(utf8("o-1"), utf8(etaJson.replace("\"seconds\":90", "\"seconds\":null"))))
                .isInstanceOf(TripRecords.Rejected.class);
    }
}
