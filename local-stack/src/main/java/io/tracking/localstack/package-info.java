/**
 * The whole system on a machine that has only a JDK and Maven: a single-node KRaft Kafka broker
 * ({@link io.tracking.localstack.KafkaNode}) and PostgreSQL ({@link io.tracking.localstack.PostgresNode}) with
 * persistent data directories, and the three services as child JVMs
 * ({@link io.tracking.localstack.ServiceProcess}), put together by {@link io.tracking.localstack.LocalStack}.
 * {@link io.tracking.localstack.LocalStackMain} is the {@code ./run-local.sh} command line; system tests use the
 * {@code LocalStack} API to start, stop and kill each part.
 *
 * <p>Every process this package starts is stopped by {@code close()} and by a JVM shutdown hook, and each child
 * writes a pid file so that a later start can clear what a {@code kill -9}ed parent left behind.
 */
@NullMarked
package io.tracking.localstack;

import org.jspecify.annotations.NullMarked;
