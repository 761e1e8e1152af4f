package io.tracking.benchmark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The ratios the issue asks for, between whichever of their figures were measured. */
public final class Ratios {

    private Ratios() {
    }

    /**
     * writer ÷ COPY and writer ÷ seed design (beside the writer's drain rate), ingest ÷ raw producer (beside both
     * ingest throughputs).
     */
    public static List<Ratio> standard(List<Figure> figures) {
        List<Ratio> ratios = new ArrayList<>();
        add(ratios, figures, "writer.drain.rate", "copy.rate", "COPY");
        add(ratios, figures, "writer.drain.rate", "seed.drain.rate", "seed design");
        add(ratios, figures, "ingest.single.rate", "kafka.producer.rate", "raw producer");
        add(ratios, figures, "ingest.batch.rate", "kafka.producer.rate", "raw producer");
        return ratios;
    }

    private static void add(List<Ratio> ratios, List<Figure> figures, String numerator, String denominator,
            String label) {
        Optional<Figure> top = find(figures, numerator);
        Optional<Figure> bottom = find(figures, denominator);
        if (top.isPresent() && bottom.isPresent() && bottom.get().median() != 0) {
            ratios.add(Ratio.between(top.get(), bottom.get(), label));
        }
    }

    private static Optional<Figure> find(List<Figure> figures, String key) {
        return figures.stream().filter(figure -> figure.key().equals(key)).findFirst();
    }
}
