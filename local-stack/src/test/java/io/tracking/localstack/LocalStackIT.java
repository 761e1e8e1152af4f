package io.tracking.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tracking.auth.DevTokens;

/**
 * The stack's wiring and lifecycle, with {@link FakeService} jars standing in for the services so that this module
 * can be tested before (and independently of) their builds: real Kafka and PostgreSQL, real child JVMs.
 */
class LocalStackIT {

    private static final String VERSION = "0.0.0-test";

    @TempDir
    Path repositoryRoot;

    @TempDir
    Path dataDirectory;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldWireServicesToKafkaAndPostgresAndStopEveryProcessOnClose() throws Exception {
        for (Service service : Service.values()) {
            writeFakeServiceJar(service.executableJar(repositoryRoot, VERSION));
        }
        LocalStack.Ports ports = LocalStack.Ports.free();
        List<Long> pids = new ArrayList<>();
        try (LocalStack stack = LocalStack.builder(dataDirectory)
                .ports(ports)
                .repositoryRoot(repositoryRoot)
                .version(VERSION)
                .environment(Service.QUERY, "TRACKING_QUERY_EXTRA", "only-query")
                .build()
                .start()) {
            for (ServiceProcess service : stack.services()) {
                assertThat(service.isReady()).as(service.name()).isTrue();
                pids.add(service.pid().orElseThrow());
            }
            pids.add(stack.kafka().pid().orElseThrow());
            pids.add(stack.postgres().pid().orElseThrow());

            assertThat(env(stack.ingest(), "KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("localhost:" + ports.kafka());
            assertThat(env(stack.writer(), "DATABASE_URL"))
                    .isEqualTo("jdbc:postgresql://localhost:" + ports.postgres() + "/tracking");
            assertThat(env(stack.writer(), "MANAGEMENT_SERVER_PORT")).isEqualTo(Integer.toString(ports.writer()));
            assertThat(env(stack.query(), "TRACKING_JWT_SECRET")).isEqualTo(DevTokens.DEVELOPMENT_SECRET);
            assertThat(env(stack.query(), "TRACKING_QUERY_EXTRA")).isEqualTo("only-query");
            assertThat(env(stack.ingest(), "TRACKING_QUERY_EXTRA")).isNull();

            long killedPid = stack.writer().pid().orElseThrow();
            stack.writer().kill();
            assertThat(stack.writer().isAlive()).isFalse();
            assertThat(ProcessHandle.of(killedPid).filter(ProcessHandle::isAlive)).isEmpty();
            stack.writer().start();
            assertThat(stack.writer().isReady()).isTrue();
            pids.add(stack.writer().pid().orElseThrow());
        }

        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(dataDirectory.resolve("logs")).isDirectoryContaining("glob:**/location-ingest-service.log")
                .isDirectoryContaining("glob:**/kafka.log")
                .isDirectoryContaining("glob:**/postgres.log");
        assertThat(dataDirectory.resolve("run")).isEmptyDirectory();
    }

    private String env(ServiceProcess service, String name) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/env/" + name))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 404 ? null : response.body();
    }

    /** A runnable jar holding only {@link FakeService}. */
    private static void writeFakeServiceJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream classFile = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
    }
}
