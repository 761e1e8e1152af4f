package io.tracking.benchmark.tool;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * An open-loop HTTP/1.1 load generator: request {@code i} is due at {@code start + i / rate} whether or not earlier
 * ones were answered, and its latency runs from that due time, not from when a connection was free to send it. A
 * service that stalls thus shows the stall in every request that fell due meanwhile, as its users would see it
 * (wrk's closed loop would send fewer requests during the stall and hide them: coordinated omission).
 *
 * <p>One thread with a selector and keep-alive connections, each with at most one request in flight; a due
 * request waits for a free connection. Responses may carry {@code Content-Length} or chunked bodies.
 */
public final class ConstantRateLoad {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final InetSocketAddress address;
    private final String hostHeader;
    private final String headers;

    /**
     * @param baseUrl {@code http://host:port}
     * @param headers request headers besides {@code Host}, sent with every request
     */
    public ConstantRateLoad(String baseUrl, Map<String, String> headers) {
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme()) || uri.getPort() < 0) {
            throw new IllegalArgumentException("needs http://host:port, got " + baseUrl);
        }
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.hostHeader = uri.getHost() + ":" + uri.getPort();
        StringBuilder lines = new StringBuilder();
        headers.forEach((name, value) -> lines.append(name).append(": ").append(value).append("\r\n"));
        this.headers = lines.toString();
    }

    /**
     * Sends {@code GET path(i)} at {@code ratePerSecond} for {@code duration} over up to {@code connections}
     * connections, then waits up to {@code drainTimeout} for the answers still due.
     */
    public Result run(LongFunction<String> path, double ratePerSecond, Duration duration, int connections,
            Duration drainTimeout) throws IOException {
        if (ratePerSecond <= 0 || connections < 1) {
            throw new IllegalArgumentException("rate and connections must be positive");
        }
        long total = (long) Math.floor(ratePerSecond * duration.toNanos() / 1e9);
        double interval = 1e9 / ratePerSecond;
        long[] latencies = new long[Math.toIntExact(total)];
        long[] sendLags = new long[latencies.length];
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        try (Selector selector = Selector.open()) {
            ArrayDeque<Connection> idle = new ArrayDeque<>();
            for (int i = 0; i < connections; i++) {
                idle.add(connect(selector));
            }
            long start = System.nanoTime();
            long deadline = start + duration.toNanos() + drainTimeout.toNanos();
            long next = 0;
            int completed = 0;
            long statusErrors = 0;
            long socketErrors = 0;
            long lastAnswer = start;
            while (completed + socketErrors < total) {
                long now = System.nanoTime();
                if (now - deadline > 0) {
                    break;
                }
                while (next < total && !idle.isEmpty() && start + (long) (next * interval) - now <= 0) {
                    Connection connection = idle.poll();
                    long due = start + (long) (next * interval);
                    sendLags[(int) next] = now - due;
                    byte[] request = request(path.apply(next));
                    try {
                        connection.send(due, request);
                    } catch (IOException e) {
                        // closed by the server since its last response: send on a new one
                        connection.close();
                        connect(selector).send(due, request);
                    }
                    next++;
                }
                // the selector waits in whole milliseconds: a request due sooner goes out at the next response or
                // within 1 ms, late by up to that (counted in its latency, and shown as send lag)
                long wait = next < total && !idle.isEmpty()
                        ? start + (long) (next * interval) - now
                        : deadline - now;
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
                long answered = System.nanoTime();
                for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext();) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Connection connection = (Connection) key.attachment();
                    boolean waiting = connection.inFlight;
                    int status;
                    try {
                        status = connection.onReady();
                    } catch (IOException e) {
                        status = -1;
                    }
                    if (status == 0) {
                        continue;
                    }
                    if (status > 0) {
                        latencies[completed++] = answered - connection.due;
                        lastAnswer = answered;
                        if (status >= 400) {
                            statusErrors++;
                        }
                    } else if (waiting) {
                        socketErrors++;
                    }
                    if (status > 0 && !connection.closing()) {
                        idle.add(connection);
                    } else {
                        // the server closed it (keep-alive limit, idle timeout) or it broke: replace it
                        idle.remove(connection);
                        connection.close();
                        idle.add(connect(selector));
                    }
                }
            }
            for (SelectionKey key : selector.keys()) {
                ((Connection) key.attachment()).close();
            }
            double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpuBefore) / 1e9;
            long[] measured = Arrays.copyOf(latencies, completed);
            Arrays.sort(measured);
            long[] lags = Arrays.copyOf(sendLags, (int) next);
            Arrays.sort(lags);
            long unanswered = total - completed - socketErrors;
            return new Result(ratePerSecond, connections, total, completed, statusErrors, socketErrors + unanswered,
                    (lastAnswer - start) / 1e9, measured, lags, cpuSeconds);
        }
    }

    private byte[] request(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private Connection connect(Selector selector) throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        Connection connection = new Connection(channel);
        connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
        return connection;
    }

    /** One keep-alive connection and the response it is reading. */
    private static final class Connection {

        private final SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer out = ByteBuffer.allocate(0);
        private final ResponseReader reader = new ResponseReader();
        private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        private long due;
        private boolean inFlight;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void send(long dueNanos, byte[] bytes) throws IOException {
            this.due = dueNanos;
            this.inFlight = true;
            reader.reset();
            out = ByteBuffer.wrap(bytes);
            channel.write(out);
            if (out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        /** 0 while the response is incomplete, its status once complete, -1 when the connection broke. */
        int onReady() throws IOException {
            if (key.isValid() && key.isWritable()) {
                channel.write(out);
                if (!out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (!key.isValid() || !key.isReadable()) {
                return 0;
            }
            int read = channel.read(in);
            if (read < 0) {
                return -1;
            }
            in.flip();
            int status = reader.consume(in);
            in.compact();
            if (status != 0) {
                inFlight = false;
            }
            return status;
        }

        /** Whether the last response announced {@code Connection: close}. */
        boolean closing() {
            return reader.closing();
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a connection of a finished run
            }
        }
    }

    /**
     * Parses one HTTP/1.1 response incrementally: status line, headers, then a {@code Content-Length} or chunked
     * body, discarded.
     */
    static final class ResponseReader {

        private enum State { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, TRAILER }

        private final StringBuilder line = new StringBuilder();
        private State state = State.HEAD;
        private int status;
        private long contentLength;
        private boolean chunked;
        private long remaining;
        private boolean statusLine;
        private boolean close;

        /** Whether the response announced {@code Connection: close}. */
        boolean closing() {
            return close;
        }

        void reset() {
            line.setLength(0);
            state = State.HEAD;
            status = 0;
            contentLength = 0;
            chunked = false;
            remaining = 0;
            statusLine = true;
            close = false;
        }

        /** Consumes what {@code buffer} holds; the status once the response is complete, else 0. */
        int consume(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                switch (state) {
                    case BODY, CHUNK_DATA -> {
                        int skip = (int) Math.min(remaining, buffer.remaining());
                        buffer.position(buffer.position() + skip);
                        remaining -= skip;
                        if (remaining == 0) {
                            if (state == State.BODY) {
                                return status;
                            }
                            state = State.CHUNK_SIZE;
                        }
                    }
                    case HEAD, CHUNK_SIZE, TRAILER -> {
                        String complete = readLine(buffer);
                        if (complete != null) {
                            int done = onLine(complete);
                            if (done != 0) {
                                return done;
                            }
                        }
                    }
                }
            }
            if (state == State.BODY && remaining == 0) {
                return status;
            }
            return 0;
        }

        private String readLine(ByteBuffer buffer) {
            while (buffer.hasRemaining()) {
                char c = (char) (buffer.get() & 0xff);
                if (c == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        end--;
                    }
                    String complete = line.substring(0, end);
                    line.setLength(0);
                    return complete;
                }
                line.append(c);
            }
            return null;
        }

        private int onLine(String text) throws IOException {
            switch (state) {
                case HEAD -> {
                    if (statusLine) {
                        statusLine = false;
                        String[] parts = text.split(" ", 3);
                        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                            throw new IOException("not an HTTP/1.x status line");
                        }
                        status = Integer.parseInt(parts[1]);
                    } else if (text.isEmpty()) {
                        if (chunked) {
                            state = State.CHUNK_SIZE;
                        } else {
                            state = State.BODY;
                            remaining = contentLength;
                            if (remaining == 0) {
                                return status;
                            }
                        }
                    } else {
                        int colon = text.indexOf(':');
                        String name = colon < 0 ? text : text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                        String value = colon < 0 ? "" : text.substring(colon + 1).trim();
                        if (name.equals("content-length")) {
                            contentLength = Long.parseLong(value);
                        } else if (name.equals("transfer-encoding")) {
                            chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        } else if (name.equals("connection")) {
                            close = value.equalsIgnoreCase("close");
                        }
                    }
                }
                case CHUNK_SIZE -> {
                    if (text.isEmpty()) {
                        return 0;
                    }
                    int extension = text.indexOf(';');
                    remaining = Long.parseLong((extension < 0 ? text : text.substring(0, extension)).trim(), 16);
                    state = remaining == 0 ? State.TRAILER : State.CHUNK_DATA;
                }
                case TRAILER -> {
                    if (text.isEmpty()) {
                        return status;
                    }
                }
                default -> throw new IllegalStateException("no line expected in " + state);
            }
            return 0;
        }
    }

    /**
     * One run.
     *
     * @param targetPerSecond the rate requests fell due at
     * @param connections connections available
     * @param scheduled requests that fell due during the run
     * @param completed responses received
     * @param statusErrors responses with a status of 400 or more
     * @param socketErrors requests that got no response: broken connections and those unanswered at the end
     * @param seconds from the first due time to the last response
     * @param latenciesNanos each response's latency from its due time, sorted
     * @param sendLagsNanos how late each request was sent after its due time (no free connection, or the
     *        generator's own delay), sorted
     * @param clientCpuSeconds CPU time of the generator's thread
     */
    public record Result(double targetPerSecond, int connections, long scheduled, long completed, long statusErrors,
            long socketErrors, double seconds, long[] latenciesNanos, long[] sendLagsNanos,
            double clientCpuSeconds) {

        /** Successful responses per second. */
        public double successPerSecond() {
            return (completed - statusErrors) / seconds;
        }

        /** A percentile of the latency in milliseconds (nearest rank); requests left unanswered count as slowest. */
        public double latencyMs(double percentile) {
            return nearestRank(latenciesNanos, scheduled, percentile);
        }

        /** A percentile of the send lag in milliseconds. */
        public double sendLagMs(double percentile) {
            return nearestRank(sendLagsNanos, sendLagsNanos.length, percentile);
        }

        /** Cores the generator kept busy on average. */
        public double clientCores() {
            return clientCpuSeconds / seconds;
        }

        private static double nearestRank(long[] sorted, long population, double percentile) {
            long rank = Math.max(1, (long) Math.ceil(percentile / 100 * population));
            return rank > sorted.length ? Double.POSITIVE_INFINITY : sorted[(int) rank - 1] / 1e6;
        }
    }
}
