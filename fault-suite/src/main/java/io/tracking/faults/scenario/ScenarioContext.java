package io.tracking.faults.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tracking.faults.check.OutageReport;
import io.tracking.faults.load.LoadDriver;
import io.tracking.faults.report.ScenarioResult.Event;
import io.tracking.localstack.LocalStack;
import io.tracking.simulator.fleet.Fleet;

/** What a scenario works with (the stack, the load) and where it reports (events, notes, failures). */
public final class ScenarioContext {

    private static final Logger log = LoggerFactory.getLogger(ScenarioContext.class);

    private final String scenario;
    private final String driverPrefix;
    private final LocalStack stack;
    private final SuiteSettings settings;
    private final List<Event> events = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private long originNanos = System.nanoTime();
    private @Nullable LoadDriver load;
    private @Nullable OutageReport outage;

    ScenarioContext(String scenario, String driverPrefix, LocalStack stack, SuiteSettings settings) {
        this.scenario = scenario;
        this.driverPrefix = driverPrefix;
        this.stack = stack;
        this.settings = settings;
    }

    public LocalStack stack() {
        return stack;
    }

    public SuiteSettings settings() {
        return settings;
    }

    /** The ids of the scenario's simulated drivers, the ones the load sends pings for. */
    public List<String> driverIds() {
        List<String> ids = new ArrayList<>(settings.drivers());
        for (int i = 0; i < settings.drivers(); i++) {
            ids.add(Fleet.driverId(driverPrefix, i, settings.drivers()));
        }
        return ids;
    }

    public LoadDriver load() {
        if (load == null) {
            throw new IllegalStateException("The load has not started yet");
        }
        return load;
    }

    void startedLoad(LoadDriver driver) {
        this.load = driver;
        this.originNanos = System.nanoTime();
    }

    /** Records an event of the timeline (also logged) and returns its time, {@link System#nanoTime()}. */
    public synchronized long mark(String what) {
        long now = System.nanoTime();
        events.add(new Event(round(secondsSinceStart(now)), what));
        log.info("[{}] {}s {}", scenario, String.format(Locale.ROOT, "%.1f", secondsSinceStart(now)), what);
        return now;
    }

    public synchronized void note(String note) {
        notes.add(note);
    }

    /** A check of the scenario failed; the scenario will be reported FAIL with this reason. */
    public synchronized void fail(String reason) {
        log.warn("[{}] FAILED CHECK: {}", scenario, reason);
        failures.add(reason);
    }

    public void outage(OutageReport report) {
        this.outage = report;
    }

    @Nullable OutageReport outage() {
        return outage;
    }

    /**
     * Keeps a fault in place (or lets load run) for {@code duration}. This is the length of the fault itself, not a
     * wait for the system: conditions are awaited with {@link #await}.
     */
    public void hold(Duration duration) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }

    /** Holds until {@code duration} after {@code sinceNanos}. */
    public void holdUntil(long sinceNanos, Duration duration) throws InterruptedException {
        long rest = sinceNanos + duration.toNanos() - System.nanoTime();
        if (rest > 0) {
            TimeUnit.NANOSECONDS.sleep(rest);
        }
    }

    /**
     * Polls {@code condition} every 200 ms until it holds or {@code timeout} passed.
     *
     * @return whether it held in time
     */
    public boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** When the load started, {@link System#nanoTime()}. */
    public long originNanos() {
        return originNanos;
    }

    public double secondsSinceStart(long nanos) {
        return (nanos - originNanos) / 1e9;
    }

    static double seconds(long fromNanos, long toNanos) {
        return round((toNanos - fromNanos) / 1e9);
    }

    static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }
}
