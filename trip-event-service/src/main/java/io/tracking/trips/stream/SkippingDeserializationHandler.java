package io.tracking.trips.stream;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips a record whose bytes no serde can read, counts it and logs its coordinates (never its value: it may hold
 * a position). Any bytes can reach a topic; one bad record must not stop the application, which Kafka Streams'
 * default handler would do. Skipping is final: the record's offset commits with the next transaction.
 *
 * <p>Kafka Streams instantiates the handler from its class name; the {@link TripMetrics} come in the streams
 * configuration under {@link #METRICS_CONFIG}.
 */
public final class SkippingDeserializationHandler implements DeserializationExceptionHandler {

    /** Key of the streams configuration entry holding the {@link TripMetrics} instance. */
    public static final String METRICS_CONFIG = "tracking.trips.metrics";

    private static final Logger log = LoggerFactory.getLogger(SkippingDeserializationHandler.class);

    private @Nullable TripMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(METRICS_CONFIG) instanceof TripMetrics configured) {
            metrics = configured;
        }
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        log.warn("Skipping undecodable record {}-{}@{} ({})", record.topic(), record.partition(), record.offset(),
                exception.getClass().getSimpleName());
        if (metrics != null) {
            metrics.skipped(record.topic(), "undecodable");
        }
        return DeserializationHandlerResponse.CONTINUE;
    }
}
