package io.tracking.query.nearby;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The grid behind {@code driver_latest_location.grid_cell} (migration V42): cells of 0.0025 degree by 0.0025 degree,
 * numbered {@code row * 144001 + column}. The cells of one row are consecutive numbers, so a latitude/longitude box
 * is covered by one range of cell numbers per row, which the index reads as one range scan each. Computed with the
 * same double arithmetic as the generated column, so a point's cell is the same number on both sides.
 */
final class GridCells {

    static final int CELLS_PER_DEGREE = 400;
    static final int ROW_WIDTH = 360 * CELLS_PER_DEGREE + 1;
    private static final int LAST_ROW = 180 * CELLS_PER_DEGREE;
    private static final int LAST_COLUMN = 360 * CELLS_PER_DEGREE;

    /** Cells {@code first..last}, both included. */
    record Range(long first, long last) {
    }

    private GridCells() {
    }

    static long cell(double latitude, double longitude) {
        return (long) row(latitude) * ROW_WIDTH + column(longitude);
    }

    /** The fewest ranges of cells that together cover every box of {@code area}. */
    static List<Range> covering(SearchArea area) {
        List<Range> ranges = new ArrayList<>();
        for (SearchArea.Box box : area.boxes()) {
            int firstColumn = column(box.west());
            int lastColumn = column(box.east());
            for (int row = row(box.south()); row <= row(box.north()); row++) {
                long rowStart = (long) row * ROW_WIDTH;
                ranges.add(new Range(rowStart + firstColumn, rowStart + lastColumn));
            }
        }
        ranges.sort(Comparator.comparingLong(Range::first));
        List<Range> merged = new ArrayList<>(ranges.size());
        for (Range range : ranges) {
            Range previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && range.first() <= previous.last() + 1) {
                merged.set(merged.size() - 1, new Range(previous.first(), Math.max(previous.last(), range.last())));
            } else {
                merged.add(range);
            }
        }
        return merged;
    }

    private static int row(double latitude) {
        return clamp(Math.floor((latitude + 90) * CELLS_PER_DEGREE), LAST_ROW);
    }

    private static int column(double longitude) {
        return clamp(Math.floor((longitude + 180) * CELLS_PER_DEGREE), LAST_COLUMN);
    }

    private static int clamp(double index, int last) {
        return (int) Math.max(0, Math.min(last, index));
    }
}
