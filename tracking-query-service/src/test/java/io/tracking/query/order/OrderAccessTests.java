package io.tracking.query.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tracking.auth.Role;
import io.tracking.query.system.Caller;

class OrderAccessTests {

    private static Order order(OrderStatus status) {
        return new Order("o-1", "d-1", "cust-1", "rest-1", new Coordinates(1.0, 1.0), new Coordinates(2.0, 2.0),
                status, Instant.parse("2025-03-01T10:00:00Z"), null);
    }

    private static Caller caller(String subject, String roles) {
        Set<Role> set = EnumSet.noneOf(Role.class);
        for (String role : roles.split("\\+")) {
            set.add(Role.valueOf(role));
        }
        return new Caller(subject, set);
    }

    @ParameterizedTest(name = "{0} as {1} on {2}: party={3}, may track={4}")
    @CsvSource({
            "cust-1, CUSTOMER, ASSIGNED, true, true",
            "cust-1, CUSTOMER, PICKED_UP, true, true",
            "cust-1, CUSTOMER, DELIVERED, true, false",
            "cust-1, CUSTOMER, CANCELLED, true, false",
            "cust-2, CUSTOMER, ASSIGNED, false, false",
            "rest-1, RESTAURANT, ASSIGNED, true, true",
            "rest-2, RESTAURANT, ASSIGNED, false, false",
            "cust-1, RESTAURANT, ASSIGNED, false, false",
            "rest-1, CUSTOMER, ASSIGNED, false, false",
            "anyone, LOGISTICS, ASSIGNED, true, true",
            "anyone, DISPATCH, PICKED_UP, true, true",
            "anyone, DISPATCH, DELIVERED, true, false",
            "d-1, DRIVER, ASSIGNED, false, false",
            "rest-1, CUSTOMER+RESTAURANT, ASSIGNED, true, true" })
    void shouldDecideWhoMayFollowTheDriver(String subject, String roles, OrderStatus status, boolean party,
            boolean mayTrack) {
        Order order = order(status);
        Caller caller = caller(subject, roles);

        assertThat(OrderAccess.isParty(order, caller)).isEqualTo(party);
        assertThat(OrderAccess.mayTrack(order, caller)).isEqualTo(mayTrack);
    }
}
