package io.tracking.benchmark.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.tool.Percentiles;
import io.tracking.simulator.report.RunSummary;

/**
 * Live push: from the 202 of a ping to the Server-Sent Event carrying it on the order's tracking stream
 * ({@code GET /api/v1/orders/{id}/tracking/stream}, read by the order's customer). Each run creates an order, opens
 * its stream, then sends the driver's pings {@link BenchmarkSettings#probeSpacing()} apart under background load.
 * An event's id is its ping's {@code recordedAt} in epoch microseconds, which pairs events with pings. An event can
 * arrive before the client has read the 202 (the live feed reads Kafka as soon as the broker has the record); such a
 * ping counts as 0 ms.
 */
final class LivePushScenario implements Scenario {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(15);

    @Override
    public String name() {
        return "live-push";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        BenchmarkSettings settings = context.settings();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> sendP50 = new ArrayList<>();
        List<Double> sendP99 = new ArrayList<>();
        long missing = 0;
        long eventsBefore202 = 0;
        long backgroundAccepted = 0;
        double backgroundSeconds = 0;
        for (int run = 1; run <= settings.runs(); run++) {
            String tag = BenchmarkContext.randomTag();
            String orderId = "bench-order-" + tag;
            String driverId = "live-" + tag;
            String customerId = "bench-customer-" + tag;
            context.putOrder(orderId, driverId, customerId, "ASSIGNED");
            EventStream stream = EventStream.open(context, orderId,
                    context.customerToken(customerId));
            try {
                Duration window = settings.probeSpacing().multipliedBy(settings.livePings());
                BackgroundLoad background = BackgroundLoad.start(context,
                        window.plusSeconds(settings.isSmoke() ? 1 : 2));
                // let the background load reach its pace first (the smoke mode only needs it running)
                LockSupport.parkNanos(Duration.ofMillis(settings.isSmoke() ? 100 : 500).toNanos());
                Map<Long, Long> acceptedAt = new ConcurrentHashMap<>();
                Map<Long, Long> sentAt = new ConcurrentHashMap<>();
                for (int i = 0; i < settings.livePings(); i++) {
                    Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    String body = String.format(Locale.ROOT, "{\"driverId\":\"%s\",\"latitude\":12.9716,"
                            + "\"longitude\":77.5946,\"recordedAt\":\"%s\"}", driverId, recordedAt);
                    long sent = System.nanoTime();
                    HttpResponse<String> posted = context.postPing(driverId, body);
                    long accepted = System.nanoTime();
                    if (posted.statusCode() != 202) {
                        throw new IllegalStateException("live ping answered " + posted.statusCode());
                    }
                    acceptedAt.put(micros(recordedAt), accepted);
                    sentAt.put(micros(recordedAt), sent);
                    LockSupport.parkNanos(settings.probeSpacing().toNanos());
                }
                stream.awaitEvents(acceptedAt.keySet(), EVENT_TIMEOUT);
                RunSummary summary = background.finish();
                backgroundAccepted += summary.accepted();
                backgroundSeconds += summary.elapsedSeconds();
                List<Double> latencies = new ArrayList<>();
                List<Double> fromSend = new ArrayList<>();
                int beforeAccepted = 0;
                for (Map.Entry<Long, Long> ping : acceptedAt.entrySet()) {
                    Long received = stream.receivedAt(ping.getKey());
                    if (received == null) {
                        missing++;
                    } else {
                        double millis = (received - ping.getValue()) / 1e6;
                        if (millis < 0) {
                            beforeAccepted++;
                        }
                        latencies.add(Math.max(0, millis));
                        fromSend.add((received - sentAt.get(ping.getKey())) / 1e6);
                    }
                }
                eventsBefore202 += beforeAccepted;
                if (latencies.isEmpty()) {
                    throw new IllegalStateException("no live event arrived for the order's pings");
                }
                double runP50 = Percentiles.of(latencies, 50);
                double runP99 = Percentiles.of(latencies, 99);
                context.log().printf(Locale.ROOT, "  run %d: %d of %d events (%d before the 202 was read), p50 %.1f ms,"
                        + " p99 %.1f ms after the 202; p50 %.1f ms, p99 %.1f ms after the POST was sent%n", run,
                        latencies.size(), acceptedAt.size(), beforeAccepted, runP50, runP99,
                        Percentiles.of(fromSend, 50), Percentiles.of(fromSend, 99));
                p50.add(runP50);
                p99.add(runP99);
                sendP50.add(Percentiles.of(fromSend, 50));
                sendP99.add(Percentiles.of(fromSend, 99));
            } finally {
                stream.close();
                context.putOrder(orderId, driverId, customerId, "DELIVERED");
            }
        }
        if (missing > 0) {
            context.note("live push: " + missing + " pings never arrived as an event within "
                    + EVENT_TIMEOUT.toSeconds() + " s");
        }
        String method = String.format(Locale.ROOT,
                "one order per run, its SSE stream read by its customer; %d pings of its driver %d ms apart, under "
                        + "background load of %.0f pings/s; from the 202 (or from sending the POST) to the event "
                        + "carrying the ping; %d of %d events arrived before the client had read the 202 and count as "
                        + "0 ms after it",
                settings.livePings(), settings.probeSpacing().toMillis(),
                backgroundAccepted / Math.max(backgroundSeconds, 1e-9),
                eventsBefore202, (long) settings.livePings() * settings.runs());
        return List.of(
                Figure.of("live.p50", "live push (202 to SSE event)", "p50", "ms", p50, method),
                Figure.of("live.p99", "live push (202 to SSE event)", "p99", "ms", p99, method),
                Figure.of("live.send.p50", "live push (POST sent to SSE event)", "p50", "ms", sendP50, method),
                Figure.of("live.send.p99", "live push (POST sent to SSE event)", "p99", "ms", sendP99, method));
    }


    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** An open SSE stream whose {@code location} events are timestamped as they arrive, by event id. */
    static final class EventStream implements AutoCloseable {

        private final Map<Long, Long> received = new ConcurrentHashMap<>();
        private final CountDownLatch opened = new CountDownLatch(1);
        private final Thread reader;
        private volatile Stream<String> lines = Stream.empty();

        private EventStream(BenchmarkContext context, String orderId, String token) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(context.stack().query().baseUrl()
                            + "/api/v1/orders/" + orderId + "/tracking/stream"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
            reader = new Thread(() -> read(context, request), "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Opens the stream and returns once its first event (the order's status) arrived. */
        static EventStream open(BenchmarkContext context, String orderId, String token) throws Exception {
            EventStream stream = new EventStream(context, orderId, token);
            if (!stream.opened.await(30, TimeUnit.SECONDS)) {
                stream.close();
                throw new IllegalStateException("the tracking stream sent no first event within 30 s");
            }
            return stream;
        }

        private void read(BenchmarkContext context, HttpRequest request) {
            try {
                HttpResponse<Stream<String>> response = context.http().client().send(request,
                        HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    return;
                }
                lines = response.body();
                String event = "message";
                String id = null;
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if ("location".equals(event) && id != null) {
                            received.putIfAbsent(Long.parseLong(id), System.nanoTime());
                        }
                        opened.countDown();
                        event = "message";
                        id = null;
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // closed by us, or the stream ended: what arrived stands
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitEvents(Set<Long> ids, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!received.keySet().containsAll(ids) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }

        Long receivedAt(long id) {
            return received.get(id);
        }

        @Override
        public void close() {
            lines.close();
            reader.interrupt();
        }
    }
}
