/**
 * Real Kafka and PostgreSQL for tests, chosen once per JVM: Testcontainers where a Docker engine answers, an
 * in-process KRaft broker and embedded PostgreSQL binaries where none does. Tests use the same code either way:
 * annotate a Spring test with {@link io.tracking.testsupport.WithKafka} and/or
 * {@link io.tracking.testsupport.WithPostgres}, or call {@link io.tracking.testsupport.TestInfrastructure}.
 */
@NullMarked
package io.tracking.testsupport;

import org.jspecify.annotations.NullMarked;
