package io.tracking.benchmark.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SvgChartTests {

    @Test
    void shouldBeWellFormedSvgWithOneLinePerSeriesAndOneBarPerLatencyFigure() throws Exception {
        Document svg = parse(SvgChart.render(SampleResults.create()));

        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        // a white background plus p50 and p99 of the ingest, p99 of freshness
        assertThat(svg.getElementsByTagName("rect").getLength()).isEqualTo(1 + 3);
    }

    @Test
    void shouldEscapeTextFromTheResults() throws Exception {
        String svg = SvgChart.render(SampleResults.create());

        assertThat(svg).contains("seed design &amp; co").contains("freshness &lt;202 to queryable&gt;");
        parse(svg);
    }

    @Test
    void shouldStillRenderWhenNothingWasMeasured() throws Exception {
        Results empty = new Results("quick", Instant.parse("2026-11-28T06:40:00Z"), 1, new Machine("cpu", 2, 1024,
                "os", "jdk", Map.of()), List.of(), List.of(), List.of(), List.of());

        String svg = SvgChart.render(empty);

        parse(svg);
        assertThat(svg).contains("no series measured").contains("no latency measured");
    }

    @Test
    void shouldRoundAxisMaximaUpToOneTwoOrFive() {
        assertThat(SvgChart.niceCeiling(0.7)).isEqualTo(1.0);
        assertThat(SvgChart.niceCeiling(1.0)).isEqualTo(1.0);
        assertThat(SvgChart.niceCeiling(130)).isEqualTo(200.0);
        assertThat(SvgChart.niceCeiling(61_000)).isEqualTo(100_000.0);
        assertThat(SvgChart.niceCeiling(4_100)).isEqualTo(5_000.0);
        assertThat(SvgChart.niceCeiling(0)).isEqualTo(1.0);
    }

    @Test
    void shouldGroupLatencyPercentilesBySubjectInMeasuredOrder() {
        Map<String, List<Figure>> groups = SvgChart.latencyGroups(SampleResults.create().figures());

        assertThat(groups.keySet()).containsExactly("ingest single ping", "freshness <202 to queryable>");
        assertThat(groups.get("ingest single ping")).extracting(Figure::measure)
                .containsExactly("p50 latency", "p99 latency");
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
