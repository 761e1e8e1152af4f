package io.tracking.simulator;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.tracking.simulator.fleet.Ping;

/**
 * The ingest service's WebSocket stream and the query service's latest-position read, on raw sockets (the JDK has
 * no WebSocket server): checks each connection's token, answers each frame {@code {"seq":n,"status":202}} (403 for
 * another driver's ping) and can drop a connection instead of answering a chosen frame, as a restart does.
 */
final class FakeStreamServer implements AutoCloseable {

    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final String secret;
    private final JsonMapper mapper = SimulatorJson.newMapper();
    private final ServerSocket server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-stream-server");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger frames = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Ping> received = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<InetAddress> clientAddresses = new CopyOnWriteArrayList<>();
    private final Map<String, Ping> newest = new ConcurrentHashMap<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile Set<Integer> dropAtFrames = Set.of();
    private volatile Set<Integer> ignoreFrames = Set.of();

    FakeStreamServer(String secret) throws IOException {
        this.secret = secret;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        executor.execute(this::accept);
    }

    String url() {
        return "http://localhost:" + server.getLocalPort();
    }

    /** Closes the connection with 1001, unanswered, when the frames with these 1-based numbers arrive. */
    void dropAtFrames(Integer... numbers) {
        dropAtFrames = Set.of(numbers);
    }

    /** Leaves the frames with these 1-based numbers unanswered, the connection open. */
    void ignoreFrames(Integer... numbers) {
        ignoreFrames = Set.of(numbers);
    }

    /** Every ping received in a frame, repeats included. */
    List<Ping> received() {
        return List.copyOf(received);
    }

    int connections() {
        return connections.get();
    }

    /** The client's address of each stream connection, in the order they were upgraded. */
    List<InetAddress> clientAddresses() {
        return List.copyOf(clientAddresses);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                executor.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String[] head = readHead(in).split("\r\n");
            String path = head[0].split(" ")[1];
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1)
                        .trim());
            }
            JsonNode claims = claims(headers.get("authorization"));
            if (path.equals("/api/v1/locations/stream") && "websocket".equalsIgnoreCase(headers.get("upgrade"))) {
                if (claims == null || !claims.get("roles").toString().contains("\"driver\"")) {
                    respond(out, 401, "");
                    return;
                }
                clientAddresses.add(socket.getInetAddress());
                stream(in, out, headers.get("sec-websocket-key"), claims.get("sub").asString());
            } else if (path.startsWith("/api/v1/drivers/") && path.endsWith("/location")) {
                if (claims == null || !claims.get("roles").toString().contains("\"logistics\"")) {
                    respond(out, 403, "");
                    return;
                }
                Ping ping = newest.get(path.substring("/api/v1/drivers/".length(), path.length() - "/location".length()));
                respond(out, ping == null ? 404 : 200, ping == null ? "" : "{\"driverId\":\"" + ping.driverId()
                        + "\",\"latitude\":" + ping.latitude() + ",\"longitude\":" + ping.longitude()
                        + ",\"recordedAt\":\"" + ping.recordedAt() + "\"}");
            } else {
                respond(out, 404, "");
            }
        } catch (IOException | RuntimeException e) {
            if (!server.isClosed() && !(e instanceof EOFException)) {
                problems.add(e.toString());
            }
        } finally {
            sockets.remove(socket);
        }
    }

    private void stream(InputStream in, OutputStream out, String key, String subject) throws IOException {
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        connections.incrementAndGet();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int first = in.read();
            if (first < 0) {
                return;
            }
            int second = readByte(in);
            long length = second & 0x7f;
            if (length == 126) {
                length = (readByte(in) << 8) | readByte(in);
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte(in);
                }
            }
            byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
            byte[] payload = in.readNBytes((int) length);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            int opcode = first & 0x0f;
            switch (opcode) {
                case 0x8 -> {
                    try {
                        writeFrame(out, 0x8, payload);
                    } catch (IOException e) {
                        // the client may abort right after its close frame
                    }
                    return;
                }
                case 0x9 -> writeFrame(out, 0xA, payload);
                case 0x1, 0x0 -> {
                    message.write(payload);
                    if ((first & 0x80) != 0) {
                        boolean keepOpen = text(out, message.toString(StandardCharsets.UTF_8), subject);
                        message.reset();
                        if (!keepOpen) {
                            return;
                        }
                    }
                }
                default -> {
                    // pongs and binary frames need no answer here
                }
            }
        }
    }

    /** Answers one text frame; false when the connection was dropped instead. */
    private boolean text(OutputStream out, String text, String subject) throws IOException {
        int number = frames.incrementAndGet();
        if (dropAtFrames.contains(number)) {
            byte[] reason = "restart".getBytes(StandardCharsets.UTF_8);
            byte[] close = new byte[2 + reason.length];
            close[0] = (byte) (1001 >> 8);
            close[1] = (byte) (1001 & 0xff);
            System.arraycopy(reason, 0, close, 2, reason.length);
            writeFrame(out, 0x8, close);
            return false;
        }
        if (ignoreFrames.contains(number)) {
            return true;
        }
        ObjectNode frame = (ObjectNode) mapper.readTree(text);
        long seq = frame.get("seq").asLong();
        frame.remove("seq");
        Ping ping = mapper.treeToValue(frame, Ping.class);
        int status = 202;
        if (!ping.driverId().equals(subject)) {
            problems.add("frame of " + ping.driverId() + " on the connection of " + subject);
            status = 403;
        } else {
            received.add(ping);
            newest.merge(ping.driverId(), ping,
                    (current, candidate) -> candidate.recordedAt().isAfter(current.recordedAt()) ? candidate : current);
        }
        writeFrame(out, 0x1, ("{\"seq\":" + seq + ",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8));
        return true;
    }

    private static void writeFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
        out.write(0x80 | opcode);
        if (payload.length < 126) {
            out.write(payload.length);
        } else {
            out.write(126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        }
        out.write(payload);
        out.flush();
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = readByte(in);
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.length() - 4);
    }

    private static void respond(OutputStream out, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** The verified claims of a bearer token, or null when it is missing or not signed with the secret. */
    private JsonNode claims(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = header.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
        } catch (GeneralSecurityException e) {
            return null;
        }
        return mapper.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        executor.shutdownNow();
    }
}
