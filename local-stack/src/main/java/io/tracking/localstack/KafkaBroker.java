package io.tracking.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import org.apache.kafka.common.Uuid;

import kafka.tools.StorageTool;

/**
 * The broker side of {@link KafkaNode}: runs inside the child JVM, writes {@code server.properties}, formats the
 * storage on first start and hands over to Kafka's own {@code kafka.Kafka} entry point, exactly as the
 * distribution's {@code kafka-server-start.sh} would.
 *
 * <p>One combined broker and controller with a static quorum of itself: the voter set lives in the configuration,
 * not in the metadata log, so the ports may change between restarts of the same data directory.
 */
final class KafkaBroker {

    private final Path dataDirectory;
    private final int port;
    private final int controllerPort;
    private final int partitions;
    private final OptionalLong parentPid;

    private KafkaBroker(Path dataDirectory, int port, int controllerPort, int partitions, OptionalLong parentPid) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.partitions = partitions;
        this.parentPid = parentPid;
    }

    /** Parses {@code --data-dir D --port P --controller-port C [--partitions N] [--parent-pid PID]}. */
    static KafkaBroker fromArguments(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("Expected --name value pairs, got " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        String dataDirectory = options.get("data-dir");
        if (dataDirectory == null || !options.containsKey("port") || !options.containsKey("controller-port")) {
            throw new IllegalArgumentException("Usage: KafkaNode --data-dir DIR --port PORT --controller-port PORT"
                    + " [--partitions N] [--parent-pid PID]");
        }
        return new KafkaBroker(Path.of(dataDirectory).toAbsolutePath(),
                Integer.parseInt(options.get("port")),
                Integer.parseInt(options.get("controller-port")),
                Integer.parseInt(options.getOrDefault("partitions", "6")),
                options.containsKey("parent-pid") ? OptionalLong.of(Long.parseLong(options.get("parent-pid")))
                        : OptionalLong.empty());
    }

    /** Blocks until the broker shuts down; Kafka exits the JVM itself on a fatal error. */
    void run() throws IOException {
        Files.createDirectories(dataDirectory);
        Path config = dataDirectory.resolve("server.properties");
        Files.writeString(config, serverProperties(), StandardCharsets.UTF_8);
        if (!Files.exists(dataDirectory.resolve("data").resolve("meta.properties"))) {
            format(config);
        }
        parentPid.ifPresent(KafkaBroker::exitWithParent);
        kafka.Kafka.main(new String[] {config.toString()});
    }

    private String serverProperties() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        settings.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("log.dirs", dataDirectory.resolve("data").toString());
        settings.put("num.partitions", Integer.toString(partitions));
        settings.put("auto.create.topics.enable", "true");
        // one broker: every replicated internal topic must settle for one replica
        settings.put("default.replication.factor", "1");
        settings.put("min.insync.replicas", "1");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", Integer.toString(partitions));
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        // after a SIGKILL the restarted broker waits out its previous incarnation's session (9 s by default)
        settings.put("broker.heartbeat.interval.ms", "1000");
        settings.put("broker.session.timeout.ms", "4000");
        // consumers of a freshly started service get their partitions at once instead of after 3 s
        settings.put("group.initial.rebalance.delay.ms", "0");
        return "# Written by io.tracking.localstack.KafkaNode on every start; edits are overwritten.\n"
                + settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * What {@code kafka-storage.sh format} does, once per data directory: a formatted directory keeps its cluster id,
     * and formatting it again, even with {@code --ignore-formatted}, would fail on the new id.
     */
    private static void format(Path config) {
        PrintStream out = System.out;
        int status = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", config.toString()}, out);
        if (status != 0) {
            throw new IllegalStateException("Formatting the Kafka storage failed with status " + status);
        }
    }

    /**
     * Stops the broker when the JVM that started it is gone, so that a test JVM killed by a timeout does not leave a
     * broker holding the port. {@code System.exit} runs Kafka's shutdown hook, which shuts the broker down cleanly.
     */
    private static void exitWithParent(long pid) {
        ProcessHandle.of(pid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    System.err.println("Parent process " + pid + " exited: shutting the broker down");
                    System.exit(0);
                }),
                () -> {
                    throw new IllegalStateException("Parent process " + pid + " is not running");
                });
    }
}
