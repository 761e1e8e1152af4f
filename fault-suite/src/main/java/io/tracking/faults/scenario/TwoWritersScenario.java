package io.tracking.faults.scenario;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import io.tracking.localstack.LocalStack;
import io.tracking.localstack.ServiceProcess;

/**
 * A second batch-writer instance joins the consumer group, the two share the partitions, and one of them (the
 * stack's own) is SIGKILLed mid-load. The survivor takes the dead one's partitions once the group notices (its
 * session timeout) and resumes them from the positions stored in PostgreSQL: nothing lost, nothing twice.
 */
final class TwoWritersScenario implements Scenario {

    /** Consumers per writer instance: the writer's default {@code tracking.writer.concurrency}, set explicitly. */
    static final int CONSUMERS_PER_WRITER = 2;

    static final String NAME = "two-writers";

    /** The writer's default {@code tracking.writer.group-id}; the stack does not override it. */
    private static final String GROUP = "location-batch-writer";
    private static final Duration SHARE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TAKEOVER_TIMEOUT = Duration.ofSeconds(120);

    private @Nullable ServiceProcess second;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "two batch writers sharing the partitions, one SIGKILLed during load";
    }

    @Override
    public void prepare(ScenarioContext context) throws Exception {
        LocalStack stack = context.stack();
        int port = freePort();
        ServiceProcess extra = ServiceProcess.builder(stack.writer().name() + "-2", stack.writer().jar(), port, port)
                .environment(writerEnvironment(stack, context.settings()))
                .startupTimeout(context.settings().startupTimeout())
                .logFile(stack.logDirectory().resolve(stack.writer().name() + "-2.log"))
                .pidFile(stack.dataDirectory().resolve("run").resolve(stack.writer().name() + "-2.pid"))
                .build();
        second = extra;
        long starting = System.nanoTime();
        extra.start();
        context.note("second writer ready in " + ScenarioContext.seconds(starting, System.nanoTime()) + "s");
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        LocalStack stack = context.stack();
        int partitions = context.settings().partitions();
        try (ConsumerGroups groups = new ConsumerGroups(stack.kafka().bootstrapServers())) {
            if (context.await(() -> shared(groups.assignment(GROUP)), SHARE_TIMEOUT)) {
                context.mark("partitions shared " + groups.assignment(GROUP));
            } else {
                context.fail("the two writers did not share the partitions within " + SHARE_TIMEOUT.toSeconds()
                        + " s: " + groups.assignment(GROUP));
                return;
            }
            context.hold(Duration.ofMillis(3_000 + ThreadLocalRandom.current().nextLong(3_000)));
            long killed = context.mark("SIGKILL to the stack's writer (pid "
                    + stack.writer().pid().map(String::valueOf).orElse("none") + ")");
            stack.writer().kill();
            if (context.await(() -> survivorHoldsAll(groups.assignment(GROUP), partitions), TAKEOVER_TIMEOUT)) {
                long taken = context.mark("the survivor holds all " + partitions + " partitions");
                context.note("survivor took over all partitions " + ScenarioContext.seconds(killed, taken)
                        + "s after the kill");
            } else {
                context.fail("the survivor did not take all partitions within " + TAKEOVER_TIMEOUT.toSeconds()
                        + " s: " + groups.assignment(GROUP));
            }
        }
    }

    @Override
    public void restore(ScenarioContext context) throws Exception {
        ServiceProcess writer = context.stack().writer();
        if (!writer.isAlive()) {
            writer.start();
            context.mark("stack's writer restarted");
        }
        ServiceProcess extra = second;
        if (extra != null) {
            extra.close();
            context.mark("second writer stopped");
            second = null;
        }
    }

    /** Both instances' consumers are members, each with at least one partition. */
    static boolean shared(List<Integer> assignment) {
        return assignment.size() == 2 * CONSUMERS_PER_WRITER && assignment.stream().allMatch(count -> count > 0);
    }

    /** Only the survivor's consumers are left, and between them they hold every partition. */
    static boolean survivorHoldsAll(List<Integer> assignment, int partitions) {
        return assignment.size() == CONSUMERS_PER_WRITER
                && assignment.stream().mapToInt(Integer::intValue).sum() == partitions;
    }

    /**
     * What {@link LocalStack} hands its writer (it keeps that map to itself): the same broker, database, secret and
     * partition count.
     */
    static Map<String, String> writerEnvironment(LocalStack stack, SuiteSettings settings) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers());
        environment.put("DATABASE_URL", stack.database().jdbcUrl());
        environment.put("DATABASE_USERNAME", stack.database().username());
        environment.put("DATABASE_PASSWORD", stack.database().password());
        environment.put("TRACKING_JWT_SECRET", stack.jwtSecret());
        environment.put("TRACKING_TOPIC_PARTITIONS", Integer.toString(settings.partitions()));
        environment.put("TRACKING_WRITER_CONCURRENCY", Integer.toString(CONSUMERS_PER_WRITER));
        return environment;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
