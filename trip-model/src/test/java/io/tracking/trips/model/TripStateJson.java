package io.tracking.trips.model;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The state through JSON and back, as the Streams state store keeps it. */
final class TripStateJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TripStateJson() {
    }

    static String write(TripState state) {
        return JSON.writeValueAsString(state);
    }

    /** The names of the JSON object's members, in order: what the store really keeps. */
    static List<String> propertyNames(TripState state) {
        return List.copyOf(JSON.valueToTree(state).propertyNames());
    }

    static TripState roundTrip(TripState state) {
        return JSON.readValue(write(state), TripState.class);
    }

    /** The state read back from its JSON without {@code property}: as a store written before it existed holds it. */
    static TripState readWithout(TripState state, String property) {
        ObjectNode json = JSON.valueToTree(state);
        json.remove(property);
        return JSON.treeToValue(json, TripState.class);
    }
}
