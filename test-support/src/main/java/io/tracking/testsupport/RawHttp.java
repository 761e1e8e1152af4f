package io.tracking.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends exactly the bytes given over a fresh connection and reads the answer: for requests that
 * {@code java.net.http.HttpClient} refuses to send (bad percent-encoding, raw non-ASCII in the URL, a
 * {@code Content-Length} that lies). The request should ask for {@code Connection: close}.
 */
public final class RawHttp {

    /** What came back. */
    public record Answer(int status, String contentType, String body) {
    }

    private RawHttp() {
    }

    public static Answer exchange(int port, byte[] request) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it read everything, as it should for a body too large
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Answer exchange(int port, String request) {
        return exchange(port, request.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads one answer, by its Content-Length or chunks: the server may keep waiting for a body never sent. */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("no complete HTTP answer: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(c);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).trim().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = "";
        boolean chunked = false;
        int length = -1;
        for (int i = 1; i < lines.length; i++) {
            String name = lines[i].substring(0, lines[i].indexOf(':')).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(lines[i].indexOf(':') + 1).trim();
            switch (name) {
                case "content-type" -> contentType = value;
                case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                case "content-length" -> length = Integer.parseInt(value);
                default -> {
                    // not needed
                }
            }
        }
        byte[] body = chunked ? dechunk(in) : length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        return new Answer(status, contentType, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder sizeLine = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    sizeLine.append((char) c);
                }
            }
            int semicolon = sizeLine.indexOf(";");
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine.toString()).trim();
            if (hex.isEmpty()) {
                return body.toByteArray();
            }
            int size = Integer.parseInt(hex, 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            in.readNBytes(2);
        }
    }
}
