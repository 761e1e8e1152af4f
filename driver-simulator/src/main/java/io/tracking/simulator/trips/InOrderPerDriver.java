package io.tracking.simulator.trips;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.tracking.simulator.delivery.PingSender;
import io.tracking.simulator.delivery.SendOutcome;
import io.tracking.simulator.fleet.Ping;

/**
 * Sends each driver's requests one after another, as a phone uploads: a driver's next upload leaves when its
 * previous one was answered. Without it, a replay faster than real time has several uploads of one driver in flight,
 * and one overtaking another puts fixes on the topic later, by event time, than the engine's grace window allows.
 * Different drivers' requests still run side by side.
 */
final class InOrderPerDriver implements PingSender {

    private final PingSender delegate;
    private final Map<String, CompletableFuture<SendOutcome>> last = new ConcurrentHashMap<>();

    InOrderPerDriver(PingSender delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<SendOutcome> send(List<Ping> pings) {
        String driverId = pings.get(0).driverId();
        // the delegate's futures never fail: failures are outcomes
        return last.compute(driverId, (id, previous) -> previous == null
                ? delegate.send(pings)
                : previous.thenCompose(answered -> delegate.send(pings)));
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
