package io.gatescope.ingest.event;

/**
 * What only some gateways write about a request: HAProxy's termination state, queue and connection
 * counts, its {@code bc_err_name}; an ALB's {@code error_reason} and classification. Fields a
 * gateway does not write are null or -1.
 */
public record ProxyDetail(
        String terminationState,
        int queueMillis,
        int serverQueue,
        int backendQueue,
        int backendConnections,
        String errorName,
        String classification) {

    /** The two-letter HAProxy session state, or "" when absent. */
    public String terminationPhase() {
        return terminationState == null || terminationState.length() < 2
                ? ""
                : terminationState.substring(0, 2);
    }
}
