package io.tracking.query.system;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counting permits handed to waiters first come, first served, each release waking exactly the one thread it
 * hands its permit to. {@link java.util.concurrent.Semaphore} in fair mode wakes the next waiter after every shared
 * acquire as well, which then finds no permit and parks again: a wasted wake-up per request on a service where
 * most requests wait (profiled: 15 % of the query JVM's CPU in parking and waking).
 */
final class FifoPermits {

    /** A waiting thread; {@code granted} is written under the lock and read by the waiter without it. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        volatile boolean granted;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int available;

    FifoPermits(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        this.available = permits;
    }

    /**
     * Takes a permit, waiting behind the threads that asked first for at most {@code timeoutNanos}; false when
     * none came in time or the thread was interrupted (its interrupt status is then set again).
     */
    boolean acquire(long timeoutNanos) {
        Waiter waiter;
        lock.lock();
        try {
            if (available > 0 && waiters.isEmpty()) {
                available--;
                return true;
            }
            waiter = new Waiter();
            waiters.addLast(waiter);
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (!waiter.granted) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || Thread.interrupted()) {
                boolean interrupted = remaining > 0;
                if (giveUp(waiter)) {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return false;
                }
                // the permit arrived while giving up: it is ours
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }
            LockSupport.parkNanos(this, remaining);
        }
        return true;
    }

    /** Returns a permit: to the longest waiter if there is one, else to the pool. */
    void release() {
        Waiter next;
        lock.lock();
        try {
            next = waiters.pollFirst();
            if (next == null) {
                available++;
                return;
            }
            next.granted = true;
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(next.thread);
    }

    /** Threads waiting for a permit now. */
    int waiting() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /** Leaves the queue; false when the waiter was granted a permit meanwhile (and so keeps it). */
    private boolean giveUp(Waiter waiter) {
        lock.lock();
        try {
            if (waiter.granted) {
                return false;
            }
            waiters.remove(waiter);
            return true;
        } finally {
            lock.unlock();
        }
    }
}
