package io.tracking.query.nearby;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import io.tracking.query.system.Distances;

class SearchAreaTests {

    @Test
    void shouldBoundTheCircleWithOneBoxAwayFromPolesAndAntimeridian() {
        SearchArea area = SearchArea.around(52.5, 13.4, 5_000);

        assertThat(area.boxes()).hasSize(1);
        SearchArea.Box box = area.boxes().get(0);
        assertThat(box.north() - 52.5).isCloseTo(0.04497, within(1e-4));
        // a degree of longitude is about 0.61 of a degree of latitude at 52.5 degrees
        assertThat(box.east() - 13.4).isCloseTo(0.0739, within(1e-3));
        assertThat(Distances.meters(52.5, 13.4, box.north(), 13.4)).isGreaterThanOrEqualTo(5_000);
        assertThat(Distances.meters(52.5, 13.4, 52.5, box.east())).isGreaterThanOrEqualTo(5_000);
    }

    @Test
    void shouldSplitAtTheAntimeridian() {
        SearchArea area = SearchArea.around(0, 179.99, 5_000);

        assertThat(area.boxes()).hasSize(2);
        assertThat(area.boxes().get(0).east()).isEqualTo(180);
        assertThat(area.boxes().get(1).west()).isEqualTo(-180);
        assertThat(area.boxes().get(1).east()).isCloseTo(-179.965, within(1e-3));
    }

    @Test
    void shouldSplitAtTheAntimeridianFromTheWest() {
        SearchArea area = SearchArea.around(10, -179.99, 5_000);

        assertThat(area.boxes()).hasSize(2);
        assertThat(area.boxes().get(0).west()).isCloseTo(179.964, within(1e-3));
        assertThat(area.boxes().get(1).west()).isEqualTo(-180);
    }

    @Test
    void shouldTakeEveryLongitudeNearAPole() {
        SearchArea area = SearchArea.around(89.99, 0, 5_000);

        assertThat(area.boxes()).hasSize(1);
        assertThat(area.boxes().get(0).west()).isEqualTo(-180);
        assertThat(area.boxes().get(0).east()).isEqualTo(180);
        assertThat(area.boxes().get(0).north()).isEqualTo(90);
    }
}
