package io.tracking.benchmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class CapacityChartTests {

    @Test
    void shouldDrawThreeLatenciesAndTwoCpuLinesForEachRow() throws Exception {
        CapacityTransport ws = CapacityTransport.WEBSOCKET;
        CapacityTransport http = CapacityTransport.HTTP;
        List<CapacityRow> rows = List.of(
                new CapacityRow(ws, List.of(CapacitySteps.held(ws, 2_000), CapacitySteps.held(ws, 4_000)),
                        CapacityLimits.TARGETS),
                new CapacityRow(http, List.of(CapacitySteps.held(http, 2_000)), CapacityLimits.TARGETS));

        Document svg = parse(CapacityChart.render(rows, "ramp <quick>", 2));

        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getElementsByTagName("polyline").getLength()).isEqualTo(2 * 5);
        // a point per step on each line
        assertThat(svg.getElementsByTagName("circle").getLength()).isEqualTo(3 * 5);
    }

    @Test
    void shouldLeaveOutValuesNotMeasuredAndClampThoseBeyondTheAxis() throws Exception {
        CapacityTransport ws = CapacityTransport.WEBSOCKET;
        CapacityStep step = new CapacityStep(ws, 2_000, 500, Double.POSITIVE_INFINITY, 0, 0, Double.NaN, 1,
                Double.NaN, 0, 20, 0, Map.of(), Map.of(), Double.NaN);

        String svg = CapacityChart.render(List.of(new CapacityRow(ws, List.of(step), CapacityLimits.TARGETS)),
                "ramp", 2);

        // the ack (clamped to the top) and the stack's CPU, not the machine's; no NaN or Infinity as a coordinate
        assertThat(parse(svg).getElementsByTagName("circle").getLength()).isEqualTo(2);
        assertThat(svg).doesNotContain("NaN").doesNotContain("Infinity").contains("no step held");
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
