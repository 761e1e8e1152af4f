package io.tracking.writer.partition;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.tracking.writer.BatchWriterProperties;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The daily (UTC) partitions of {@code location_history}, through the functions of migration V1. Remembers which
 * days are known to have a partition, so that a flush only asks the database about a day it has not seen.
 *
 * <p>Partitions are created in their own short transaction, never inside a flush: creating a partition locks
 * the parent table, which would block readers for as long as the flush runs.
 */
public final class HistoryPartitions {

    private final JdbcTemplate jdbc;
    private final long retentionDays;
    private final Set<Long> knownDays = ConcurrentHashMap.newKeySet();

    public HistoryPartitions(JdbcTemplate jdbc, BatchWriterProperties.History history) {
        this.jdbc = jdbc;
        this.retentionDays = history.retention().toDays();
    }

    /** Makes sure every UTC day in {@code epochDays} has a partition; asks the database only for unknown days. */
    public void ensureDays(Set<Long> epochDays) {
        TreeSet<Long> missing = new TreeSet<>();
        for (Long day : epochDays) {
            if (!knownDays.contains(day)) {
                missing.add(day);
            }
        }
        // one call per run of consecutive days
        Long runStart = null;
        Long previous = null;
        for (Long day : missing) {
            if (runStart == null) {
                runStart = day;
            } else if (day != previous + 1) {
                ensure(LocalDate.ofEpochDay(runStart), LocalDate.ofEpochDay(previous));
                runStart = day;
            }
            previous = day;
        }
        if (runStart != null) {
            ensure(LocalDate.ofEpochDay(runStart), LocalDate.ofEpochDay(previous));
        }
    }

    /** Creates the missing partitions of {@code [from, to]}; returns how many were created. */
    public int ensure(LocalDate from, LocalDate to) {
        Integer created = jdbc.queryForObject("SELECT ensure_location_history_partitions(?, ?)", Integer.class,
                from, to);
        for (long day = from.toEpochDay(); day <= to.toEpochDay(); day++) {
            knownDays.add(day);
        }
        return created == null ? 0 : created;
    }

    /** Drops every partition whose whole day lies before {@code day}; returns how many were dropped. */
    public int dropBefore(LocalDate day) {
        long firstKept = day.toEpochDay();
        knownDays.removeIf(known -> known < firstKept);
        Integer dropped = jdbc.queryForObject("SELECT drop_location_history_partitions_before(?)", Integer.class,
                day);
        return dropped == null ? 0 : dropped;
    }

    /** Forgets every known day, for when a write failed in a way a dropped partition could explain. */
    public void forget() {
        knownDays.clear();
    }

    /** The first UTC day still kept at {@code now}: partitions before it are dropped. */
    public LocalDate firstKeptDay(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(retentionDays);
    }

    /** Pings recorded before this instant are past retention at {@code now}. */
    public Instant retentionCutoff(Instant now) {
        return firstKeptDay(now).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
