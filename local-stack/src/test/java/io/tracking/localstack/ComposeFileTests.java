package io.tracking.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} at the repository root, held to what a stack started on a laptop or a shared host must
 * not do: publish anything that asks for no password or token (Kafka's PLAINTEXT listener, PostgreSQL with the
 * password written in the file, the actuators) on every interface of the host, or tell anyone through a health
 * endpoint which dependency failed and why. The APIs (8081, 8083) may be published: they check bearer tokens.
 */
class ComposeFileTests {

    private static final Path ROOT = repositoryRoot();
    private static final Set<String> HIDDEN_HEALTH_DETAILS = Set.of("never", "when-authorized", "when_authorized");

    private final Map<String, Map<String, Object>> services = services(load(ROOT.resolve("docker-compose.yml")));

    @Test
    void shouldPublishKafkaAndPostgresqlOnTheLoopbackInterfaceOnly() {
        for (String name : List.of("kafka", "postgres")) {
            assertThat(services).containsKey(name);
            for (Port port : ports(services.get(name))) {
                assertThat(port.onLoopbackOnly()).as("%s publishes %s on all interfaces", name, port.entry()).isTrue();
            }
        }
    }

    @Test
    void shouldPublishNoManagementPortBeyondTheLoopbackInterface() {
        List<String> checked = new ArrayList<>();
        services.forEach((name, service) -> {
            String management = environment(service).get("MANAGEMENT_SERVER_PORT");
            if (management == null) {
                return;
            }
            checked.add(name);
            for (Port port : ports(service)) {
                if (port.target().equals(management)) {
                    assertThat(port.onLoopbackOnly()).as("%s publishes its actuator %s on all interfaces", name,
                            port.entry()).isTrue();
                }
            }
        });
        assertThat(checked).containsExactlyInAnyOrderElementsOf(everyServiceModule());
    }

    @Test
    void shouldShowHealthDetailsToNobody() {
        List<String> checked = new ArrayList<>();
        services.forEach((name, service) -> {
            String module = module(service);
            if (module == null) {
                return;
            }
            checked.add(module);
            String inCompose = environment(service).get("MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS");
            if (inCompose != null) {
                assertThat(inCompose).as("%s in docker-compose.yml", name).isIn(HIDDEN_HEALTH_DETAILS);
            }
            Object inService = path(load(ROOT.resolve(module).resolve("src/main/resources/application.yml")),
                    "management", "endpoint", "health", "show-details");
            if (inService != null) {
                assertThat(String.valueOf(inService)).as("%s application.yml", module).isIn(HIDDEN_HEALTH_DETAILS);
            }
        });
        assertThat(checked).containsExactlyInAnyOrderElementsOf(everyServiceModule());
    }

    /** Every service of the system runs in compose too: a new one is checked here without editing this test. */
    private static List<String> everyServiceModule() {
        return Arrays.stream(Service.values()).map(Service::module).toList();
    }

    /**
     * One published port. {@code hostIp} is {@code null} when the entry names none, which Docker reads as every
     * interface; an entry with {@code ${...}} is never taken for loopback, since its address is not known here.
     */
    private record Port(String entry, @Nullable String hostIp, String target) {

        boolean onLoopbackOnly() {
            return hostIp != null && (hostIp.startsWith("127.") || hostIp.equals("::1"));
        }

        /** Short syntax {@code [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]}, or the long syntax's map. */
        static Port of(Object entry) {
            if (entry instanceof Map<?, ?> map) {
                Object hostIp = map.get("host_ip");
                return new Port(String.valueOf(map), hostIp == null ? null : String.valueOf(hostIp),
                        String.valueOf(map.get("target")));
            }
            String text = String.valueOf(entry);
            if (text.contains("${")) {
                return new Port(text, null, "");
            }
            String spec = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
            String hostIp = null;
            if (spec.startsWith("[")) {
                hostIp = spec.substring(1, spec.indexOf(']'));
                spec = spec.substring(spec.indexOf(']') + 2);
            }
            String[] parts = spec.split(":");
            if (hostIp == null && parts.length == 3) {
                hostIp = parts[0];
            }
            return new Port(text, hostIp, parts[parts.length - 1]);
        }
    }

    private static List<Port> ports(Map<String, Object> service) {
        Object ports = service.get("ports");
        if (!(ports instanceof List<?> entries)) {
            return List.of();
        }
        return entries.stream().map(Port::of).toList();
    }

    /** The service's environment, whether written as a map (anchors merged) or as a list of {@code KEY=value}. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object declared = service.get("environment");
        if (declared instanceof Map<?, ?> map) {
            map.forEach((key, value) -> environment.put(String.valueOf(key), String.valueOf(value)));
        } else if (declared instanceof List<?> list) {
            for (Object item : list) {
                String[] pair = String.valueOf(item).split("=", 2);
                environment.put(pair[0], pair.length == 2 ? pair[1] : "");
            }
        }
        return environment;
    }

    /** The repository module a service is built from, {@code null} for an image from elsewhere. */
    private static @Nullable String module(Map<String, Object> service) {
        Object module = path(service, "build", "args", "MODULE");
        return module == null ? null : String.valueOf(module);
    }

    private static @Nullable Object path(@Nullable Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services(Map<String, Object> compose) {
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    private static Map<String, Object> load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tests run in the module's directory; the compose file is at the root, a level or more above. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
    }
}
