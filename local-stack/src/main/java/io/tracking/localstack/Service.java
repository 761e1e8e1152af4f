package io.tracking.localstack;

import java.nio.file.Path;

/** The services of the system, named after their Maven modules. */
public enum Service {

    /** Accepts pings over HTTP and publishes them to Kafka. */
    INGEST("location-ingest-service"),

    /** Consumes pings in batches and writes them to PostgreSQL; applies the Flyway migrations. */
    WRITER("location-batch-writer"),

    /** Answers where a driver is and was, from PostgreSQL. */
    QUERY("tracking-query-service"),

    /** Derives each order's trip events and ETAs from the ping and order topics (Kafka Streams). */
    TRIPS("trip-event-service");

    private final String module;

    Service(String module) {
        this.module = module;
    }

    /** The Maven module, which is also the artifactId and the name used for logs and pid files. */
    public String module() {
        return module;
    }

    /** The runnable jar the module's build leaves behind: {@code <module>/target/<module>-<version>-exec.jar}. */
    public Path executableJar(Path repositoryRoot, String version) {
        return repositoryRoot.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
    }
}
