package io.gatescope.analyzer.model;

/**
 * A value the failing requests of an incident have in common far more often than all requests of
 * its service in the same window (contract section 2, {@code dimensions}).
 *
 * @param field {@code path}, {@code method}, {@code peer}, {@code client}, {@code userAgent},
 *     {@code host}, {@code status} or {@code upstreamTime}
 * @param value the value, a templated path or a time band such as {@code 60.0–60.1 s}
 * @param failing its share of the incident's gateway errors
 * @param baseline its share of all requests of the service in the window
 */
public record Dimension(String field, String value, double failing, double baseline) {}
