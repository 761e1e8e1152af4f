package io.tracking.simulator.delivery;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import tools.jackson.databind.json.JsonMapper;

import io.netty.channel.EventLoop;

import io.tracking.simulator.SimulatorJson;
import io.tracking.simulator.fleet.Ping;
import io.tracking.simulator.report.FleetConnection;

/**
 * {@code GET {ingest}/api/v1/locations/stream}: each driver keeps one WebSocket connection of its own, opened with
 * its own token on its first ping, and sends each ping as one frame; a ping counts when its frame is answered
 * (202 accepted, 400 rejected, anything else a failure named {@code ws-<status>}). When the connection drops, the
 * driver reconnects (a fresh token, back-off from 100 ms to 5 s) and sends its unanswered pings again, as an app
 * does; the ingest service answers each again and the writer stores it once.
 *
 * <p>Threads: the connections, their answers, the per-ping deadlines and the reconnects all run on the few
 * event-loop threads of a {@link WsConnector} (Netty), never on the common pool; {@link #send} only hands the ping
 * over, or takes it at once when called on the driver's own loop, which {@link #timerFor} offers as the place to
 * time a driver's pings: a ping timed there costs no hand-off between threads. {@link #close} stops those threads,
 * waiting for them at most {@link #CLOSE_WAIT}.
 */
public final class WsPingSender implements PingSender {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** One loop thread carries thousands of connections; more threads than cores would only contend for them. */
    private static final int IO_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final WsConnector connector;
    private final StreamFrames frames;
    private final String secret;
    private final Duration tokenTtl;
    private final Duration timeout;
    private final PrintStream log;
    private final Map<String, DriverStream> streams = new ConcurrentHashMap<>();
    private final Map<EventLoop, DeadlineSweep> deadlines = new ConcurrentHashMap<>();
    private final LongAdder connects = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder resent = new LongAdder();

    private WsPingSender(WsConnector connector, JsonMapper mapper, String secret, Duration tokenTtl, Duration timeout,
            PrintStream log) {
        this.connector = connector;
        this.frames = new StreamFrames(mapper);
        this.secret = secret;
        this.tokenTtl = tokenTtl;
        this.timeout = timeout;
        this.log = log;
    }

    /**
     * A sender to {@code ingestUrl}'s stream endpoint whose local addresses the system picks.
     *
     * @param ingestUrl the ingest service's base URL, {@code http(s)://host:port}
     * @param jwtSecret the HS256 secret each driver's token is signed with
     * @param tokenTtl lifetime of those tokens
     * @param timeout the per-ping deadline, also the bound on opening a connection
     * @param log where {@link #close} prints the connection counts
     */
    public static WsPingSender create(URI ingestUrl, String jwtSecret, Duration tokenTtl, Duration timeout,
            PrintStream log) {
        return create(ingestUrl, jwtSecret, tokenTtl, timeout, List.of(), log);
    }

    /**
     * As {@link #create(URI, String, Duration, Duration, PrintStream)}, each new connection bound to the next of
     * {@code sourceAddresses} in turn (none: the system picks), for more connections to one server port than one
     * local address has ephemeral ports.
     */
    public static WsPingSender create(URI ingestUrl, String jwtSecret, Duration tokenTtl, Duration timeout,
            List<InetAddress> sourceAddresses, PrintStream log) {
        WsConnector connector = new WsConnector(streamUri(ingestUrl), sourceAddresses, timeout, IO_THREADS);
        return new WsPingSender(connector, SimulatorJson.newMapper(), jwtSecret, tokenTtl, timeout, log);
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
        return stream(ping.driverId()).send(ping);
    }

    /**
     * Opens the connections of {@code driverIds} before their first pings, at most {@code inFlight} handshakes at a
     * time, and waits until each is open or failed (every attempt is bounded by the per-ping timeout): a fleet that
     * is connected when a run's clock starts, so that the run measures the fleet and not its arrival. Connections
     * that failed are opened again by their drivers' first pings.
     *
     * @return the connections opened and failed, and how long it took
     */
    public FleetConnection open(List<String> driverIds, int inFlight) throws InterruptedException {
        long start = System.nanoTime();
        Semaphore handshakes = new Semaphore(inFlight);
        LongAdder opened = new LongAdder();
        LongAdder failed = new LongAdder();
        // each attempt ends within the timeout, so no permit is held longer; the margin covers a busy loop
        long permitWait = timeout.multipliedBy(2).toNanos();
        for (String driverId : driverIds) {
            if (!handshakes.tryAcquire(permitWait, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException(String.format(Locale.ROOT, "no handshake of %d in flight ended "
                        + "within %.1f s", inFlight, permitWait / 1e9));
            }
            stream(driverId).open().whenComplete((ok, error) -> {
                (Boolean.TRUE.equals(ok) ? opened : failed).increment();
                handshakes.release();
            });
        }
        if (!handshakes.tryAcquire(inFlight, permitWait, TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "the last handshakes did not end within %.1f s",
                    permitWait / 1e9));
        }
        return new FleetConnection(opened.sum(), failed.sum(), (System.nanoTime() - start) / 1e9);
    }

    /** The event loop of {@code driverId}'s connection: pings sent from there are taken without a hand-off. */
    @Override
    public ScheduledExecutorService timerFor(String driverId) {
        return stream(driverId).loop();
    }

    private DriverStream stream(String driverId) {
        DriverStream stream = streams.get(driverId);
        return stream != null ? stream
                : streams.computeIfAbsent(driverId, id -> {
                    EventLoop loop = connector.nextLoop();
                    return new DriverStream(this, id, loop, deadlines.computeIfAbsent(loop, DeadlineSweep::start));
                });
    }

    /**
     * Connections opened (first ones and reconnects), reconnects, and pings sent again after a reconnect. The fault
     * suite reads this line (its {@code Connections.parse}, tested against this method): keep the wording.
     */
    public String describeConnections() {
        return String.format(Locale.ROOT, "ws: %d connections opened, %d reconnects, %d pings resent",
                connects.sum(), reconnects.sum(), resent.sum());
    }

    public long connects() {
        return connects.sum();
    }

    public long reconnects() {
        return reconnects.sum();
    }

    /**
     * Closes every connection (a normal close frame) and fails the pings still unanswered as {@code unfinished},
     * then stops the event loops, waiting for them at most {@link #CLOSE_WAIT}.
     */
    @Override
    public void close() {
        streams.values().forEach(DriverStream::close);
        if (!connector.close(CLOSE_WAIT)) {
            log.println("ws: the event-loop threads did not stop within " + CLOSE_WAIT.toSeconds() + " s");
        }
        log.println(describeConnections());
    }

    StreamFrames frames() {
        return frames;
    }

    WsConnector connector() {
        return connector;
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

    void connected(boolean again, int resentPings) {
        connects.increment();
        if (again) {
            reconnects.increment();
        }
        resent.add(resentPings);
    }
}
