package io.tracking.query.nearby;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class GridCellsTests {

    @Test
    void shouldNumberCellsRowByRowFromTheSouthWestCorner() {
        assertThat(GridCells.cell(-90, -180)).isZero();
        assertThat(GridCells.cell(-90, -179.995)).isZero();
        assertThat(GridCells.cell(-90, -179.985)).isEqualTo(1);
        assertThat(GridCells.cell(-89.985, -180)).isEqualTo(GridCells.ROW_WIDTH);
        assertThat(GridCells.cell(90, 180)).isEqualTo(18_000 * GridCells.ROW_WIDTH + 36_000);
        assertThat(GridCells.cell(12.975, 77.595)).isEqualTo(10_297 * GridCells.ROW_WIDTH + 25_759);
    }

    @Test
    void shouldCoverABoxWithOneRangePerRow() {
        SearchArea area = new SearchArea(List.of(new SearchArea.Box(77.585, 12.965, 77.605, 12.985)));

        List<GridCells.Range> ranges = GridCells.covering(area);

        assertThat(ranges).hasSize(3);
        for (int i = 0; i < 3; i++) {
            int row = 10_296 + i;
            assertThat(ranges.get(i)).isEqualTo(new GridCells.Range(row * GridCells.ROW_WIDTH + 25_758,
                    row * GridCells.ROW_WIDTH + 25_760));
        }
    }

    @Test
    void shouldContainTheCellOfEveryPointOfTheCircle() {
        double latitude = 52.5;
        double longitude = 13.4;
        List<GridCells.Range> ranges = GridCells.covering(SearchArea.around(latitude, longitude, 5_000));

        for (int bearing = 0; bearing < 360; bearing += 5) {
            double angle = 5_000 / io.tracking.query.system.Distances.EARTH_RADIUS_METERS;
            double lat1 = Math.toRadians(latitude);
            double theta = Math.toRadians(bearing);
            double lat2 = Math.asin(Math.sin(lat1) * Math.cos(angle) + Math.cos(lat1) * Math.sin(angle) * Math.cos(theta));
            double lon2 = Math.toRadians(longitude) + Math.atan2(Math.sin(theta) * Math.sin(angle) * Math.cos(lat1),
                    Math.cos(angle) - Math.sin(lat1) * Math.sin(lat2));
            int cell = GridCells.cell(Math.toDegrees(lat2), Math.toDegrees(lon2));
            assertThat(ranges).anySatisfy(range -> assertThat(cell).isBetween(range.first(), range.last()));
        }
    }

    @Test
    void shouldJoinTheTwoSidesOfTheAntimeridianRowByRow() {
        List<GridCells.Range> ranges = GridCells.covering(SearchArea.around(0, 179.999, 2_000));

        // each row's eastern end (column 36000) is followed by the next row's western start (column 0)
        assertThat(ranges).allSatisfy(range -> assertThat(range.last() - range.first()).isLessThan(10));
        assertThat(ranges.get(0).first() % GridCells.ROW_WIDTH).isZero();
        assertThat(ranges.get(ranges.size() - 1).last() % GridCells.ROW_WIDTH).isEqualTo(36_000);
    }

    @Test
    void shouldMergeWholeRowsNearAPoleIntoOneRange() {
        List<GridCells.Range> ranges = GridCells.covering(SearchArea.around(89.99, 0, 5_000));

        assertThat(ranges).containsExactly(new GridCells.Range(GridCells.cell(89.99 - 0.045 - 1e-9, -180),
                GridCells.cell(90, 180)));
    }
}
