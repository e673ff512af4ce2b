package io.gatescope.ingest.event;

/**
 * A line in a known format that says nothing about requests or peers: an ingress-nginx controller
 * message, an HAProxy start-up notice, an nginx error line about a client. Counted as parsed, never
 * as rejected.
 */
public record IgnoredLine(long timeMillis, String what, String source, String raw)
        implements LogEvent {}
