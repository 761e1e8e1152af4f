package io.tracking.simulator.report;

/**
 * Request latency percentiles in milliseconds (from the start of a send to its outcome).
 *
 * @param count requests measured
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max the slowest request
 * @param mean the arithmetic mean
 */
public record Latency(long count, double p50, double p95, double p99, double max, double mean) {
}
