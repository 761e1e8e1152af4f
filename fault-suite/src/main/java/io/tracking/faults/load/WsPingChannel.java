package io.tracking.faults.load;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tracking.simulator.delivery.PingSender;
import io.tracking.simulator.delivery.SendOutcome;
import io.tracking.simulator.delivery.WsPingSender;
import io.tracking.simulator.fleet.Ping;

/**
 * One frame per ping on {@code GET /api/v1/locations/stream}, through the driver simulator's WebSocket sender: one
 * connection per driver with its own token; when a connection drops, the driver connects again and resends what was
 * not answered, as the app does. However often a ping went out, it counts once: by its answer, or by its deadline
 * (the request timeout).
 *
 * <p>An answer maps to the status it carries (202 accepted, 400 rejected, 503 not confirmed, ...). A ping left
 * without an answer is named by what became of its connection: {@code ws-close-1001} (the service shut down),
 * {@code ConnectException}, {@code ws-handshake-503}, {@code TimeoutException}. The connection figures are read from
 * the summary the sender prints when it closes; its other lines go to this class's log.
 */
public final class WsPingChannel implements PingChannel {

    private static final Logger log = LoggerFactory.getLogger(WsPingChannel.class);

    /** How the sender names an answer other than 202 and 400: {@code ws-<status>}. */
    private static final Pattern ANSWER_STATUS = Pattern.compile("ws-(\\d{3})");

    private final AtomicReference<@Nullable Connections> connections = new AtomicReference<>();
    private final PingSender sender;

    /** @param senders makes the sender, given the stream it is to print its diagnostics to */
    WsPingChannel(Function<PrintStream, PingSender> senders) {
        PrintStream senderLog = new PrintStream(new LineOutputStream(this::senderSaid), true, StandardCharsets.UTF_8);
        this.sender = senders.apply(senderLog);
    }

    /**
     * @param ingestBaseUrl {@code http://host:port} of the ingest service
     * @param jwtSecret signs each driver's token, minted for every connection it opens
     * @param tokenTtl lifetime of those tokens: longer than the load, or the service closes the connection
     * @param timeout how long a ping may stay unanswered, reconnects included, before it counts as failed
     */
    public static WsPingChannel open(String ingestBaseUrl, String jwtSecret, Duration tokenTtl, Duration timeout) {
        return new WsPingChannel(
                senderLog -> WsPingSender.create(URI.create(ingestBaseUrl), jwtSecret, tokenTtl, timeout, senderLog));
    }

    @Override
    public Transport transport() {
        return Transport.WS;
    }

    @Override
    public CompletableFuture<Answer> send(Ping ping) {
        return sender.send(List.of(ping))
                .handle((outcome, failure) -> outcome != null ? answer(outcome) : Answer.failed(failure));
    }

    @Override
    public Optional<Connections> connections() {
        return Optional.ofNullable(connections.get());
    }

    @Override
    public void close() {
        sender.close();
    }

    static Answer answer(SendOutcome outcome) {
        if (outcome.acceptedCount() > 0) {
            return Answer.status(202);
        }
        if (outcome.rejected() > 0) {
            return Answer.status(400);
        }
        String error = outcome.errorKind() != null ? outcome.errorKind() : "no-answer";
        Matcher status = ANSWER_STATUS.matcher(error);
        return status.matches() ? Answer.status(Integer.parseInt(status.group(1))) : Answer.failed(error);
    }

    private void senderSaid(String line) {
        log.info("WebSocket sender: {}", line);
        Connections.parse(line).ifPresent(connections::set);
    }
}
