package io.gatescope.ingest.parse;

import io.gatescope.ingest.event.GatewayKind;

/**
 * The {@link AccessView} of a load balancer's line (ALB, HAProxy): one request, at most one target
 * or server tried, so no lists to read. The scanning parser fills it. Not thread-safe.
 */
public final class OneTryView implements AccessView {

    private GatewayKind gateway;
    private long time;
    private int status;
    private double requestTime;
    private boolean upgrade;
    private String service;
    private String peer;
    private double peerTime;

    /**
     * @param peer the target or server, a shared instance; null when none was tried
     * @param peerTime the peer's response time in seconds, NaN when not measured
     */
    public OneTryView set(
            GatewayKind gateway,
            long time,
            int status,
            double requestTime,
            boolean upgrade,
            String service,
            String peer,
            double peerTime) {
        this.gateway = gateway;
        this.time = time;
        this.status = status;
        this.requestTime = requestTime;
        this.upgrade = upgrade;
        this.service = service;
        this.peer = peer;
        this.peerTime = peerTime;
        return this;
    }

    @Override
    public GatewayKind gateway() {
        return gateway;
    }

    @Override
    public long timeMillis() {
        return time;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public double requestTime() {
        return requestTime;
    }

    @Override
    public boolean upgrade() {
        return upgrade;
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public int tryCount() {
        return peer == null ? 0 : 1;
    }

    @Override
    public String lastPeer() {
        return peer;
    }

    @Override
    public double lastResponseTime() {
        return peer == null ? Double.NaN : peerTime;
    }

    @Override
    public boolean failedBeforeLast() {
        return false;
    }
}
