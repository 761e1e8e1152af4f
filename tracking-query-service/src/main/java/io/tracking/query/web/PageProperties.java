package io.tracking.query.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the map pages, under {@code tracking.query.pages}; checked at start-up.
 *
 * @param tileUrl the map tiles as a Leaflet URL template ({@code {z}/{x}/{y}}, optionally {@code {s}}), absolute
 *        or on this service; blank for no tiles (the maps then show a plain background with a grid and a scale,
 *        as they do whenever no tile server answers). Its origin is the only one the pages' CSP lets images come
 *        from.
 * @param tileAttribution the credit the tile provider requires, shown on the map (HTML)
 * @param frameAncestors who may embed the pages in a frame: a CSP {@code frame-ancestors} source list, for
 *        example {@code 'self' https://shop.example}; only the embedding window may post a token to a page
 */
@Validated
@ConfigurationProperties("tracking.query.pages")
public record PageProperties(
        @DefaultValue("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
        @Pattern(regexp = "|https?://[^/\\s]+/\\S*|/\\S*", message = "must be blank, http(s)://host/... or /...")
        String tileUrl,
        @DefaultValue("&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors")
        String tileAttribution,
        @DefaultValue("'self'") @NotBlank @Pattern(regexp = "[^;,\\r\\n]+", message = "must be one source list")
        String frameAncestors) {

    /** The origin tiles are loaded from, as a CSP source ({@code {s}} subdomains as {@code *}); empty when none. */
    String tileSource() {
        int scheme = tileUrl.indexOf("://");
        if (scheme < 0) {
            return "";
        }
        int path = tileUrl.indexOf('/', scheme + 3);
        return tileUrl.substring(0, path).replaceAll("\\{[^}]*}", "*");
    }
}
