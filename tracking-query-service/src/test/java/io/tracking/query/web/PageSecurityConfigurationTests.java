package io.tracking.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The pages' addresses and headers, with their own filter chain and tiles configured on subdomains. What the pages do
 * in a browser is proven by {@code TrackingPageIT} and {@code OperationsConsoleIT}.
 */
@WebMvcTest(controllers = PageController.class, properties = {
        "tracking.query.pages.tile-url=https://{s}.tiles.example/{z}/{x}/{y}.png",
        "tracking.query.pages.tile-attribution=Example tiles",
        "tracking.query.pages.frame-ancestors='self' https://shop.example" })
@Import(PageSecurityConfiguration.class)
class PageSecurityConfigurationTests {

    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' https://*.tiles.example; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'self' https://shop.example";

    @Autowired
    MockMvc mvc;

    @Test
    void shouldServeTheTrackingPageWithoutATokenUnderAPolicyThatRunsOnlyTheServicesScripts() throws Exception {
        mvc.perform(get("/track/order-42"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andExpect(content().string(containsString("/track/track.js")))
                .andExpect(header().string("Content-Security-Policy", POLICY))
                .andExpect(header().string("Referrer-Policy", "no-referrer"))
                .andExpect(header().doesNotExist("X-Frame-Options"));
    }

    @Test
    void shouldLeaveFileNamesToTheStaticResources() throws Exception {
        mvc.perform(get("/track/track.js"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/javascript"))
                .andExpect(header().string("Content-Security-Policy", POLICY));
    }

    @Test
    void shouldServeTheConsoleAtItsFolder() throws Exception {
        mvc.perform(get("/console")).andExpect(status().isFound()).andExpect(redirectedUrl("/console/"));
        mvc.perform(get("/console/"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("/console/console.js")))
                .andExpect(header().string("Content-Security-Policy", POLICY));
    }

    @Test
    void shouldTellThePagesTheConfiguredTiles() throws Exception {
        mvc.perform(get("/ui/map-settings"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tileUrl").value("https://{s}.tiles.example/{z}/{x}/{y}.png"))
                .andExpect(jsonPath("$.tileAttribution").value("Example tiles"));
    }

    @Test
    void shouldAllowNoTileServerWhenTilesAreOff() {
        assertThat(PageSecurityConfiguration.contentSecurityPolicy(new PageProperties("", "", "'none'")))
                .contains("img-src 'self';", "frame-ancestors 'none'");
        assertThat(new PageProperties("/tiles/{z}/{x}/{y}.png", "", "'self'").tileSource()).isEmpty();
    }
}
