package io.tracking.simulator;

/** The command line is wrong; the message says which option and why. Exit code 2. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
