package io.tracking.query.order;

import org.springframework.stereotype.Component;

import io.tracking.auth.Role;
import io.tracking.query.system.ApiProblem;
import io.tracking.query.system.Caller;
import io.tracking.query.system.RequestRules;

/**
 * Who may follow an order's driver (JSON and live stream alike).
 *
 * <ul>
 * <li>Logistics and dispatch: any order. A customer: orders whose {@code customerId} is their subject. A
 * restaurant: orders whose {@code restaurantId} is its subject.</li>
 * <li>Anyone else gets <b>404</b>, exactly as for an order that does not exist, so that order ids cannot be probed
 * (a customer asking for another customer's order learns nothing).</li>
 * <li>A party to the order gets <b>403</b> ({@code tracking-ended}) once the order is DELIVERED or CANCELLED: the
 * order's existence is no secret to them, but the driver is no longer shown through it. The same holds for the
 * fleet roles, for consistency; they still see the driver through the driver endpoints.</li>
 * </ul>
 */
@Component
public class OrderAccess {

    private final OrderRepository orders;

    OrderAccess(OrderRepository orders) {
        this.orders = orders;
    }

    /** The order, if {@code caller} may follow its driver now; otherwise throws the 400, 404 or 403 problem. */
    public Order trackable(String orderId, Caller caller) {
        RequestRules.checkId("orderId", orderId);
        Order order = orders.find(orderId)
                .filter(found -> isParty(found, caller))
                .orElseThrow(() -> ApiProblem.notFound("No such order."));
        if (!order.status().isActive()) {
            throw ApiProblem.trackingEnded("The order is " + order.status()
                    + ": its driver is no longer shown through it.");
        }
        return order;
    }

    /** Whether {@code caller} may follow the order's driver in its current state. */
    public static boolean mayTrack(Order order, Caller caller) {
        return order.status().isActive() && isParty(order, caller);
    }

    static boolean isParty(Order order, Caller caller) {
        return caller.seesFleet()
                || (caller.has(Role.CUSTOMER) && order.customerId().equals(caller.subject()))
                || (caller.has(Role.RESTAURANT) && order.restaurantId().equals(caller.subject()));
    }
}
