/**
 * The fault scenarios and the runner that puts load, fault and checks together.
 */
@NullMarked
package io.tracking.faults.scenario;

import org.jspecify.annotations.NullMarked;
