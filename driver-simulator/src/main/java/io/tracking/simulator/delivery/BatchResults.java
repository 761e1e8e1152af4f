package io.tracking.simulator.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.fleet.Ping;

/**
 * Reads a batch response that is not a plain 202 (207 partial success, 400/422) into per-ping outcomes. The
 * simulator must not break when the ingest service words its result list slightly differently, so the reading is
 * lenient:
 * <ul>
 * <li>the item list is the body itself when it is an array, else its {@code results}, {@code items},
 *     {@code pings}, {@code statuses}, {@code outcomes}, {@code errors} or {@code violations} array, else its first
 *     array of objects;</li>
 * <li>an item refers to the ping at its {@code index} (or {@code position}, {@code item}) when it has one, else
 *     to the ping at the item's own position in the list;</li>
 * <li>an item is accepted when its {@code status}/{@code result}/{@code outcome}/{@code state} says so
 *     ({@code accepted}, {@code ok}, {@code success}, a 2xx code...) or its {@code accepted} is {@code true};</li>
 * <li>when no item carries such a verdict the list is taken as the list of rejected pings;</li>
 * <li>pings no item refers to count as accepted on a 2xx status and rejected on a 4xx;</li>
 * <li>without any list, numeric {@code accepted}/{@code rejected} counts are used; without those the status
 *     decides for every ping.</li>
 * </ul>
 */
final class BatchResults {

    private static final List<String> LIST_FIELDS =
            List.of("results", "items", "pings", "statuses", "outcomes", "errors", "violations");
    private static final List<String> INDEX_FIELDS = List.of("index", "position", "item");
    private static final List<String> VERDICT_FIELDS = List.of("status", "result", "outcome", "state");
    private static final Set<String> ACCEPTED_WORDS = Set.of("accepted", "accept", "ok", "success", "succeeded",
            "successful", "created", "stored", "published", "valid", "200", "201", "202");

    private BatchResults() {
    }

    static SendOutcome read(JsonMapper mapper, int status, byte[] body, List<Ping> pings) {
        boolean success = status >= 200 && status < 300;
        JsonNode root = parse(mapper, body);
        JsonNode items = root == null ? null : itemList(root);
        if (items != null && !items.isEmpty()) {
            return fromItems(items, success, pings);
        }
        if (root != null && root.isObject() && root.path("accepted").isIntegralNumber()) {
            int accepted = (int) Math.max(0, Math.min(pings.size(), root.path("accepted").asLong()));
            return new SendOutcome(List.of(), accepted, pings.size() - accepted, 0, null);
        }
        return success ? SendOutcome.allAccepted(pings) : SendOutcome.allRejected(pings);
    }

    private static SendOutcome fromItems(JsonNode items, boolean success, List<Ping> pings) {
        boolean verdicts = false;
        for (JsonNode item : items) {
            verdicts |= verdict(item) != null;
        }
        // null: no item refers to the ping
        Boolean[] accepted = new Boolean[pings.size()];
        int position = 0;
        for (JsonNode item : items) {
            int index = index(item, position++);
            if (index >= 0 && index < accepted.length) {
                Boolean verdict = verdict(item);
                // without verdicts anywhere, the list names the rejected pings
                accepted[index] = verdicts ? Boolean.TRUE.equals(verdict) : Boolean.FALSE;
            }
        }
        List<Ping> acceptedPings = new ArrayList<>(pings.size());
        int rejected = 0;
        for (int i = 0; i < accepted.length; i++) {
            boolean ok = accepted[i] != null ? accepted[i] : success;
            if (ok) {
                acceptedPings.add(pings.get(i));
            } else {
                rejected++;
            }
        }
        return new SendOutcome(acceptedPings, 0, rejected, 0, null);
    }

    private static @Nullable JsonNode parse(JsonMapper mapper, byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static @Nullable JsonNode itemList(JsonNode root) {
        if (root.isArray()) {
            return root;
        }
        if (!root.isObject()) {
            return null;
        }
        for (String field : LIST_FIELDS) {
            JsonNode candidate = root.get(field);
            if (candidate != null && candidate.isArray()) {
                return candidate;
            }
        }
        for (Map.Entry<String, JsonNode> property : root.properties()) {
            JsonNode candidate = property.getValue();
            if (candidate.isArray() && !candidate.isEmpty() && candidate.get(0).isObject()) {
                return candidate;
            }
        }
        return null;
    }

    private static int index(JsonNode item, int position) {
        if (item.isObject()) {
            for (String field : INDEX_FIELDS) {
                JsonNode index = item.get(field);
                if (index != null && index.isIntegralNumber()) {
                    return index.asInt();
                }
            }
        }
        return position;
    }

    /** Whether the item says accepted (true), not accepted (false), or nothing (null). */
    private static @Nullable Boolean verdict(JsonNode item) {
        if (item.isString() || item.isNumber()) {
            return isAcceptedWord(item);
        }
        if (item.isBoolean()) {
            return item.asBoolean();
        }
        if (!item.isObject()) {
            return null;
        }
        JsonNode flag = item.get("accepted");
        if (flag != null && flag.isBoolean()) {
            return flag.asBoolean();
        }
        for (String field : VERDICT_FIELDS) {
            JsonNode value = item.get(field);
            if (value != null && (value.isString() || value.isNumber())) {
                return isAcceptedWord(value);
            }
        }
        return null;
    }

    private static boolean isAcceptedWord(JsonNode value) {
        if (value.isNumber()) {
            int code = value.asInt();
            return code >= 200 && code < 300;
        }
        return ACCEPTED_WORDS.contains(value.asString().trim().toLowerCase(Locale.ROOT));
    }
}
