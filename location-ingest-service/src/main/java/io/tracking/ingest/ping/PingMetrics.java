package io.tracking.ingest.ping;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.contract.Violation;

/**
 * Counts pings by outcome: {@code tracking.ingest.pings{outcome=accepted|rejected|forbidden|unavailable, rule}}.
 * A rejected ping counts once, under its first broken rule. Tags come from a closed set (rule names of this
 * service and the contract, known field names), never from client input.
 */
final class PingMetrics {

    private static final Set<String> FIELDS = Set.of("$", "driverId", "latitude", "longitude", "recordedAt",
            "accuracyMeters", "speedMps", "headingDegrees");
    private static final Set<String> RULES = Set.of("required", "type", "format", "unknown", "duplicate", "pattern",
            "range", "precision", "leap-second", "future", "too-old");

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter forbidden;
    private final Counter unavailable;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

    PingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = counter("accepted", "none", "none");
        this.forbidden = counter("forbidden", "forbidden", "driverId");
        this.unavailable = counter("unavailable", "none", "none");
    }

    void accepted(int pings) {
        accepted.increment(pings);
    }

    void forbidden(int pings) {
        forbidden.increment(pings);
    }

    void unavailable(int pings) {
        unavailable.increment(pings);
    }

    void rejected(List<Violation> violations) {
        Violation first = violations.isEmpty() ? new Violation("$", "other", "") : violations.get(0);
        String rule = RULES.contains(first.rule()) ? first.rule() : "other";
        String field = FIELDS.contains(first.field()) ? first.field() : "other";
        rejected.computeIfAbsent(rule + ' ' + field, key -> counter("rejected", rule, field)).increment();
    }

    private Counter counter(String outcome, String rule, String field) {
        return Counter.builder("tracking.ingest.pings")
                .description("Pings received, by outcome; rejected ones by their first broken rule")
                .tag("outcome", outcome)
                .tag("rule", rule)
                .tag("field", field)
                .register(registry);
    }
}
