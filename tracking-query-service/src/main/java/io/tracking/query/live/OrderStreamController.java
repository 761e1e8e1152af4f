package io.tracking.query.live;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.tracking.query.order.Order;
import io.tracking.query.order.OrderAccess;
import io.tracking.query.system.ApiProblem;
import io.tracking.query.system.Caller;

/**
 * {@code GET /api/v1/orders/{orderId}/tracking/stream}: Server-Sent Events with the order's driver positions as
 * they are accepted.
 *
 * <ul>
 * <li>{@code event: order-status} (no id) first, with {@code retry:}, then on every status change; the stream
 * completes after the one announcing DELIVERED or CANCELLED.</li>
 * <li>{@code event: location}, {@code id:} = recordedAt in epoch microseconds, in increasing order: first the
 * latest known position (or, with {@code Last-Event-ID}, every position recorded after that id), then live.</li>
 * <li>A comment line every {@code heartbeat-interval}.</li>
 * </ul>
 * Access is that of {@code GET .../tracking} ({@link OrderAccess}), checked once before the stream starts and
 * again with every order change.
 */
@RestController
class OrderStreamController {

    private final OrderAccess access;
    private final OrderStreams streams;

    OrderStreamController(OrderAccess access, OrderStreams streams) {
        this.access = access;
        this.streams = streams;
    }

    @GetMapping(path = "/api/v1/orders/{orderId}/tracking/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> stream(@PathVariable String orderId,
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
            Authentication authentication) {
        Long resumeAfter = parse(lastEventId);
        Caller caller = Caller.of(authentication);
        Order order = access.trackable(orderId, caller);
        // proxies such as nginx would otherwise buffer the stream
        return ResponseEntity.ok()
                .header("X-Accel-Buffering", "no")
                .body(streams.open(order, caller, resumeAfter));
    }

    private static @Nullable Long parse(@Nullable String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        if (lastEventId.length() <= 19 && lastEventId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Long.parseLong(lastEventId);
            } catch (NumberFormatException e) {
                // too large: fall through
            }
        }
        throw ApiProblem.invalid("Last-Event-ID", "format", "must be an event id sent by this stream");
    }
}
