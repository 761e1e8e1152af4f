package io.tracking.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tracking.localstack.LocalStack;
import io.tracking.localstack.Service;

class FaultSuiteMainTests {

    @TempDir
    Path repository;

    @TempDir
    Path data;

    @Test
    void shouldRunTheStackFromCopiesOfTheServiceJarsSoThatARebuildCannotPullThemAway() throws Exception {
        String version = LocalStack.projectVersion();
        for (Service service : Service.values()) {
            Path jar = service.executableJar(repository, version);
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, service.module());
        }

        Path root = FaultSuiteMain.copyServiceJars(repository, data);
        Files.writeString(Service.WRITER.executableJar(repository, version), "");

        assertThat(root).startsWith(data);
        for (Service service : Service.values()) {
            assertThat(service.executableJar(root, version)).hasContent(service.module());
        }
    }

    @Test
    void shouldNameAMissingJar() {
        assertThatIllegalStateException().isThrownBy(() -> FaultSuiteMain.copyServiceJars(repository, data))
                .withMessageContaining("-exec.jar not found");
    }
}
