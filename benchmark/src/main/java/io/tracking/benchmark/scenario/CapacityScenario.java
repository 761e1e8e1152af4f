package io.tracking.benchmark.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import io.tracking.benchmark.report.Figure;

/**
 * Capacity: how many drivers the whole system carries on this machine. A moving fleet sends a ping every 4 s; 1 % of
 * the drivers have an order whose customer holds its tracking stream open, 5 % are polled by customers every 5 s.
 * The fleet grows in steps ({@link CapacityRamp}) until one breaks a limit ({@link CapacityLimits}); the largest
 * fleet held, its pings/s and what each process used are the figures, once per {@link CapacityTransport}: over
 * WebSocket to the ingest service's Tomcat listener, to its Netty listener (when the stack started one), and with
 * HTTP single pings. The ramp also goes to {@code capacity.svg} ({@link CapacityChart}).
 *
 * <p>A WebSocket fleet holds one connection per driver, which costs a file descriptor in this JVM and one in the
 * ingest service, and a local port of the client's address: the ramp leaves out the steps the open-file limit cannot
 * hold, and spreads larger fleets over several loopback addresses ({@link CapacityStepRun#sourceAddresses}).
 */
final class CapacityScenario implements Scenario {

    /** Descriptors this JVM needs besides the fleet's connections: jars, logs, sockets of the other clients. */
    static final int FILE_RESERVE = 2_000;
    /** Cores of other work on the machine during a step above which a note says the figures are understated. */
    static final double OTHER_WORK_NOTED = 0.2;

    @Override
    public String name() {
        return "capacity";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        BenchmarkSettings settings = context.settings();
        CapacityRamp ramp = CapacityRamp.of(settings);
        int connections = maxConnections();
        List<Integer> wsSteps = ramp.stepsUpTo(connections);
        if (wsSteps.size() < ramp.steps().size()) {
            context.note(String.format(Locale.ROOT, "capacity: WebSocket steps above %,d drivers left out (a "
                    + "connection each, a file descriptor in this JVM and in the ingest service: open-file limit %,d,"
                    + " less %,d for the rest; ulimit -Hn)", connections, openFileLimit().orElse(0), FILE_RESERVE));
        }
        context.primeIngest();
        List<CapacityRow> rows = new ArrayList<>();
        rows.add(ramp(context, ramp, CapacityTransport.WEBSOCKET, wsSteps));
        if (context.stack().ingestStreamUrl().isPresent()) {
            rows.add(ramp(context, ramp, CapacityTransport.WEBSOCKET_NETTY, wsSteps));
        }
        rows.add(ramp(context, ramp, CapacityTransport.HTTP, ramp.steps()));
        Path chart = context.workDirectory().resolve("capacity.svg");
        Files.writeString(chart, CapacityChart.render(rows, "Capacity ramp (" + settings.mode() + " mode): p99s and "
                + "CPU by fleet size", Runtime.getRuntime().availableProcessors()), StandardCharsets.UTF_8);
        context.log().println("  ramp chart: " + chart.getFileName() + " (copied into the results directory)");
        List<Figure> figures = new ArrayList<>();
        for (CapacityRow row : rows) {
            figures.addAll(figures(context, ramp, row));
        }
        return figures;
    }

    private static CapacityRow ramp(BenchmarkContext context, CapacityRamp ramp, CapacityTransport transport,
            List<Integer> sizes) throws Exception {
        List<CapacityStep> steps = new ArrayList<>();
        if (!ramp.warmup().isZero() && !sizes.isEmpty()) {
            CapacityStep warmup = CapacityStepRun.measure(context, ramp.withHold(ramp.warmup()), transport,
                    sizes.get(0));
            context.log().printf(Locale.ROOT, "  %s warm-up, %,d drivers for %d s (untimed): ack p99 %.1f ms%n",
                    transport.key(), warmup.drivers(), ramp.warmup().toSeconds(), warmup.ackP99Ms());
        }
        for (int drivers : sizes) {
            CapacityStep step = measure(context, ramp, transport, drivers);
            steps.add(step);
            // the smoke mode runs every step: it proves each part runs, its cold services break limits anyway
            if (!CapacityLimits.TARGETS.broken(step).isEmpty() && !context.settings().isSmoke()) {
                break;
            }
        }
        for (int i = 0; i < ramp.refinements(); i++) {
            CapacityRow sofar = new CapacityRow(transport, steps, CapacityLimits.TARGETS);
            Optional<CapacityStep> held = sofar.held();
            Optional<CapacityStep> broken = sofar.firstBroken();
            if (held.isEmpty() || broken.isEmpty()) {
                break;
            }
            OptionalInt size = CapacityRamp.between(held.get().drivers(), broken.get().drivers());
            if (size.isEmpty()) {
                break;
            }
            steps.add(measure(context, ramp, transport, size.getAsInt()));
        }
        return new CapacityRow(transport, steps, CapacityLimits.TARGETS);
    }

    /** Measures one step of {@code drivers} and logs it with the limits it broke, if any. */
    private static CapacityStep measure(BenchmarkContext context, CapacityRamp ramp, CapacityTransport transport,
            int drivers) throws Exception {
        CapacityStep step = CapacityStepRun.measure(context, ramp, transport, drivers);
        List<String> broken = CapacityLimits.TARGETS.broken(step);
        context.log().printf(Locale.ROOT, "  %s, %,d drivers: %,.0f pings/s, ack p99 %.1f ms, freshness p99 %.0f"
                + " ms, query p99 %.1f ms (%,d reads), %d streams (%,d events), lost %d, failed %d, %.2f cores"
                + " (other work on the machine: %.2f cores); %s%n", transport.key(), drivers,
                step.pingsPerSecond(), step.ackP99Ms(), step.freshnessP99Ms(), step.queryP99Ms(), step.queries(),
                step.streams(), step.events(), step.lostPings(), step.failedPings(), step.totalCores(),
                step.otherCores(), broken.isEmpty() ? "held" : "broke: " + String.join(", ", broken));
        return step;
    }

    private static List<Figure> figures(BenchmarkContext context, CapacityRamp ramp, CapacityRow row) {
        String key = "capacity." + row.transport().key();
        String subject = "capacity, " + row.transport().title();
        String broke = row.firstBroken().map(step -> String.format(Locale.ROOT, "first limit broken at %,d "
                + "drivers: %s", step.drivers(), String.join(", ", row.limits().broken(step))))
                .orElse("no limit broken up to the last step");
        String warmup = ramp.warmup().isZero() ? "no warm-up" : String.format(Locale.ROOT,
                "after %d s untimed at the first size", ramp.warmup().toSeconds());
        String method = String.format(Locale.ROOT, "ramp %s drivers (doubling until a limit broke, then up to %d sizes halving the gap between the largest held and "
                + "the smallest broken; %s), each step held %d s: a ping every %d s per "
                + "driver (simulator %s, open model; ws: the fleet connected before the hold, untimed, then latency from "
                + "each ping's due time; HTTP from the send), 1 %% of drivers with an order whose customer holds its SSE "
                + "stream open, 5 %% read every %d s (latest position, open loop from the due time); limits: ack p99 "
                + "<= %.0f ms, pings/s >= %.0f %% of the fleet's, none failed, freshness p99 <= %.0f ms (probes %d ms "
                + "apart, 202 to queryable), query p99 <= %.0f ms, no acknowledged ping missing from "
                + "location_history after the writer caught up; %s; CPU = CPU-s ÷ wall s of the step (load generator "
                + "= the benchmark JVM); RSS = VmHWM so far (PostgreSQL: the postmaster)",
                row.steps().stream().map(step -> String.format(Locale.ROOT, "%,d", step.drivers()))
                        .collect(Collectors.joining(" → ")), ramp.refinements(), warmup,
                ramp.hold().toSeconds(), CapacityRamp.PING_INTERVAL.toSeconds(), row.transport().simulatorMode(),
                CapacityRamp.POLL_INTERVAL.toSeconds(), row.limits().ackP99Ms(), row.limits().minRateShare() * 100,
                row.limits().freshnessP99Ms(), ramp.probeSpacing().toMillis(), row.limits().queryP99Ms(), broke);
        double busiest = row.steps().stream().mapToDouble(CapacityStep::otherCores).filter(Double::isFinite).max()
                .orElse(0);
        if (busiest > OTHER_WORK_NOTED) {
            context.note(String.format(Locale.ROOT, "%s: other work on the machine took up to %.2f cores during a "
                    + "step; the ramp measured less than an idle machine carries", subject, busiest));
        }
        context.note(subject + ": " + row.held().map(step -> String.format(Locale.ROOT, "held %,d drivers "
                + "(%,.0f pings/s)", step.drivers(), step.pingsPerSecond())).orElse("no step held") + "; " + broke);
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of(key + ".drivers", subject, "largest fleet held", "drivers",
                List.of((double) row.held().map(CapacityStep::drivers).orElse(0)), method));
        row.held().ifPresent(step -> figures.add(Figure.of(key + ".rate", subject, "pings acknowledged", "pings/s",
                List.of(step.pingsPerSecond()), method)));
        // what the largest fleet held used, or, when even the first step broke, what that step used
        row.held().or(row::firstBroken).ifPresent(step -> {
            String at = String.format(Locale.ROOT, " at %,d drivers%s", step.drivers(),
                    row.held().isPresent() ? "" : " (broke)");
            addLatency(figures, key + ".ack", subject + ": ack" + at, step.ackP99Ms(), method);
            addLatency(figures, key + ".freshness", subject + ": freshness" + at, step.freshnessP99Ms(), method);
            addLatency(figures, key + ".query", subject + ": customer reads" + at, step.queryP99Ms(), method);
            step.cores().forEach((component, cores) -> {
                if (Double.isFinite(cores)) {
                    figures.add(Figure.of(key + ".cpu." + component.key(), subject + ": CPU" + at,
                            component.title(), "cores", List.of(cores), method));
                }
            });
            if (Double.isFinite(step.machineCores())) {
                figures.add(Figure.of(key + ".cpu.other", subject + ": CPU" + at, "other work on the machine",
                        "cores", List.of(step.otherCores()), method));
            }
            step.rssMiB().forEach((component, mib) -> figures.add(Figure.of(key + ".rss." + component.key(),
                    subject + ": peak RSS" + at, component.title(), "MiB", List.of(mib), method)));
        });
        return figures;
    }

    private static void addLatency(List<Figure> figures, String key, String subject, double p99, String method) {
        if (Double.isFinite(p99)) {
            figures.add(Figure.of(key + ".p99", subject, "p99", "ms", List.of(p99), method));
        }
    }

    /** The most WebSocket connections this JVM can hold: its open-file limit less a reserve. */
    static int maxConnections() {
        OptionalLong files = openFileLimit();
        return files.isPresent() ? (int) Math.max(0, Math.min(Integer.MAX_VALUE, files.getAsLong() - FILE_RESERVE))
                : Integer.MAX_VALUE;
    }

    /** This process's soft limit of open files ({@code /proc/self/limits}); empty when unreadable or unlimited. */
    static OptionalLong openFileLimit() {
        try {
            return openFileLimit(Files.readString(Path.of("/proc/self/limits"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The soft limit of the {@code Max open files} line of a {@code /proc/<pid>/limits} text. */
    static OptionalLong openFileLimit(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.matches("\\d+") ? OptionalLong.of(Long.parseLong(soft)) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
