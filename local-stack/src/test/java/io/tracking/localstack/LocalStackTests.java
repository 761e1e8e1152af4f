package io.tracking.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class LocalStackTests {

    @Test
    void shouldKnowTheVersionOfTheServiceJarsFromTheBuild() {
        assertThat(LocalStack.projectVersion()).matches("\\d+\\.\\d+\\.\\d+.*").doesNotContain("@", "$");
    }

    @Test
    void shouldFindTheServiceJarWhereTheModuleBuildLeavesIt() {
        assertThat(Service.INGEST.executableJar(Path.of("/repo"), "1.2.3"))
                .isEqualTo(Path.of("/repo/location-ingest-service/target/location-ingest-service-1.2.3-exec.jar"));
    }

    @Test
    void shouldHandOutDistinctFreePorts() {
        LocalStack.Ports ports = LocalStack.Ports.free();
        int[] all = {ports.kafka(), ports.kafkaController(), ports.postgres(), ports.ingest(), ports.ingestManagement(),
                ports.writer(), ports.query(), ports.queryManagement()};
        assertThat(IntStream.of(all).distinct().count()).isEqualTo(all.length);
    }

    @Test
    void shouldServeTheWriterActuatorOnItsOnlyPort() {
        LocalStack.Ports ports = LocalStack.Ports.defaults();
        assertThat(ports.port(Service.WRITER)).isEqualTo(8082).isEqualTo(ports.managementPort(Service.WRITER));
        assertThat(ports.managementPort(Service.INGEST)).isEqualTo(9081);
        assertThat(ports.managementPort(Service.QUERY)).isEqualTo(9083);
    }
}
