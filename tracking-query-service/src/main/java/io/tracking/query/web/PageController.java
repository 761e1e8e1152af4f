package io.tracking.query.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Serves the two pages at their addresses and tells them which map tiles to use. The order id is read by the
 * page from its own address; the pattern leaves file names ({@code track.js}) to the static resources.
 */
@Controller
class PageController {

    private static final Resource TRACKING_PAGE = new ClassPathResource("static/track/index.html");
    private static final Resource CONSOLE = new ClassPathResource("static/console/index.html");

    private final MapSettings mapSettings;

    PageController(PageProperties properties) {
        this.mapSettings = new MapSettings(properties.tileUrl(), properties.tileAttribution());
    }

    @GetMapping("/track/{orderId:[A-Za-z0-9_-]+}")
    ResponseEntity<Resource> trackingPage() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(TRACKING_PAGE);
    }

    @GetMapping("/console")
    String consoleWithoutSlash() {
        // browsers carry the fragment (#token=...) over to the redirect's target
        return "redirect:/console/";
    }

    @GetMapping("/console/")
    ResponseEntity<Resource> console() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(CONSOLE);
    }

    @GetMapping("/ui/map-settings")
    @ResponseBody
    MapSettings mapSettings() {
        return mapSettings;
    }

    /** What the pages' maps need: the tile URL template (empty for none) and its attribution. */
    record MapSettings(String tileUrl, String tileAttribution) {
    }
}
