-- The next Kafka offset to read per (consumer group, topic, partition). The batch writer updates it in the same
-- transaction as the rows it stores, and seeks to it on partition assignment: a crash can neither lose nor
-- repeat a ping. Kafka's own committed offsets are only a copy for lag monitoring.
CREATE TABLE kafka_consumer_positions (
    consumer_group text        NOT NULL,
    topic          text        NOT NULL,
    partition_id   integer     NOT NULL,
    next_offset    bigint      NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition_id)
);
