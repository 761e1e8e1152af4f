package io.tracking.simulator.delivery;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

import io.tracking.simulator.fleet.Ping;

/**
 * What became of the pings of one request. Every ping is counted exactly once: {@code accepted.size() +
 * acceptedUnidentified + rejected + failed} equals the number of pings sent.
 *
 * @param accepted pings the receiver accepted, when it says which ones
 * @param acceptedUnidentified accepted pings the receiver only counted without saying which (lenient batch
 *        response parsing); they cannot appear in the file of last accepted positions
 * @param rejected pings the receiver refused as invalid (HTTP 400/422, or a per-item rejection in a batch)
 * @param failed pings whose request failed (unexpected status, I/O error, timeout, broker error)
 * @param errorKind what the failure was, for example {@code http-503} or {@code ConnectException}; null when
 *        {@code failed} is 0
 */
public record SendOutcome(List<Ping> accepted, int acceptedUnidentified, int rejected, int failed,
        @Nullable String errorKind) {

    public static SendOutcome allAccepted(List<Ping> pings) {
        return new SendOutcome(pings, 0, 0, 0, null);
    }

    public static SendOutcome allRejected(List<Ping> pings) {
        return new SendOutcome(List.of(), 0, pings.size(), 0, null);
    }

    public static SendOutcome failed(int pings, String errorKind) {
        return new SendOutcome(List.of(), 0, 0, pings, errorKind);
    }

    /** All {@code pings} failed with {@code error}, named by its innermost meaningful exception class. */
    public static SendOutcome failed(int pings, Throwable error) {
        return failed(pings, errorKind(error));
    }

    public int acceptedCount() {
        return accepted.size() + acceptedUnidentified;
    }

    static String errorKind(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }
}
