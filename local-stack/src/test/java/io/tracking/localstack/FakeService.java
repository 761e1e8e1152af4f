package io.tracking.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a Spring Boot service in tests of {@link LocalStack}: a JDK-only program, packed into a jar at test
 * time, that answers {@code /actuator/health/readiness} on {@code MANAGEMENT_SERVER_PORT} and echoes its environment
 * under {@code /env/NAME} on {@code SERVER_PORT}.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(Objects.requireNonNull(System.getenv("SERVER_PORT")));
        int managementPort = Integer.parseInt(Objects.requireNonNull(System.getenv("MANAGEMENT_SERVER_PORT")));
        HttpServer api = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        api.createContext("/env/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/env/".length());
            String value = System.getenv(name);
            respond(exchange, value == null ? 404 : 200, value == null ? "" : value);
        });
        HttpServer management = port == managementPort ? api
                : HttpServer.create(new InetSocketAddress("localhost", managementPort), 0);
        management.createContext("/actuator/health/readiness",
                exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
        api.start();
        if (management != api) {
            management.start();
        }
        System.out.println("fake service ready on " + port + "/" + managementPort);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
