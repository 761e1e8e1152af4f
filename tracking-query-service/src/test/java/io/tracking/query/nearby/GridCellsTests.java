package io.tracking.query.nearby;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class GridCellsTests {

    @Test
    void shouldNumberCellsRowByRowFromTheSouthWestCorner() {
        // cells of 0.0025 degree; points in the middle of a cell, away from rounding at its edges
        assertThat(GridCells.cell(-90, -180)).isZero();
        assertThat(GridCells.cell(-90, -179.999)).isZero();
        assertThat(GridCells.cell(-90, -179.996)).isEqualTo(1);
        assertThat(GridCells.cell(-89.996, -180)).isEqualTo(GridCells.ROW_WIDTH);
        assertThat(GridCells.cell(90, 180)).isEqualTo(72_000L * GridCells.ROW_WIDTH + 144_000);
        // Bengaluru: row (12.9712 + 90) * 400 = 41188.48, column (77.5946 + 180) * 400 = 103037.84
        assertThat(GridCells.cell(12.9712, 77.5946)).isEqualTo(41_188L * GridCells.ROW_WIDTH + 103_037);
    }

    @Test
    void shouldCoverABoxWithOneRangePerRow() {
        // rows 41188..41190 (12.97..12.9775), columns 103036..103038 (77.59..77.5975)
        SearchArea area = new SearchArea(List.of(new SearchArea.Box(77.5901, 12.9701, 77.5974, 12.9774)));

        List<GridCells.Range> ranges = GridCells.covering(area);

        assertThat(ranges).hasSize(3);
        for (int i = 0; i < 3; i++) {
            long row = 41_188 + i;
            assertThat(ranges.get(i)).isEqualTo(new GridCells.Range(row * GridCells.ROW_WIDTH + 103_036,
                    row * GridCells.ROW_WIDTH + 103_038));
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
            long cell = GridCells.cell(Math.toDegrees(lat2), Math.toDegrees(lon2));
            assertThat(ranges).anySatisfy(range -> assertThat(cell).isBetween(range.first(), range.last()));
        }
    }

    @Test
    void shouldJoinTheTwoSidesOfTheAntimeridianRowByRow() {
        List<GridCells.Range> ranges = GridCells.covering(SearchArea.around(0, 179.999, 2_000));

        // each row's eastern end (column 144000) is followed by the next row's western start (column 0)
        assertThat(ranges).allSatisfy(range -> assertThat(range.last() - range.first()).isLessThan(20));
        assertThat(ranges.get(0).first() % GridCells.ROW_WIDTH).isZero();
        assertThat(ranges.get(ranges.size() - 1).last() % GridCells.ROW_WIDTH).isEqualTo(144_000);
    }

    @Test
    void shouldMergeWholeRowsNearAPoleIntoOneRange() {
        SearchArea area = SearchArea.around(89.99, 0, 5_000);

        List<GridCells.Range> ranges = GridCells.covering(area);

        assertThat(ranges).containsExactly(new GridCells.Range(GridCells.cell(area.boxes().get(0).south(), -180),
                GridCells.cell(90, 180)));
    }
}
