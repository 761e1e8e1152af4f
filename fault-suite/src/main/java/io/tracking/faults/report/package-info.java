/**
 * Results: the printed table and the JSON file.
 */
@NullMarked
package io.tracking.faults.report;

import org.jspecify.annotations.NullMarked;
