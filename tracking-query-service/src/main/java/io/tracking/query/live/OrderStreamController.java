package io.tracking.query.live;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

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
 * driver's current position (or, with {@code Last-Event-ID}, every position recorded after that id and not before
 * the driver's assignment to the order), then live.</li>
 * <li>A comment line every {@code heartbeat-interval}.</li>
 * </ul>
 * Access is that of {@code GET .../tracking} ({@link OrderAccess}), checked once before the stream starts and
 * again with every order change. Refusals (access, limits, a malformed {@code Last-Event-ID}) are ordinary problem
 * responses: they happen before the response turns into a stream. The stream itself is written by
 * {@link OrderStreams} through the container's non-blocking output, not by this request's thread.
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
    void stream(@PathVariable String orderId,
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
            Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        Long resumeAfter = parse(lastEventId);
        Caller caller = Caller.of(authentication);
        Order order = access.trackable(orderId, caller);
        streams.open(order, caller, resumeAfter,
                (stream, timeout) -> ServletEventSink.start(request, response, timeout, stream));
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
