package io.tracking.simulator.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.fleet.Ping;

/**
 * The newest accepted ping of every driver: by {@code recordedAt}, not by arrival, because that is what the
 * batch writer and the query service keep when pings overtake each other.
 */
public final class AcceptedPositions {

    private final Map<String, Ping> newest = new ConcurrentHashMap<>();

    public void record(Collection<Ping> accepted) {
        for (Ping ping : accepted) {
            newest.merge(ping.driverId(), ping,
                    (current, candidate) -> candidate.recordedAt().isAfter(current.recordedAt()) ? candidate : current);
        }
    }

    /** The newest accepted ping per driver, ordered by driver id. */
    public List<Ping> all() {
        return newest.values().stream().sorted(Comparator.comparing(Ping::driverId)).toList();
    }

    /**
     * Writes one line per driver: CSV ({@code driverId,recordedAt,latitude,longitude} with a header) when the file
     * name ends in {@code .csv}, otherwise NDJSON objects with the same fields.
     */
    public void write(Path file, JsonMapper mapper) throws IOException {
        boolean csv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            if (csv) {
                out.write("driverId,recordedAt,latitude,longitude");
                out.newLine();
            }
            for (Ping ping : all()) {
                out.write(csv
                        ? ping.driverId() + "," + ping.recordedAt() + "," + ping.latitude() + "," + ping.longitude()
                        : mapper.writeValueAsString(new ExpectedPosition(ping.driverId(), ping.recordedAt(),
                                ping.latitude(), ping.longitude())));
                out.newLine();
            }
        }
    }

    /** One line of the NDJSON expect file. */
    record ExpectedPosition(String driverId, Instant recordedAt, double latitude, double longitude) {
    }
}
