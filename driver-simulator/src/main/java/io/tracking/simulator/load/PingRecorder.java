package io.tracking.simulator.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.fleet.Ping;

/** Writes every generated ping as one JSON line ({@code --record}), in the format {@link ReplayLoad} reads. */
public final class PingRecorder implements AutoCloseable {

    private final BufferedWriter out;
    private final JsonMapper mapper;

    private PingRecorder(BufferedWriter out, JsonMapper mapper) {
        this.out = out;
        this.mapper = mapper;
    }

    public static PingRecorder open(Path file, JsonMapper mapper) throws IOException {
        return new PingRecorder(Files.newBufferedWriter(file, StandardCharsets.UTF_8), mapper);
    }

    public synchronized void record(Ping ping) {
        try {
            out.write(mapper.writeValueAsString(ping));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
