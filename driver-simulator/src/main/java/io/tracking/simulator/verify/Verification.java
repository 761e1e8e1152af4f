package io.tracking.simulator.verify;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The outcome of reading back the last accepted position of a sample of drivers from the query service.
 *
 * @param checked drivers checked
 * @param matched drivers whose served position equals their last accepted ping
 * @param mismatched drivers served with another position or time
 * @param missing drivers the query service did not know (404) before the patience ran out
 * @param errors drivers whose read failed otherwise (unexpected status, I/O error)
 */
public record Verification(int checked, int matched, int mismatched, int missing, int errors) {

    @JsonProperty("passed")
    public boolean passed() {
        return mismatched == 0 && missing == 0 && errors == 0;
    }
}
