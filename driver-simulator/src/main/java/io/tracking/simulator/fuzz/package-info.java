/** Records for the location topic as a hostile or broken producer could write them, with what must become of each. */
@NullMarked
package io.tracking.simulator.fuzz;

import org.jspecify.annotations.NullMarked;
