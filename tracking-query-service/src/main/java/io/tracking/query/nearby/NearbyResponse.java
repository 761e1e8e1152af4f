package io.tracking.query.nearby;

import java.util.List;

/** @param drivers drivers with a fresh position within the radius, nearest first */
record NearbyResponse(List<NearbyDriver> drivers) {
}
