package io.tracking.simulator.delivery;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.LongAdder;

import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.fleet.Ping;

/**
 * {@code GET {ingest}/api/v1/locations/stream}: each driver keeps one WebSocket connection of its own, opened with
 * its own token on its first ping, and sends each ping as one frame; a ping counts when its frame is answered
 * (202 accepted, 400 rejected, anything else a failure named {@code ws-<status>}). When the connection drops, the
 * driver reconnects (a fresh token, back-off from 100 ms to 5 s) and sends its unanswered pings again, as an app
 * does; the ingest service answers each again and the writer stores it once.
 *
 * <p>Threads: the JDK client's callbacks run on the HTTP client's executor (the simulator's own threads, never the
 * common pool), reconnects and per-ping deadlines on one scheduler thread of this sender; nothing blocks on them.
 */
public final class WsPingSender implements PingSender {

    private final HttpClient http;
    private final JsonMapper mapper;
    private final URI endpoint;
    private final String secret;
    private final Duration tokenTtl;
    private final Duration timeout;
    private final PrintStream log;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<String, DriverStream> streams = new ConcurrentHashMap<>();
    private final LongAdder connects = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder resent = new LongAdder();

    public WsPingSender(HttpClient http, JsonMapper mapper, URI ingestUrl, String secret, Duration tokenTtl,
            Duration timeout, PrintStream log) {
        this.http = http;
        this.mapper = mapper;
        this.endpoint = streamUri(ingestUrl);
        this.secret = secret;
        this.tokenTtl = tokenTtl;
        this.timeout = timeout;
        this.log = log;
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "simulator-ws");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /** {@code http://host:port} becomes {@code ws://host:port/api/v1/locations/stream} ({@code https}: {@code wss}). */
    static URI streamUri(URI ingestUrl) {
        String base = ingestUrl.toString().replaceAll("/+$", "");
        if (base.startsWith("https://")) {
            base = "wss://" + base.substring("https://".length());
        } else if (base.startsWith("http://")) {
            base = "ws://" + base.substring("http://".length());
        }
        return URI.create(base + "/api/v1/locations/stream");
    }

    @Override
    public CompletableFuture<SendOutcome> send(List<Ping> pings) {
        if (pings.size() != 1) {
            throw new IllegalArgumentException("one ping per frame, got " + pings.size());
        }
        Ping ping = pings.get(0);
        return streams.computeIfAbsent(ping.driverId(), driverId -> new DriverStream(this, driverId)).send(ping);
    }

    /** Connections opened (first ones and reconnects), reconnects, and pings sent again after a reconnect. */
    public String describeConnections() {
        return String.format(Locale.ROOT, "ws: %d connections opened, %d reconnects, %d pings resent",
                connects.sum(), reconnects.sum(), resent.sum());
    }

    public long reconnects() {
        return reconnects.sum();
    }

    @Override
    public void close() {
        streams.values().forEach(DriverStream::close);
        scheduler.shutdownNow();
        log.println(describeConnections());
    }

    HttpClient http() {
        return http;
    }

    JsonMapper mapper() {
        return mapper;
    }

    URI endpoint() {
        return endpoint;
    }

    String secret() {
        return secret;
    }

    Duration tokenTtl() {
        return tokenTtl;
    }

    Duration timeout() {
        return timeout;
    }

    ScheduledThreadPoolExecutor scheduler() {
        return scheduler;
    }

    void connected(boolean again, int resentPings) {
        connects.increment();
        if (again) {
            reconnects.increment();
        }
        resent.add(resentPings);
    }
}
