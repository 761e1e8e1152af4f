package io.tracking.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

import io.tracking.localstack.ServiceProcess;

/** Reads one sample family from a service's {@code /actuator/prometheus}, with bounded timeouts. */
final class PrometheusScrape {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private PrometheusScrape() {
    }

    /**
     * The sum of the samples of {@code name} (all label sets) in the service's exposition, or empty when it has none
     * (the meter is not registered). A NaN sample makes the sum NaN.
     */
    static OptionalDouble value(ServiceProcess service, String name) {
        boolean found = false;
        double sum = 0;
        for (String line : scrape(service).split("\n")) {
            if (!line.startsWith(name) || line.length() == name.length()) {
                continue;
            }
            char next = line.charAt(name.length());
            if (next != '{' && next != ' ') {
                continue; // another family whose name starts with this one
            }
            // the value follows the labels, if any (an optional timestamp may follow it)
            int valueFrom = next == '{' ? line.lastIndexOf('}') + 1 : name.length();
            String[] fields = line.substring(valueFrom).trim().split(" ");
            sum += Double.parseDouble(fields[0]);
            found = true;
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** {@link #value}, or NaN when the service does not expose it. */
    static double valueOrNaN(ServiceProcess service, String name) {
        return value(service, name).orElse(Double.NaN);
    }

    private static String scrape(ServiceProcess service) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.actuatorUrl() + "/prometheus"))
                .timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(service.name() + " /actuator/prometheus answered "
                        + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
