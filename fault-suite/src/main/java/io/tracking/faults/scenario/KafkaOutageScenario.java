package io.tracking.faults.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.tracking.faults.check.OutageReport;
import io.tracking.faults.check.OutageWindow;
import io.tracking.faults.load.PingAttempt;
import io.tracking.localstack.KafkaNode;

/**
 * The Kafka broker stops for 15 s during load. While it is gone the ingest service must answer 503, never 202 (a
 * 202 promises Kafka has the ping), and once it is back the service must accept again within 10 s, without being
 * restarted.
 *
 * <p>The outage window runs from the moment the broker process was confirmed gone to the moment its restart began;
 * only requests that started and ended inside it are judged (see {@link OutageWindow}).
 */
final class KafkaOutageScenario implements Scenario {

    static final String NAME = "kafka-outage";

    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static final Duration MAX_RECOVERY = Duration.ofSeconds(10);

    private @Nullable OutageWindow window;
    private long returnedNanos;
    private Optional<Long> ingestPid = Optional.empty();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Kafka broker stopped for " + OUTAGE.toSeconds() + " s during load; ingest must answer 503 and"
                + " recover within " + MAX_RECOVERY.toSeconds() + " s of its return";
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        KafkaNode kafka = context.stack().kafka();
        ingestPid = context.stack().ingest().pid();
        context.hold(Duration.ofSeconds(3));
        context.mark("Kafka stop");
        kafka.stop();
        if (kafka.isAlive()) {
            context.fail("the broker process is still alive after stop()");
            return;
        }
        long dead = context.mark("Kafka confirmed gone");
        context.holdUntil(dead, OUTAGE);
        long restart = context.mark("Kafka start");
        window = new OutageWindow(dead, restart);
        kafka.start();
        returnedNanos = context.mark("Kafka answering again");
        long returned = returnedNanos;
        if (context.await(() -> context.load().lastAcceptedEndNanos() >= returned, MAX_RECOVERY.multipliedBy(3))) {
            context.mark("first 202 after the broker returned");
        }
    }

    @Override
    public void check(ScenarioContext context, List<PingAttempt> attempts) {
        OutageWindow outage = window;
        if (outage == null) {
            context.fail("the outage never happened");
            return;
        }
        OutageReport report = OutageReport.of(attempts, outage, returnedNanos);
        context.outage(report);
        context.note("outage window " + ScenarioContext.round(report.windowSeconds()) + "s: " + report.inside()
                + " requests inside, " + report.unavailableInside() + " x 503, " + report.acceptedInside() + " x 202"
                + (report.otherInside().isEmpty() ? "" : ", other " + report.otherInside()));
        context.note(report.straddling() + " requests across the window's edges (" + report.acceptedStraddling()
                + " x 202, legitimate)");
        Double recovery = report.recoverySeconds();
        context.note(recovery == null ? "no 202 after the broker returned"
                : "recovered " + ScenarioContext.round(recovery) + "s after the broker returned");
        if (report.inside() == 0) {
            context.fail("no request started and ended inside the outage window: nothing was tested");
        }
        if (report.acceptedInside() > 0) {
            context.fail(report.acceptedInside() + " requests answered 202 while Kafka was down");
        }
        if (!report.otherInside().isEmpty()) {
            context.fail("answers other than 503 while Kafka was down: " + report.otherInside());
        }
        if (recovery == null || recovery > MAX_RECOVERY.toSeconds()) {
            context.fail("ingest did not accept again within " + MAX_RECOVERY.toSeconds()
                    + " s of the broker's return" + (recovery == null ? ""
                            : " (took " + ScenarioContext.round(recovery) + " s)"));
        }
        Optional<Long> pidNow = context.stack().ingest().pid();
        if (ingestPid.isEmpty() || !ingestPid.equals(pidNow)) {
            context.fail("the ingest service was restarted or died (pid " + ingestPid.orElse(null) + " -> "
                    + pidNow.orElse(null) + ")");
        }
    }
}
