package io.tracking.faults.load;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a WebSocket load did with its connections: how often drivers had to connect again after a connection
 * dropped, and how many pings they sent a second time because the dropped connection had not answered them.
 *
 * @param opened connections opened, first ones and reconnects
 * @param reconnects connections opened by a driver that had been connected before
 * @param resent pings sent again on a new connection
 */
public record Connections(long opened, long reconnects, long resent) {

    private static final Pattern OPENED = Pattern.compile("(\\d+) connections? opened");
    private static final Pattern RECONNECTS = Pattern.compile("(\\d+) reconnects?\\b");
    private static final Pattern RESENT = Pattern.compile("(\\d+) (?:pings? )?resent");

    /**
     * Reads the summary the simulator's WebSocket sender prints when it closes, e.g. {@code ws: 400 connections
     * opened, 200 reconnects, 3 pings resent}.
     *
     * @return empty for any other line
     */
    static Optional<Connections> parse(String line) {
        Matcher opened = OPENED.matcher(line);
        Matcher reconnects = RECONNECTS.matcher(line);
        Matcher resent = RESENT.matcher(line);
        if (!opened.find() || !reconnects.find() || !resent.find()) {
            return Optional.empty();
        }
        return Optional.of(new Connections(Long.parseLong(opened.group(1)), Long.parseLong(reconnects.group(1)),
                Long.parseLong(resent.group(1))));
    }
}
