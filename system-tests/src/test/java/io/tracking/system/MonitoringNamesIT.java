package io.tracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.tracking.auth.DevTokens;
import io.tracking.localstack.LocalStack;
import io.tracking.localstack.ServiceProcess;

/**
 * Every metric name that {@code monitoring/alerts.yml} and {@code monitoring/dashboards/*.json} query exists in a
 * scrape of the service its selector names ({@code job="<module>"}, the scrape job of {@code monitoring/prometheus.yml}),
 * after a few pings went through: a renamed meter, a typo or a histogram that is not published shows up here instead
 * of as an alert that can never fire or an empty panel.
 *
 * <p>Names are the tokens of the rule and dashboard query lines that start with a prefix the services export
 * ({@code tracking_}, {@code http_server_}, {@code jvm_}, {@code process_}, {@code system_}); {@code up} is
 * Prometheus's own. A name whose selector names no job must exist in some scrape. {@link #FIRST_EVENT_ONLY} lists
 * the few that only exist after their first event.
 */
class MonitoringNamesIT {

    /**
     * Meters registered on their first event, so absent from a scrape of a fresh, healthy stack:
     * {@code tracking_writer_dead_letters_total} (one counter per reason, created by the first dead letter of that
     * reason) and Micrometer's {@code jvm_gc_pause_seconds} (one timer per collector and cause, created by the first
     * collection: a lightly loaded service may not have collected yet).
     */
    private static final Set<String> FIRST_EVENT_ONLY = Set.of("tracking_writer_dead_letters_total",
            "jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_max");

    private static final Pattern NAME = Pattern.compile(
            "(?<![A-Za-z0-9_:])((?:tracking|http_server|jvm|process|system)_[A-Za-z0-9_]*[A-Za-z0-9])"
                    + "(\\{[^}]*\\})?");
    private static final Pattern JOB = Pattern.compile("job=\\\\?\"([a-z-]+)\\\\?\"");
    private static final String ANY_JOB = "(any)";

    private final LocalStack stack = SystemStack.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String driverId = "monitoring-" + UUID.randomUUID();

    @Test
    void shouldExportEveryMetricTheAlertsAndDashboardsQuery() throws Exception {
        Map<String, Set<String>> referenced = referencedNames(LocalStack.findRepositoryRoot().resolve("monitoring"));
        assertThat(referenced.get("location-batch-writer")).as("names found in monitoring/")
                .contains("tracking_writer_ping_age_seconds_bucket");

        // traffic: accepted pings (a fresh ingest may answer 503 until its producer reached Kafka: retried), one
        // rejected ping, reads on the query API
        for (int i = 0; i < 3; i++) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> postPing(Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS).toString()),
                            status -> status == 202);
        }
        assertThat(postPing("not-a-time")).isEqualTo(400);
        HttpRequest read = HttpRequest.newBuilder(URI.create(stack.query().baseUrl() + "/api/v1/drivers/" + driverId
                        + "/location"))
                .header("Authorization", "Bearer " + token("ops-1", "logistics")).GET().build();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.send(read, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

        // gauges of the query service's reader and lag monitor may need a moment after the first ping
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(missing(referenced))
                        .as("job/metric names queried in monitoring/ but absent from the scrape of that job")
                        .isEmpty());
    }

    /** {@code job/name} for every referenced name its job's scrape (or, for no job, every scrape) lacks. */
    private Set<String> missing(Map<String, Set<String>> referenced) throws IOException, InterruptedException {
        Map<String, Set<String>> exported = new TreeMap<>();
        for (ServiceProcess service : List.of(stack.ingest(), stack.writer(), stack.query())) {
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(service.actuatorUrl()
                    + "/prometheus")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).as(service.name() + " /actuator/prometheus").isEqualTo(200);
            Set<String> names = new TreeSet<>();
            scrape.body().lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("[{ ]", 2)[0])
                    .forEach(names::add);
            exported.put(service.name(), names);
            exported.computeIfAbsent(ANY_JOB, any -> new TreeSet<>()).addAll(names);
        }
        Set<String> missing = new TreeSet<>();
        referenced.forEach((job, names) -> {
            Set<String> scraped = exported.get(job);
            for (String name : names) {
                if (!FIRST_EVENT_ONLY.contains(name) && (scraped == null || !scraped.contains(name))) {
                    missing.add(job + "/" + name);
                }
            }
        });
        return missing;
    }

    /** Metric names in the query lines of alerts.yml and the dashboards, by the job their selector names. */
    static Map<String, Set<String>> referencedNames(Path monitoring) throws IOException {
        Map<String, Set<String>> names = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> dashboards = Files.list(monitoring.resolve("dashboards"))) {
            files = Stream.concat(Stream.of(monitoring.resolve("alerts.yml")),
                    dashboards.filter(path -> path.toString().endsWith(".json")).sorted()).toList();
        }
        for (Path file : files) {
            // query lines only (descriptions may mention names in prose): a JSON "expr" line, or a YAML expr and
            // the continuation lines indented below it
            int yamlExprIndent = -1;
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                int indent = line.length() - line.stripLeading().length();
                if (yamlExprIndent >= 0 && !trimmed.isEmpty() && indent <= yamlExprIndent) {
                    yamlExprIndent = -1;
                }
                if (trimmed.startsWith("expr:")) {
                    yamlExprIndent = indent;
                }
                if (yamlExprIndent < 0 && !trimmed.startsWith("\"expr\":")) {
                    continue;
                }
                Matcher matcher = NAME.matcher(line);
                while (matcher.find()) {
                    String job = ANY_JOB;
                    if (matcher.group(2) != null) {
                        Matcher jobMatcher = JOB.matcher(matcher.group(2));
                        if (jobMatcher.find()) {
                            job = jobMatcher.group(1);
                        }
                    }
                    names.computeIfAbsent(job, any -> new TreeSet<>()).add(matcher.group(1));
                }
            }
        }
        return names;
    }

    private int postPing(String recordedAt) throws IOException, InterruptedException {
        String ping = """
                {"driverId":"%s","latitude":52.520008,"longitude":13.404954,"recordedAt":"%s",
                 "accuracyMeters":5.0,"speedMps":8.5,"headingDegrees":90.0}""".formatted(driverId, recordedAt);
        return http.send(HttpRequest.newBuilder(URI.create(stack.ingest().baseUrl() + "/api/v1/locations"))
                .header("Authorization", "Bearer " + token(driverId, "driver"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ping)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private String token(String subject, String role) {
        return DevTokens.mint(stack.jwtSecret(), subject, List.of(role), Duration.ofMinutes(10));
    }
}
