package io.tracking.benchmark.scenario;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query service's latest-position cache counters ({@code tracking.query.latest.cache.lookups} by outcome),
 * read from its Prometheus endpoint: how many reads were answered from memory, read from the database and kept, or
 * read from the database because the cache was not serving.
 */
record CacheLookups(double hits, double misses, double bypasses) {

    private static final Pattern LINE = Pattern.compile(
            "^tracking_query_latest_cache_lookups_total\\{[^}]*outcome=\"(hit|miss|bypass)\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);

    static CacheLookups read(BenchmarkContext context) throws IOException, InterruptedException {
        // the management port asks for no token; the helper sends one anyway
        HttpResponse<String> response = context.http().get(context.stack().query().actuatorUrl() + "/prometheus",
                context.logisticsToken());
        double hits = 0;
        double misses = 0;
        double bypasses = 0;
        Matcher matcher = LINE.matcher(response.body());
        while (matcher.find()) {
            double value = Double.parseDouble(matcher.group(2));
            switch (matcher.group(1)) {
                case "hit" -> hits = value;
                case "miss" -> misses = value;
                default -> bypasses = value;
            }
        }
        return new CacheLookups(hits, misses, bypasses);
    }

    /** What happened between {@code earlier} and this reading, in words. */
    String since(CacheLookups earlier) {
        double hit = hits - earlier.hits;
        double miss = misses - earlier.misses;
        double bypass = bypasses - earlier.bypasses;
        double total = hit + miss + bypass;
        if (total == 0) {
            return "latest-position cache: no lookups counted";
        }
        return String.format(Locale.ROOT, "latest-position cache: %.1f %% of %,.0f reads answered from memory, %.1f %%"
                + " from the database (kept), %.1f %% from the database (cache not serving)", 100 * hit / total,
                total, 100 * miss / total, 100 * bypass / total);
    }
}
