package io.gatescope.ingest.event;

/**
 * One parsed log line: what a gateway wrote, typed. A parser never throws; a line it cannot read
 * becomes a {@link Rejection}.
 */
public sealed interface LogEvent
        permits AccessEvent, ErrorEvent, HealthEvent, IgnoredLine, Rejection, UpstreamEvent {

    /** Event time in epoch milliseconds, taken from the line itself. */
    long timeMillis();

    /** Where the line came from: a file path, a shipper's path, or a Kafka key. */
    String source();

    /** The line as it was read, for evidence. */
    String raw();
}
