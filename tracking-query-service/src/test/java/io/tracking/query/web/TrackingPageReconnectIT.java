package io.tracking.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.tracking.query.order.Orders;
import io.tracking.query.support.Api;

/**
 * The tracking page when its network drops: it says it is reconnecting, comes back on its own with
 * {@code Last-Event-ID}, and shows what the driver did meanwhile. The browser reaches the service through a
 * {@link TcpProxy} that can cut it off.
 */
class TrackingPageReconnectIT extends BrowserTest {

    private final String orderId = id("order");
    private final String driverId = id("driver");
    private final String customerId = id("customer");
    private TcpProxy proxy;

    @AfterEach
    void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void shouldReconnectWithLastEventIdAndShowWhatWasMissed() {
        Api.Response order = api.put("/api/v1/orders/" + orderId, dispatch(),
                Api.json(Orders.body(driverId, customerId, id("restaurant"), "ASSIGNED")));
        assertThat(order.status()).isEqualTo(201);
        proxy = new TcpProxy(port);
        String token = token(customerId, "customer");
        String stream = "/api/v1/orders/" + orderId + "/tracking/stream";
        // what the browser logs while it cannot reach the service
        expectBrowserError(stream);

        browser.driver().get("http://localhost:" + proxy.port() + "/track/" + orderId + "#token=" + token);
        assertThat(awaitState("state", "no-fix")).contains("Waiting");
        producer.publish(driverId, 52.501, 13.4, now());
        awaitDriverAt(52.501);

        proxy.cut();
        assertThat(awaitState("state", "reconnecting")).isEqualTo("Connection lost. Reconnecting…");
        // a ping while the page is away: the live feed has it, and the batch writer stores it
        Instant missed = now();
        producer.publish(driverId, 52.502, 13.4, missed);
        writer.ping(driverId, 52.502, 13.4, missed);
        browser.screenshot("tracking-page-reconnecting");
        proxy.restore();

        awaitDriverAt(52.502);
        assertThat(awaitState("state", "live")).contains("Live");
        List<String> streamRequests = requestHeads(proxy.sent(), stream);
        assertThat(streamRequests).hasSizeGreaterThanOrEqualTo(2);
        assertThat(streamRequests.get(0)).doesNotContainIgnoringCase("Last-Event-ID");
        assertThat(streamRequests.get(streamRequests.size() - 1)).containsIgnoringCase("Last-Event-ID: ");
        // the token only ever travelled in the Authorization header, never in a URL or a referrer
        assertThat(Arrays.stream(proxy.sent().split("\r\n")).filter(line -> line.contains(token)))
                .allMatch(line -> line.equalsIgnoreCase("Authorization: Bearer " + token));
        assertThat(proxy.sent()).doesNotContainIgnoringCase("Referer:");
    }

    private void awaitDriverAt(double latitude) {
        browser.await(WAIT).until(ExpectedConditions.attributeToBe(element("map"), "data-driver-latitude",
                Double.toString(latitude)));
    }

    /** The heads of the requests for {@code path}, in the order they were sent. */
    private static List<String> requestHeads(String sent, String path) {
        return Arrays.stream(sent.split("\r\n\r\n")).filter(head -> head.startsWith("GET " + path + " ")).toList();
    }
}
