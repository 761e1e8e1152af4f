package io.tracking.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tracking.auth.DevTokens;
import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEventType;
import io.tracking.query.order.Orders;
import io.tracking.query.support.Api;
import io.tracking.query.support.TripProducer;
import io.tracking.query.system.Distances;

/** The order tracking page in headless Chromium against the real service, Kafka and PostgreSQL. */
class TrackingPageIT extends BrowserTest {

    private static final Logger log = LoggerFactory.getLogger(TrackingPageIT.class);

    // Orders.body puts the pickup here and the drop-off 0.01 degree north

    private final String orderId = id("order");
    private final String driverId = id("driver");
    private final String customerId = id("customer");

    private void putOrder(String status) {
        Api.Response response = api.put("/api/v1/orders/" + orderId, dispatch(),
                Api.json(Orders.body(driverId, customerId, id("restaurant"), status)));
        assertThat(response.status()).as(response.body()).isIn(200, 201);
    }

    private String customer() {
        return token(customerId, "customer");
    }

    /** Opens the page afresh (a new URL differing only in its fragment would not load it again). */
    private void openPage(String fragment) {
        browser.driver().get("about:blank");
        browser.driver().get(url("/track/" + orderId + fragment));
    }

    private void awaitDriverAt(double latitude) {
        browser.await(WAIT).until(ExpectedConditions.attributeToBe(element("map"), "data-driver-latitude",
                Double.toString(latitude)));
    }

    @Test
    void shouldShowTheDriverWhereTheLastPingPutHimAndMoveWithinASecondOfTheNextPing() {
        putOrder("ASSIGNED");
        writer.ping(driverId, 52.495, 13.39, now());
        String token = customer();

        openPage("#token=" + token);

        awaitDriverAt(52.495);
        assertThat(awaitState("state", "live")).contains("Live");
        assertThat(data("map", "driver-longitude")).isEqualTo("13.39");
        // the token was read once and taken out of the address bar
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(url("/track/" + orderId)).doesNotContain(token);
        assertThat(element("status").getText()).isEqualTo("Driver on the way to the restaurant");
        assertThat(element("distance").getText())
                .isEqualTo(Math.round(Distances.meters(52.495, 13.39, 52.5, 13.4)) + " m");

        producer.publish(driverId, 52.4975, 13.395, now());
        // the moment the ingest service would have answered 202: the record is on the broker
        long accepted = System.currentTimeMillis();

        awaitDriverAt(52.4975);
        long movedAt = Long.parseLong(data("map", "moved-at"));
        log.info("Marker moved {} ms after the ping was accepted", movedAt - accepted);
        assertThat(movedAt - accepted).as("ms from the ping's acceptance to the marker's move").isLessThan(1000);
        assertThat(data("map", "path-points")).isEqualTo("2");
        browser.screenshot("tracking-page");
    }

    @Test
    void shouldShowTheEtaAndTheTripEventsAsTheyHappen() {
        putOrder("ASSIGNED");
        writer.ping(driverId, 52.495, 13.39, now());
        try (TripProducer trips = new TripProducer()) {
            trips.send(TripProducer.event(orderId, driverId, TripEventType.APPROACHING_PICKUP, 1, now()));
            trips.send(TripProducer.eta(orderId, driverId, Stop.PICKUP, now().plusSeconds(240), now()));
            await().atMost(WAIT).until(() -> api.get("/api/v1/orders/" + orderId + "/tracking", customer()).json()
                    .has("eta"));

            openPage("#token=" + customer());

            browser.await(WAIT).until(ExpectedConditions.visibilityOf(element("eta-slot")));
            assertThat(element("eta").getText()).matches("in about [34] min");
            browser.await(WAIT).until(ExpectedConditions.textToBePresentInElement(element("timeline"),
                    "Driver approaching the restaurant"));

            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                trips.send(TripProducer.event(orderId, driverId, TripEventType.ARRIVED_AT_PICKUP, 1, now()));
                return element("timeline").getText().contains("Driver at the restaurant");
            });
            assertThat(element("timeline").findElements(By.tagName("li"))).hasSize(2);
        }
    }

    @Test
    void shouldTakeTheTokenFromTheHostAppsMessage() {
        putOrder("PICKED_UP");
        writer.ping(driverId, 52.505, 13.4, now());
        openPage("");
        assertThat(awaitState("state", "no-token")).contains("Sign-in needed");

        browser.driver().executeScript("window.postMessage({type: 'tracking-token', token: arguments[0]}, '*')",
                customer());

        awaitDriverAt(52.505);
        assertThat(awaitState("state", "live")).contains("Live");
        assertThat(element("status").getText()).isEqualTo("On the way to you");
        assertThat(element("distance-label").getText()).isEqualTo("Distance to you");
    }

    @Test
    void shouldSaySoWhileTheDriverHasNoFixYet() {
        putOrder("ASSIGNED");
        openPage("#token=" + customer());
        assertThat(awaitState("state", "no-fix")).contains("Waiting for the driver's first position");

        producer.publish(driverId, 52.5, 13.41, now());

        awaitDriverAt(52.5);
        assertThat(awaitState("state", "live")).contains("Live");
    }

    @Test
    void shouldEndWhenTheOrderIsDelivered() {
        putOrder("ASSIGNED");
        writer.ping(driverId, 52.5, 13.4, now());
        openPage("#token=" + customer());
        awaitDriverAt(52.5);

        putOrder("DELIVERED");

        assertThat(awaitState("state", "ended")).isEqualTo("Delivered. Tracking has ended.");
        assertThat(element("status").getText()).isEqualTo("Delivered");
    }

    @Test
    void shouldSayWhyItCannotShowTheOrder() {
        putOrder("ASSIGNED");
        expectBrowserError("/api/v1/orders/" + orderId + "/tracking");
        String signIn = "Your sign-in is missing or has expired";

        openPage("#token=not-a-token");
        assertThat(awaitState("state", "error-401")).contains(signIn);

        String expired = DevTokens.mint(SECRET, customerId, List.of("customer"), Duration.ofMinutes(-10));
        openPage("#token=" + expired);
        assertThat(awaitState("state", "error-401")).contains(signIn);

        openPage("#token=" + token(driverId, "driver"));
        assertThat(awaitState("state", "error-403")).isEqualTo("Your sign-in is not allowed to see this order.");

        openPage("#token=" + token(id("customer"), "customer"));
        assertThat(awaitState("state", "error-404")).contains("does not exist or is not yours to see");

        putOrder("CANCELLED");
        openPage("#token=" + customer());
        assertThat(awaitState("state", "ended")).isEqualTo("Tracking has ended for this order.");
    }

    @Test
    void shouldServeThePageWithAPolicyThatRunsOnlyTheServicesOwnScripts() {
        Api.Response page = api.get("/track/" + orderId, null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String policy = page.raw().headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("script-src 'self';", "connect-src 'self';", "default-src 'none';",
                "img-src 'self' https://tile.openstreetmap.org;", "frame-ancestors 'self'");
        assertThat(page.raw().headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(api.get("/webjars/leaflet/dist/leaflet.js", null).status()).isEqualTo(200);
    }
}
