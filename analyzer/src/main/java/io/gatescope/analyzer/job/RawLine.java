package io.gatescope.analyzer.job;

/** A line as read from a file or a Kafka record, with where it came from. */
public record RawLine(String source, String line) {}
