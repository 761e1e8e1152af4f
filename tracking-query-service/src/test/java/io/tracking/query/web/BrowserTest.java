package io.tracking.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

import io.tracking.query.support.IntegrationTest;
import io.tracking.query.support.LocationProducer;

/**
 * What the browser tests of the pages share: one headless Chromium and one producer of pings per class, the service
 * ready before each test, and after each test no error in the browser's console but those the test expected.
 * Tiles that cannot load (no network here) are expected: the pages must work without them.
 */
abstract class BrowserTest extends IntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    static Browser browser;
    static LocationProducer producer;

    @Autowired
    PageProperties pages;

    private final List<Predicate<String>> expectedErrors = new ArrayList<>();

    @BeforeAll
    static void startProducer() {
        producer = new LocationProducer();
    }

    @AfterAll
    static void stopBrowserAndProducer() {
        if (producer != null) {
            producer.close();
        }
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /**
     * Starts the class's browser at its first test; where none is installed every test is skipped by an assumption
     * that says how to install it (an assumption in {@code @BeforeAll} would skip the class without a word in the
     * reports).
     */
    @BeforeEach
    void startBrowserAndAwaitService() {
        if (browser == null) {
            browser = Browser.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> management.get("/actuator/health/readiness", null)
                .status() == 200);
        String tiles = pages.tileSource();
        String tileHost = tiles.substring(tiles.lastIndexOf(tiles.contains("*") ? '*' : '/') + 1);
        expectedErrors.add(message -> !tileHost.isEmpty() && message.contains(tileHost));
    }

    @AfterEach
    void assertNoBrowserErrors() {
        if (browser == null) {
            return;
        }
        // leave the page first: its open stream ends, and nothing of it leaks into the next test
        browser.driver().get("about:blank");
        assertThat(browser.errors(message -> expectedErrors.stream().anyMatch(expected -> expected.test(message))))
                .as("errors in the browser console").isEmpty();
    }

    /** Tolerates console errors containing {@code text} in this test (a refusal the test provokes). */
    void expectBrowserError(String text) {
        expectedErrors.add(message -> message.contains(text));
    }

    /** Now, at the precision a ping may carry (the contract refuses more than microseconds; Linux clocks give nanos). */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    WebElement element(String id) {
        return browser.driver().findElement(By.id(id));
    }

    /** Waits until the element's {@code data-state} is {@code state}; returns the words it shows. */
    String awaitState(String id, String state) {
        browser.await(WAIT).until(ExpectedConditions.attributeToBe(By.id(id), "data-state", state));
        return element(id).getText();
    }

    String data(String id, String name) {
        return element(id).getDomAttribute("data-" + name);
    }
}
