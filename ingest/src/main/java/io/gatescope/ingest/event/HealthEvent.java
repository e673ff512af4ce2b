package io.gatescope.ingest.event;

/**
 * A health-check state change a gateway logged, such as HAProxy's {@code Server be/srv is DOWN} or
 * {@code backend be has no server available!}.
 *
 * @param server the server, or "" for a backend-wide event
 */
public record HealthEvent(
        long timeMillis,
        GatewayKind gateway,
        String backend,
        String server,
        HealthState state,
        String reason,
        String source,
        String raw)
        implements LogEvent {

    /** What the health check concluded. */
    public enum HealthState {
        UP,
        DOWN,
        NO_SERVER_AVAILABLE
    }
}
