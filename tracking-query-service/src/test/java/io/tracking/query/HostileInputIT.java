package io.tracking.query;

import static io.tracking.testsupport.HostileInput.LEAKS;
import static io.tracking.testsupport.HostileInput.base64Url;
import static io.tracking.testsupport.HostileInput.sentCoordinates;
import static io.tracking.testsupport.HostileInput.signedToken;
import static io.tracking.testsupport.HostileInput.unsignedToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;


import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.tracking.auth.DevTokens;
import io.tracking.query.order.Orders;
import io.tracking.query.support.Api;
import io.tracking.query.support.IntegrationTest;
import io.tracking.testsupport.RawHttp;
import io.tracking.testsupport.RawHttp.Answer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input against the read API (issue #7): every case is refused with the right 4xx as
 * {@code application/problem+json} that leaks no stack trace, SQL or sent coordinate; no table changes and the
 * service stays ready.
 */
class HostileInputIT extends IntegrationTest {

    private static final String PROBLEMS = "https://tracking.example/problems/";
    private static final String SQL = "'; DROP TABLE location_history; --";
    private static final String SQL_OR = "driver' OR '1'='1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String DRIVER = id("driver");
    private static final String ORDER = id("order");
    private static final String CUSTOMER = id("customer");
    private static final String RESTAURANT = id("restaurant");
    private static final String LOGISTICS = token(id("ops"), "logistics");
    private static final String DISPATCH = token(id("dispatcher"), "dispatch");
    private static final String ORDER_BODY = Api.json(Orders.body(DRIVER, CUSTOMER, RESTAURANT, "ASSIGNED"));

    private static boolean seeded;

    /** One hostile request, the status it must get and the slug of the problem type. */
    record Hostile(@Nullable String sent, Request request, int status, String type) {
    }

    @FunctionalInterface
    interface Request {
        Answer send(Api api, int port);
    }

    @BeforeEach
    void seedOnce() {
        if (!seeded) {
            // an active order of CUSTOMER and RESTAURANT, and a known position of its driver
            assertThat(api.put("/api/v1/orders/" + ORDER, DISPATCH, ORDER_BODY).status()).isEqualTo(201);
            writer.ping(DRIVER, 52.5, 13.4, Instant.now().minusSeconds(5));
            seeded = true;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void shouldRefuseWithAProblemChangeNothingAndStayReady(Hostile hostile) {
        List<Long> rowsBefore = rowCounts();

        Answer response = hostile.request().send(api, port);

        assertThat(response.status()).as(response.body()).isEqualTo(hostile.status());
        assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo(PROBLEMS + hostile.type());
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(hostile.status());
        assertThat(response.body()).doesNotContain(LEAKS);
        for (String coordinate : sentCoordinates(hostile.sent())) {
            assertThat(response.body()).doesNotContain(coordinate);
        }

        assertThat(rowCounts()).isEqualTo(rowsBefore);
        // the live reader may still be taking its partitions when the first case runs
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Api.Response readiness = management.get("/actuator/health/readiness", null);
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        });
    }

    static Stream<Named<Hostile>> hostileRequests() {
        List<Named<Hostile>> cases = new ArrayList<>();
        latestLocation(cases);
        bulk(cases);
        track(cases);
        nearby(cases);
        orderRegistration(cases);
        orderTracking(cases);
        tokens(cases);
        methodsAndPaths(cases);
        return cases.stream();
    }

    // ---- the cases, by endpoint -------------------------------------------------------------------------------

    private static void latestLocation(List<Named<Hostile>> cases) {
        for (Map.Entry<String, String> id : List.of(
                Map.entry("SQL OR 1=1", SQL_OR),
                Map.entry("right-to-left override", "\u202E" + DRIVER),
                Map.entry("emoji", "driver-\uD83D\uDE97"),
                Map.entry("Arabic letters", "\u0633\u0627\u0626\u0642"),
                Map.entry("a dot", "driver.1"),
                Map.entry("65 characters", "d".repeat(65)),
                Map.entry("2,000 characters", "d".repeat(2_000)))) {
            cases.add(get400("driver id with " + id.getKey(), "/api/v1/drivers/" + encode(id.getValue())
                    + "/location", LOGISTICS));
        }
        // the firewall refuses these before any controller: the servlet error page answers
        cases.add(get400("driver id with SQL DROP TABLE (encoded semicolon)",
                "/api/v1/drivers/" + encode(SQL) + "/location", LOGISTICS));
        cases.add(get400("driver id with an encoded NUL", "/api/v1/drivers/driver%00/location", LOGISTICS));
        cases.add(get400("driver id with an encoded percent", "/api/v1/drivers/driver%252e/location", LOGISTICS));
        cases.add(get400("driver id with encoded dot-dot slashes",
                "/api/v1/drivers/..%2F..%2Factuator/location", LOGISTICS));
        cases.add(get400("driver id with a semicolon parameter", "/api/v1/drivers/d;x=1/location", LOGISTICS));
        // Tomcat refuses these before the application: its error report answers
        cases.add(raw400("driver id with bad percent-encoding", "GET /api/v1/drivers/%zz/location HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + LOGISTICS + "\r\nConnection: close\r\n\r\n"));
        cases.add(raw400("driver id in raw UTF-8 bytes", "GET /api/v1/drivers/\u00e9\u00e8/location HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + LOGISTICS + "\r\nConnection: close\r\n\r\n"));
        cases.add(raw400("driver id of 10,000 characters (request line over the limit)",
                "GET /api/v1/drivers/" + "d".repeat(10_000) + "/location HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + LOGISTICS + "\r\nConnection: close\r\n\r\n"));
    }

    private static void bulk(List<Named<Hostile>> cases) {
        String path = "/api/v1/drivers/locations/query";
        cases.add(post400("bulk with 501 ids", path, ids(501)));
        cases.add(post400("bulk with 100,000 ids", path, ids(100_000)));
        cases.add(post400("bulk with no ids", path, "{\"driverIds\":[]}"));
        cases.add(post400("bulk without driverIds", path, "{}"));
        cases.add(post400("bulk with driverIds a string", path, "{\"driverIds\":\"" + DRIVER + "\"}"));
        cases.add(post400("bulk with driverIds an object", path, "{\"driverIds\":{\"a\":1}}"));
        cases.add(post400("bulk with a null id", path, "{\"driverIds\":[null]}"));
        cases.add(post400("bulk with SQL in an id", path, "{\"driverIds\":[" + quote(SQL) + "]}"));
        cases.add(post400("bulk with SQL OR in an id", path, "{\"driverIds\":[\"" + DRIVER + "\"," + quote(SQL_OR)
                + "]}"));
        cases.add(post400("bulk with a NUL in an id", path, "{\"driverIds\":[\"driver-\\u0000\"]}"));
        cases.add(post400("bulk malformed", path, "{\"driverIds\":[\"" + DRIVER + "\""));
        cases.add(post400("bulk with driverIds NaN", path, "{\"driverIds\":NaN}"));
        cases.add(post400("bulk nested 10,000 arrays deep", path, "{\"driverIds\":" + "[".repeat(10_000)
                + "]".repeat(10_000) + "}"));
        cases.add(post400("bulk body null", path, "null"));
        cases.add(post400("bulk body empty", path, ""));
        for (String type : List.of("text/plain", "application/xml")) {
            cases.add(named("bulk as " + type, new Hostile(null,
                    (api, port) -> send(api, "POST", path, LOGISTICS, type, "{\"driverIds\":[\"" + DRIVER + "\"]}"),
                    415, "unsupported-media-type")));
        }
    }

    private static void track(List<Named<Hostile>> cases) {
        Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = to.minus(Duration.ofHours(1));
        String track = "/api/v1/drivers/" + DRIVER + "/track";
        cases.add(get400("track from not an instant", track + "?from=yesterday&to=" + to, LOGISTICS));
        cases.add(get400("track from after to", track + "?from=" + to + "&to=" + from, LOGISTICS));
        cases.add(get400("track from equal to", track + "?from=" + to + "&to=" + to, LOGISTICS));
        cases.add(get400("track window of 25 hours", track + "?from=" + to.minus(Duration.ofHours(25)) + "&to="
                + to, LOGISTICS));
        cases.add(get400("track window of 100 years", track + "?from=1926-01-01T00:00:00Z&to=" + to, LOGISTICS));
        for (String limit : List.of("0", "-1", "10001", "2147483648", "abc", "NaN", "1e3")) {
            cases.add(get400("track limit " + limit, track + "?from=" + from + "&to=" + to + "&limit=" + limit,
                    LOGISTICS));
        }
        cases.add(get400("track without from", track + "?to=" + to, LOGISTICS));
        cases.add(get400("track from with SQL", track + "?from=" + encode(from + "' OR '1'='1") + "&to=" + to,
                LOGISTICS));
        cases.add(get400("track from without zone", track + "?from=2025-01-01T00:00:00&to=" + to, LOGISTICS));
        cases.add(get400("track from beyond Instant.MAX", track + "?from=" + encode("+1000000000-01-01T00:00:00Z")
                + "&to=" + to, LOGISTICS));
        for (String hour : List.of("+300000000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "1999-12-31T23:00:00Z",
                "2100-01-01T00:00:00Z")) {
            Instant start = Instant.parse(hour);
            cases.add(get400("track an hour from " + hour, track + "?from=" + encode(hour) + "&to="
                    + encode(start.plus(Duration.ofHours(1)).toString()), LOGISTICS));
        }
        cases.add(get400("track for an SQL driver id", "/api/v1/drivers/" + encode(SQL_OR) + "/track?from=" + from
                + "&to=" + to, LOGISTICS));
    }

    private static void nearby(List<Named<Hostile>> cases) {
        String nearby = "/api/v1/drivers/nearby";
        for (String[] point : new String[][] { { "91.5", "13.4" }, { "-90.5", "13.4" }, { "52.5", "181.5" },
                { "52.5", "-180.01" }, { "NaN", "13.4" }, { "52.5", "Infinity" }, { "-Infinity", "13.4" },
                { "1e400", "13.4" }, { "9".repeat(400), "13.4" }, { "abc", "13.4" },
                { encode("52.5; DROP TABLE driver_latest_location"), "13.4" } }) {
            String query = nearby + "?lat=" + point[0] + "&lon=" + point[1];
            cases.add(get400("nearby lat " + abbreviate(point[0]) + " lon " + point[1], query, LOGISTICS));
        }
        for (String radius : List.of("0", "50001", "-5", "1e3")) {
            cases.add(get400("nearby radius " + radius, nearby + "?lat=52.5&lon=13.4&radiusMeters=" + radius,
                    LOGISTICS));
        }
        for (String limit : List.of("0", "101")) {
            cases.add(get400("nearby limit " + limit, nearby + "?lat=52.5&lon=13.4&limit=" + limit, LOGISTICS));
        }
        cases.add(get400("nearby without lat", nearby + "?lon=13.4", LOGISTICS));
    }

    private static void orderRegistration(List<Named<Hostile>> cases) {
        String path = "/api/v1/orders/" + id("order");
        cases.add(put400("order malformed", path, ORDER_BODY.substring(0, ORDER_BODY.length() / 2)));
        cases.add(put400("order not JSON", path, "status=ASSIGNED"));
        cases.add(put400("order nested 10,000 objects deep", path, "{\"pickup\":" + "{\"a\":".repeat(10_000) + "1"
                + "}".repeat(10_000) + "}"));
        cases.add(put400("order body null", path, "null"));
        cases.add(put400("order body empty", path, ""));
        cases.add(put400("order without fields", path, "{}"));
        cases.add(put400("order status SHIPPED", path, order("status", "\"SHIPPED\"")));
        cases.add(put400("order status in lower case", path, order("status", "\"assigned\"")));
        cases.add(put400("order status with SQL", path, order("status", quote("ASSIGNED' OR '1'='1"))));
        cases.add(put400("order status a number", path, order("status", "1")));
        cases.add(put400("order pickup latitude 91", path, order("pickup", "{\"latitude\":91.25,\"longitude\":13.4}")));
        cases.add(put400("order pickup latitude NaN token", path,
                order("pickup", "{\"latitude\":NaN,\"longitude\":13.4}")));
        cases.add(put400("order pickup latitude \"NaN\" string", path,
                order("pickup", "{\"latitude\":\"NaN\",\"longitude\":13.4}")));
        cases.add(put400("order dropoff longitude \"Infinity\" string", path,
                order("dropoff", "{\"latitude\":52.5,\"longitude\":\"Infinity\"}")));
        cases.add(put400("order dropoff longitude \"-Infinity\" string", path,
                order("dropoff", "{\"latitude\":52.5,\"longitude\":\"-Infinity\"}")));
        cases.add(put400("order pickup latitude 1e400", path, order("pickup", "{\"latitude\":1e400,\"longitude\":13.4}")));
        cases.add(put400("order pickup an array", path, order("pickup", "[52.5,13.4]")));
        cases.add(put400("order customerId with SQL", path, order("customerId", quote("x'; DROP TABLE orders; --"))));
        cases.add(put400("order customerId of 1 MiB", path, order("customerId", quote("c".repeat(1 << 20)))));
        cases.add(put400("order driverId with an emoji", path, order("driverId", quote("driver-\uD83D\uDE97"))));
        cases.add(put400("order id with SQL OR", "/api/v1/orders/" + encode(SQL_OR), ORDER_BODY));
        cases.add(put400("order id of 65 characters", "/api/v1/orders/" + "o".repeat(65), ORDER_BODY));
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            cases.add(named("order as " + type, new Hostile(null,
                    (api, port) -> send(api, "PUT", path, DISPATCH, type, ORDER_BODY), 415, "unsupported-media-type")));
        }
        cases.add(named("order without Content-Type", new Hostile(null,
                (api, port) -> send(api, "PUT", path, DISPATCH, null, ORDER_BODY), 415, "unsupported-media-type")));
        for (String role : List.of("customer", "restaurant", "logistics", "driver")) {
            cases.add(named("order put by " + role, new Hostile(null,
                    (api, port) -> answer(api.put(path, token(CUSTOMER, role), ORDER_BODY)), 403, "forbidden")));
        }
        cases.add(named("order put without a token", new Hostile(null,
                (api, port) -> answer(api.put(path, null, ORDER_BODY)), 401, "unauthorized")));
        cases.add(named("order deleted", new Hostile(null,
                (api, port) -> send(api, "DELETE", "/api/v1/orders/" + ORDER, DISPATCH, null, null),
                405, "method-not-allowed")));
    }

    private static void orderTracking(List<Named<Hostile>> cases) {
        String tracking = "/api/v1/orders/" + ORDER + "/tracking";
        String stream = tracking + "/stream";
        // not a party: 404, exactly as for an order that does not exist, so order ids cannot be probed
        cases.add(named("another customer's order", new Hostile(null,
                (api, port) -> answer(api.get(tracking, token(id("customer"), "customer"))), 404, "not-found")));
        cases.add(named("another restaurant's order", new Hostile(null,
                (api, port) -> answer(api.get(tracking, token(id("restaurant"), "restaurant"))), 404, "not-found")));
        cases.add(named("the restaurant's id with a customer role", new Hostile(null,
                (api, port) -> answer(api.get(tracking, token(RESTAURANT, "customer"))), 404, "not-found")));
        cases.add(named("another customer's order stream", new Hostile(null,
                (api, port) -> sse(api, stream, token(id("customer"), "customer"), null), 404, "not-found")));
        cases.add(named("another restaurant's order stream", new Hostile(null,
                (api, port) -> sse(api, stream, token(id("restaurant"), "restaurant"), null), 404, "not-found")));
        cases.add(named("order tracking by a driver", new Hostile(null,
                (api, port) -> answer(api.get(tracking, token(DRIVER, "driver"))), 403, "forbidden")));
        cases.add(named("order tracking with an SQL order id", new Hostile(null,
                (api, port) -> answer(api.get("/api/v1/orders/" + encode(SQL_OR) + "/tracking",
                        token(CUSTOMER, "customer"))), 400, "validation")));
        for (String lastEventId : List.of("abc", "12345678901234567890", "-1", "1e6")) {
            cases.add(named("stream resumed from Last-Event-ID " + lastEventId, new Hostile(null,
                    (api, port) -> sse(api, stream, token(CUSTOMER, "customer"), lastEventId), 400, "validation")));
        }
        cases.add(named("stream without a token", new Hostile(null,
                (api, port) -> sse(api, stream, null, null), 401, "unauthorized")));
    }

    private static void tokens(List<Named<Hostile>> cases) {
        String path = "/api/v1/drivers/" + DRIVER + "/location";
        String subject = id("ops");
        long exp = Instant.now().plus(Duration.ofMinutes(10)).getEpochSecond();
        String claims = "{\"sub\":\"" + subject + "\",\"roles\":[\"logistics\"],\"exp\":" + exp + "}";
        String valid = token(subject, "logistics");
        Map<String, String> unauthorized = new LinkedHashMap<>();
        unauthorized.put("expired token", DevTokens.mint(SECRET, subject, List.of("logistics"), Duration.ofMinutes(-5)));
        unauthorized.put("token signed with another secret", DevTokens.mint(
                "another-secret-0123456789abcdef-0123456", subject, List.of("logistics"), Duration.ofMinutes(5)));
        unauthorized.put("alg none, no signature", unsignedToken(claims));
        unauthorized.put("alg none with the real signature",
                unsignedToken(claims) + valid.substring(valid.lastIndexOf('.') + 1));
        unauthorized.put("alg HS512 with the right secret", signedToken("HS512", claims, SECRET));
        unauthorized.put("payload changed, signature kept", valid.substring(0, valid.indexOf('.') + 1)
                + base64Url(claims.replace("\"logistics\"]", "\"logistics\",\"dispatch\"]"))
                + valid.substring(valid.lastIndexOf('.')));
        unauthorized.put("signature stripped", valid.substring(0, valid.lastIndexOf('.') + 1));
        unauthorized.put("no exp claim", signedToken("HS256", "{\"sub\":\"" + subject + "\",\"roles\":[\"logistics\"]}",
                SECRET));
        unauthorized.put("no sub claim", signedToken("HS256", "{\"roles\":[\"logistics\"],\"exp\":" + exp + "}",
                SECRET));
        unauthorized.put("not valid before next hour", signedToken("HS256", claims.replace("}",
                ",\"nbf\":" + Instant.now().plus(Duration.ofHours(1)).getEpochSecond() + "}"), SECRET));
        unauthorized.put("not a JWT", "not-a-jwt");
        unauthorized.put("characters outside base64url", "abc$%^.def.ghi");
        unauthorized.forEach((name, token) -> cases.add(named(name, new Hostile(null,
                (api, port) -> answer(api.get(path, token)), 401, "unauthorized"))));
        cases.add(named("no Authorization header", new Hostile(null,
                (api, port) -> answer(api.get(path, null)), 401, "unauthorized")));
        cases.add(named("token in the query string", new Hostile(null,
                (api, port) -> answer(api.get(path + "?access_token=" + valid, null)), 401, "unauthorized")));
        cases.add(named("Basic credentials instead of a bearer token", new Hostile(null,
                (api, port) -> answer(Api.send(HttpRequest.newBuilder(api.uri(path))
                        .header("Authorization", "Basic b3BzOm9wcw==").GET().build())), 401, "unauthorized")));

        Map<String, String> forbidden = new LinkedHashMap<>();
        forbidden.put("customer role", token(subject, "customer"));
        forbidden.put("driver role", token(DRIVER, "driver"));
        forbidden.put("no roles", token(subject));
        forbidden.put("role in upper case", token(subject, "LOGISTICS"));
        forbidden.put("roles a string, not an array",
                signedToken("HS256", "{\"sub\":\"" + subject + "\",\"roles\":\"logistics\",\"exp\":" + exp + "}",
                        SECRET));
        forbidden.forEach((name, token) -> cases.add(named("token with " + name, new Hostile(null,
                (api, port) -> answer(api.get(path, token)), 403, "forbidden"))));
        cases.add(named("nearby by a restaurant", new Hostile(null,
                (api, port) -> answer(api.get("/api/v1/drivers/nearby?lat=52.5&lon=13.4", token(RESTAURANT,
                        "restaurant"))), 403, "forbidden")));
        cases.add(named("bulk by a customer", new Hostile(null,
                (api, port) -> answer(api.post("/api/v1/drivers/locations/query", token(CUSTOMER, "customer"),
                        "{\"driverIds\":[\"" + DRIVER + "\"]}")), 403, "forbidden")));
    }

    private static void methodsAndPaths(List<Named<Hostile>> cases) {
        cases.add(named("POST on a driver's location", new Hostile(null,
                (api, port) -> answer(api.post("/api/v1/drivers/" + DRIVER + "/location", LOGISTICS, "{}")),
                405, "method-not-allowed")));
        cases.add(named("TRACE on a driver's location", new Hostile(null,
                (api, port) -> raw(port, "TRACE /api/v1/drivers/" + DRIVER + "/location HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + LOGISTICS + "\r\nConnection: close\r\n\r\n"),
                405, "method-not-allowed")));
        cases.add(named("unknown path under the API", new Hostile(null,
                (api, port) -> answer(api.get("/api/v1/nothing", LOGISTICS)), 404, "not-found")));
        cases.add(named("request header over the size limit", new Hostile(null,
                (api, port) -> raw(port, "GET /api/v1/drivers/" + DRIVER + "/location HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + LOGISTICS + "\r\nX-Padding: " + "x".repeat(20_000)
                        + "\r\nConnection: close\r\n\r\n"),
                400, "validation")));
    }

    // ---- building blocks ---------------------------------------------------------------------------------------

    private static Named<Hostile> named(String name, Hostile hostile) {
        return Named.of(name, hostile);
    }

    private static Named<Hostile> get400(String name, String path, String token) {
        return named(name, new Hostile(path, (api, port) -> answer(api.get(path, token)), 400, "validation"));
    }

    private static Named<Hostile> post400(String name, String path, String body) {
        return named(name, new Hostile(body, (api, port) -> answer(api.post(path, LOGISTICS, body)), 400,
                "validation"));
    }

    private static Named<Hostile> put400(String name, String path, String body) {
        return named(name, new Hostile(body, (api, port) -> answer(api.put(path, DISPATCH, body)), 400,
                "validation"));
    }

    private static Named<Hostile> raw400(String name, String request) {
        return named(name, new Hostile(null, (api, port) -> raw(port, request), 400, "validation"));
    }

    private static Answer answer(Api.Response response) {
        return new Answer(response.status(), response.contentType() == null ? "" : response.contentType(),
                response.body());
    }

    private static Answer raw(int port, String request) {
        return RawHttp.exchange(port, request.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer send(Api api, String method, String path, @Nullable String token,
            @Nullable String contentType, @Nullable String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return answer(Api.send(request.build()));
    }

    private static Answer sse(Api api, String path, @Nullable String token, @Nullable String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path)).timeout(Duration.ofSeconds(10))
                .header("Accept", "text/event-stream").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return answer(Api.send(request.build()));
    }

    /** The order body of the seeded order with {@code field} set to the raw JSON {@code value}. */
    private static String order(String field, String value) {
        Map<String, Object> body = Orders.body(DRIVER, CUSTOMER, RESTAURANT, "ASSIGNED");
        return body.keySet().stream()
                .map(key -> quote(key) + ":" + (key.equals(field) ? value : Api.json(body.get(key))))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> "\"driver-" + i + "\"")
                .collect(Collectors.joining(",", "{\"driverIds\":[", "]}"));
    }

    private static String quote(String value) {
        return Api.json(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 3) + "... (" + value.length() + " characters)" : value;
    }

    private List<Long> rowCounts() {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM driver_latest_location),
                       (SELECT count(*) FROM location_history)""")
                .query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single();
    }
}
