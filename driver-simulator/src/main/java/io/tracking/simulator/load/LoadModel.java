package io.tracking.simulator.load;

import java.io.IOException;

import io.tracking.simulator.delivery.Dispatcher;

/** A load shape: decides which pings are sent when, and returns once the last request was handed over. */
public interface LoadModel {

    void run(Dispatcher dispatcher) throws IOException, InterruptedException;
}
