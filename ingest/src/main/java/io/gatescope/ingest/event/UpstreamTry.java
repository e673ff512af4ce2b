package io.gatescope.ingest.event;

/**
 * One attempt of the proxy to reach a peer. nginx writes one per entry of {@code $upstream_addr};
 * ALB and HAProxy write exactly one. Times are in seconds, {@code NaN} where the log says "-" (the
 * phase was never reached).
 *
 * @param address peer as {@code host:port}, a unix socket, or an upstream group name
 * @param status the peer's status, or -1 when it sent none
 */
public record UpstreamTry(
        String address, int status, double connectTime, double headerTime, double responseTime) {

    /** The time of a phase the log format does not record. */
    public static final double NOT_LOGGED = -1.0;

    /** True when the phase's time is recorded by the format and says the phase was not reached. */
    public static boolean notReached(double time) {
        return Double.isNaN(time);
    }

    /** True when the format recorded a time for the phase. */
    public static boolean measured(double time) {
        return time >= 0;
    }
}
