package io.tracking.query.location;

import java.util.List;

/**
 * @param locations the known positions, in the order the ids were asked for
 * @param notFound the ids asked for that have no known position, in the order asked for
 */
record BulkLocationResponse(List<LocationView> locations, List<String> notFound) {
}
