package io.tracking.faults.scenario;

import java.net.http.HttpClient;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tracking.faults.check.LoadBucket;
import io.tracking.faults.check.QueryReadBack;
import io.tracking.faults.check.Reconciliation;
import io.tracking.faults.check.StoredPing;
import io.tracking.faults.check.StoredPings;
import io.tracking.faults.load.Connections;
import io.tracking.faults.load.HttpPingChannel;
import io.tracking.faults.load.LoadDriver;
import io.tracking.faults.load.PingAttempt;
import io.tracking.faults.load.PingChannel;
import io.tracking.faults.load.Transport;
import io.tracking.faults.load.WsPingChannel;
import io.tracking.faults.report.ScenarioResult;
import io.tracking.localstack.LocalStack;
import io.tracking.simulator.delivery.DriverTokens;
import io.tracking.simulator.fleet.CityArea;
import io.tracking.simulator.fleet.Fleet;

/**
 * Runs one scenario on a running stack: fresh drivers (their own id prefix), load, fault, more load, then waits for
 * PostgreSQL to hold every accepted ping (or the settle timeout) and reconciles.
 *
 * <p>Order: {@link Scenario#prepare}, load start, warm-up (every driver had a ping accepted, so the pipeline is seen
 * working before the fault), {@link Scenario#inject}, load until both the minimum load time and the tail after the
 * fault passed, load stop, settle, reconciliation, query read-back, {@link Scenario#check}, and always
 * {@link Scenario#restore} and a check that every part of the stack is up again.
 */
public final class ScenarioRunner {

    private static final Logger log = LoggerFactory.getLogger(ScenarioRunner.class);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Outlives every scenario's load, so that no token expires (the service would close a connection for it). */
    private static final Duration TOKEN_TTL = Duration.ofHours(2);
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TIMELINE_SLICE = Duration.ofSeconds(5);

    private final LocalStack stack;
    private final SuiteSettings settings;
    private final HttpClient http;
    private final StoredPings store;
    private final StackRepair repair;

    public ScenarioRunner(LocalStack stack, SuiteSettings settings, HttpClient http) {
        this.stack = stack;
        this.settings = settings;
        this.http = http;
        this.store = new StoredPings(stack.database());
        this.repair = new StackRepair(stack);
    }

    /**
     * Loads the stack for {@code duration} before the first scenario, over each of the {@code transports} at once,
     * with drivers of their own and nothing judged: freshly started JVMs (JIT, connection pools, first token
     * verifications) answer slowly at first, which is not what the scenarios are about.
     */
    public void warmUp(Duration duration, Collection<Transport> transports) throws InterruptedException {
        if (duration.isZero() || transports.isEmpty()) {
            return;
        }
        List<LoadDriver> loads = new ArrayList<>();
        for (Transport transport : transports) {
            loads.add(newLoad("fault-warm-up-" + transport.label() + "-" + randomSuffix() + "-", transport));
        }
        log.info("Warming the stack up: {} s of load over {}", duration.toSeconds(),
                transports.stream().map(Transport::label).toList());
        loads.forEach(LoadDriver::start);
        TimeUnit.NANOSECONDS.sleep(duration.toNanos()); // the length of the warm-up, not a synchronisation
        for (LoadDriver load : loads) {
            load.stop(REQUEST_TIMEOUT.plusSeconds(5));
            log.info("Warm-up over {}: {} sent, {} accepted, outcomes {}", load.transport().label(), load.sent(),
                    load.accepted(), load.outcomes());
        }
    }

    public ScenarioResult run(Scenario scenario) throws InterruptedException {
        String prefix = "fault-" + scenario.name() + "-" + randomSuffix() + "-";
        ScenarioContext context = new ScenarioContext(scenario.name(), prefix, stack, settings);
        long started = System.nanoTime();
        LoadDriver load = newLoad(prefix, scenario.transport());
        @Nullable Reconciliation reconciliation = null;
        QueryReadBack.@Nullable Result readBack = null;
        List<LoadBucket> timeline = List.of();
        try {
            log.info("[{}] {}", scenario.name(), scenario.description());
            repair.ensureUp(context);
            scenario.prepare(context);
            context.startedLoad(load);
            load.start();
            context.mark("load started: " + settings.drivers() + " drivers over " + scenario.transport().label()
                    + ", one ping each every " + settings.interval().toMillis() + " ms");
            if (!context.await(() -> load.accepted() >= settings.drivers(), WARM_UP_TIMEOUT)) {
                context.fail("warm-up: only " + load.accepted() + " pings accepted in " + WARM_UP_TIMEOUT.toSeconds()
                        + " s, outcomes " + load.outcomes());
            }
            context.mark("warm-up done, " + load.accepted() + " accepted");
            try {
                scenario.inject(context);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // what was accepted until here must still be stored: bring the stack back and reconcile anyway
                log.error("[{}] injecting the fault failed", scenario.name(), e);
                context.fail("the fault did not go as planned: " + firstLine(e));
                repair.ensureUp(context);
            }
            long faultOver = context.mark("fault over");
            context.holdUntil(faultOver, settings.tail());
            context.holdUntil(context.originNanos(), settings.minLoad());
            if (!load.stop(REQUEST_TIMEOUT.plusSeconds(5))) {
                context.fail("pings still unanswered " + REQUEST_TIMEOUT.plusSeconds(5).toSeconds()
                        + " s after the load stopped");
            }
            long loadStopped = context.mark("load stopped: " + load.sent() + " sent, " + load.accepted()
                    + " accepted");
            List<PingAttempt> attempts = load.attempts();
            Settled settled = settle(context, prefix, attempts, loadStopped);
            reconciliation = settled.reconciliation();
            Set<PingAttempt> storedButRefused = Reconciliation.storedButRefused(attempts, settled.history());
            timeline = LoadBucket.of(attempts, storedButRefused, context.originNanos(), TIMELINE_SLICE);
            if (!storedButRefused.isEmpty()) {
                DoubleSummaryStatistics when = storedButRefused.stream()
                        .mapToDouble(attempt -> context.secondsSinceStart(attempt.startNanos())).summaryStatistics();
                context.note("pings stored though refused were sent between " + ScenarioContext.round(when.getMin())
                        + "s and " + ScenarioContext.round(when.getMax()) + "s");
            }
            readBack = new QueryReadBack(http, stack.query().baseUrl(), stack.jwtSecret())
                    .check(Reconciliation.expectedLatest(attempts, settled.history()));
            if (readBack.wrong() > 0) {
                context.fail("query service: " + readBack.wrong() + " of " + readBack.checked()
                        + " drivers without their expected latest position, e.g. " + readBack.sample());
            }
            scenario.check(context, attempts);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            log.error("[{}] scenario failed", scenario.name(), e);
            context.fail("scenario aborted: " + firstLine(e));
        } finally {
            stopQuietly(load);
            try {
                scenario.restore(context);
                repair.ensureUp(context);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                log.error("[{}] restoring the stack failed", scenario.name(), e);
                context.fail("restoring the stack failed: " + firstLine(e));
            }
        }
        return result(scenario, context, prefix, load, reconciliation, readBack, timeline, started);
    }

    private record Settled(Reconciliation reconciliation, List<StoredPing> history) {
    }

    /**
     * Waits until the history holds at least as many rows as were accepted and the count stopped moving, then
     * reconciles; repeats while an accepted ping or a latest position is missing and the settle timeout allows
     * (rows that should not be there do not go away by waiting).
     */
    private Settled settle(ScenarioContext context, String prefix, List<PingAttempt> attempts,
            long loadStopped) throws SQLException, InterruptedException {
        long accepted = attempts.stream().filter(PingAttempt::accepted).count();
        long deadline = loadStopped + settings.settleTimeout().toNanos();
        long previous = -1;
        while (System.nanoTime() < deadline) {
            long count = store.historyCount(prefix);
            if (count >= accepted && count == previous) {
                break;
            }
            previous = count;
            TimeUnit.SECONDS.sleep(1);
        }
        while (true) {
            List<StoredPing> history = store.history(prefix);
            Reconciliation reconciliation = Reconciliation.of(attempts, history, store.latest(prefix));
            if (reconciliation.complete() || System.nanoTime() > deadline) {
                context.mark("settled: " + reconciliation.stored() + " stored, " + reconciliation.lost() + " lost, "
                        + reconciliation.duplicated() + " duplicated");
                context.note("settled in " + ScenarioContext.seconds(loadStopped, System.nanoTime()) + "s");
                return new Settled(reconciliation, history);
            }
            TimeUnit.SECONDS.sleep(2);
        }
    }

    private ScenarioResult result(Scenario scenario, ScenarioContext context, String prefix, LoadDriver load,
            @Nullable Reconciliation reconciliation, QueryReadBack.@Nullable Result readBack,
            List<LoadBucket> timeline, long started) {
        List<PingAttempt> attempts = load.attempts();
        Map<String, Long> outcomes = new TreeMap<>();
        long accepted = 0;
        for (PingAttempt attempt : attempts) {
            outcomes.merge(attempt.outcome(), 1L, Long::sum);
            if (attempt.accepted()) {
                accepted++;
            }
        }
        List<String> failures = new ArrayList<>(context.failures());
        List<String> notes = new ArrayList<>();
        if (reconciliation == null) {
            failures.add("no reconciliation: the scenario ended before PostgreSQL was read");
        } else {
            if (reconciliation.lost() > 0) {
                failures.add(reconciliation.lost() + " accepted pings not stored, e.g. " + reconciliation.lostSample());
            }
            if (reconciliation.duplicateRows() > 0) {
                failures.add(reconciliation.duplicateRows() + " pings stored more than once");
            }
            if (reconciliation.mismatched() > 0) {
                failures.add(reconciliation.mismatched() + " stored pings differ from what was accepted");
            }
            if (reconciliation.latestMismatches() > 0) {
                failures.add(reconciliation.latestMismatches() + " drivers' latest position is not their newest"
                        + " stored ping, e.g. " + reconciliation.latestSample());
            }
        }
        long refused = attempts.size() - accepted;
        if (refused > 0) {
            Map<String, Long> errors = new TreeMap<>();
            attempts.stream().filter(attempt -> !attempt.accepted())
                    .forEach(attempt -> errors.merge(attempt.outcome(), 1L, Long::sum));
            notes.add("client errors " + refused + " " + errors);
        }
        Optional<Connections> connections = load.connections();
        if (connections.isPresent()) {
            notes.add(connections.get().opened() + " connections opened");
        } else if (load.transport() == Transport.WS) {
            notes.add("the WebSocket sender reported no connection figures");
        }
        if (reconciliation != null && reconciliation.storedUnaccepted() > 0) {
            notes.add(reconciliation.storedUnaccepted() + " unconfirmed pings stored once all the same "
                    + reconciliation.unacceptedByOutcome());
        }
        notes.addAll(context.notes());
        if (reconciliation != null) {
            notes.add("latest positions " + Math.max(0, reconciliation.drivers() - reconciliation.latestMismatches())
                    + "/" + reconciliation.drivers() + " ok");
        }
        if (readBack != null) {
            notes.add("query read-back " + readBack.matched() + "/" + readBack.checked() + " ok"
                    + (readBack.askedAgain() > 0 ? ", " + readBack.askedAgain() + " asked again after a 503 or failure"
                            : ""));
        }
        double duration = ScenarioContext.seconds(started, System.nanoTime());
        boolean passed = failures.isEmpty();
        log.info("[{}] {} in {}s", scenario.name(), passed ? "PASSED" : "FAILED",
                String.format(Locale.ROOT, "%.0f", duration));
        return new ScenarioResult(scenario.name(), scenario.description(), scenario.transport().label(), passed,
                duration, prefix, settings.drivers(), attempts.size(), accepted,
                reconciliation != null ? reconciliation.stored() : 0,
                reconciliation != null ? reconciliation.lost() : 0,
                reconciliation != null ? reconciliation.duplicated() : 0,
                connections.orElse(null), outcomes, reconciliation, context.outage(), readBack, context.events(),
                timeline, List.copyOf(notes), List.copyOf(failures));
    }

    private LoadDriver newLoad(String prefix, Transport transport) {
        String ingest = stack.ingest().baseUrl();
        PingChannel channel = switch (transport) {
            case HTTP -> new HttpPingChannel(http, ingest, new DriverTokens(stack.jwtSecret(), TOKEN_TTL),
                    REQUEST_TIMEOUT);
            case WS -> WsPingChannel.open(stack.ingestStreamUrl().orElseThrow(
                    () -> new IllegalStateException("the stack opens no ingest stream")), stack.jwtSecret(), TOKEN_TTL,
                    REQUEST_TIMEOUT);
        };
        return new LoadDriver(channel,
                Fleet.create(prefix, settings.drivers(), CityArea.BENGALURU, ThreadLocalRandom.current().nextLong()),
                settings.interval());
    }

    private static void stopQuietly(LoadDriver load) throws InterruptedException {
        load.stop(Duration.ofSeconds(15));
    }

    /** The exception and the first line of its message: the messages of a failed start carry a whole log tail. */
    static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline).strip()
                + " (see the log)");
    }

    private static String randomSuffix() {
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(letters.charAt(ThreadLocalRandom.current().nextInt(letters.length())));
        }
        return suffix.toString();
    }
}
