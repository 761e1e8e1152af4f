package io.tracking.simulator;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.tracking.simulator.fleet.CityArea;
import io.tracking.simulator.trips.DeliveryOptions;

/**
 * A validated command line; {@link OptionsParser} documents each option and its default.
 *
 * @param mode how pings leave the simulator
 * @param replayViaKafka for {@link Mode#REPLAY}: onto Kafka rather than over HTTP
 * @param ingestUrl ingest service base URL, without a trailing slash
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic the location topic
 * @param jwtSecret HS256 secret the tokens are signed with
 * @param tokenTtl lifetime of the minted tokens
 * @param drivers simulated drivers
 * @param interval time between two fixes of a driver
 * @param duration length of an open-model run
 * @param totalPings pings of a closed-model run; null for the open model
 * @param concurrency requests in flight at most
 * @param batchSize pings per batch request ({@link Mode#HTTP_BATCH})
 * @param driverPrefix prefix of every driver id of this run
 * @param area where drivers move
 * @param seed seed of the movement
 * @param replayFile the NDJSON file to replay
 * @param recordFile where to write the generated pings, if anywhere
 * @param summaryJson where to write the summary as JSON, if anywhere
 * @param expectFile where to write the last accepted position per driver, if anywhere
 * @param verifyUrl query service base URL to verify against, if any
 * @param verifyAll verify every driver rather than a sample
 * @param verifySample drivers to verify when not all
 * @param verifyTimeout how long verification keeps retrying drivers that do not match yet
 * @param requestTimeout timeout of one HTTP request or Kafka send
 * @param progress print a progress line a second on stderr
 * @param wsSourceAddresses local addresses the ws mode's connections are bound to in turn; empty: the system picks
 * @param connectFirst ws mode: open every driver's connection before the run's clock starts
 * @param delivery the settings of {@link Mode#DELIVERY}; null in the other modes
 */
record SimulatorOptions(
        Mode mode,
        boolean replayViaKafka,
        URI ingestUrl,
        String bootstrapServers,
        String topic,
        String jwtSecret,
        Duration tokenTtl,
        int drivers,
        Duration interval,
        Duration duration,
        @Nullable Long totalPings,
        int concurrency,
        int batchSize,
        String driverPrefix,
        CityArea area,
        long seed,
        @Nullable Path replayFile,
        @Nullable Path recordFile,
        @Nullable Path summaryJson,
        @Nullable Path expectFile,
        @Nullable URI verifyUrl,
        boolean verifyAll,
        int verifySample,
        Duration verifyTimeout,
        Duration requestTimeout,
        boolean progress,
        List<InetAddress> wsSourceAddresses,
        boolean connectFirst,
        @Nullable DeliveryOptions delivery) {

    boolean closedModel() {
        return totalPings != null;
    }

    boolean sendsToKafka() {
        return mode == Mode.KAFKA || (mode == Mode.REPLAY && replayViaKafka);
    }

    String loadModel() {
        return mode == Mode.REPLAY ? "replay" : closedModel() ? "closed" : "open";
    }
}
