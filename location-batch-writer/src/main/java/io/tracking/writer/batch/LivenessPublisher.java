package io.tracking.writer.batch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Turns the loops' supervision into Spring Boot's liveness state, which {@code /actuator/health/liveness}
 * reports: {@link LivenessState#BROKEN} while any loop cannot keep running, {@link LivenessState#CORRECT} once
 * none is broken any more.
 */
final class LivenessPublisher implements LoopSupervisor.Liveness {

    private final ApplicationEventPublisher events;
    private final Set<String> broken = ConcurrentHashMap.newKeySet();

    LivenessPublisher(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public synchronized void broken(String loop) {
        if (broken.add(loop) && broken.size() == 1) {
            AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
        }
    }

    @Override
    public synchronized void correct(String loop) {
        if (broken.remove(loop) && broken.isEmpty()) {
            AvailabilityChangeEvent.publish(events, this, LivenessState.CORRECT);
        }
    }
}
