package io.gatescope.analyzer.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.gatescope.analyzer.dimensions.DimensionSample;
import io.gatescope.analyzer.dimensions.RequestDimensions;
import io.gatescope.analyzer.wire.StepStatsSerializer;
import io.gatescope.ingest.event.AccessEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Everything gatescope knows about one service during one time step: traffic, gateway errors by
 * signature, per-peer failures, upstream latency, evidence texts and a few example lines. Steps
 * merge into windows (an incident, a baseline). Mutable, so that Flink keeps it in state without
 * copies; maps are bounded so that a flood of peers or messages cannot grow it. It travels with
 * {@link StepStatsSerializer}.
 */
@TypeInfo(StepStatsSerializer.Factory.class)
public class StepStats {

    static final int MAX_KEYS = 64;
    static final int MAX_EXAMPLES = 3;
    static final int MAX_ORIGINS = 8;

    /** Separates the failure class from the text in {@link #evidence} keys. */
    public static final String EVIDENCE_SEPARATOR = "|";

    public String service = "";
    public String gateway = "";
    public long stepStart;
    public long stepMillis;
    public long requests;
    public long errors;
    public long errorLines;
    public long firstLine = Long.MAX_VALUE;
    public long lastLine = Long.MIN_VALUE;
    public long status502;
    public long status503;
    public long status504;
    public long otherServerErrors;
    public long hiddenFailures;
    public long upgrades;
    public long upgradeFailures;
    public long firstError = Long.MAX_VALUE;
    public long lastError = Long.MIN_VALUE;
    public long firstSeen = Long.MAX_VALUE;
    public long lastSeen = Long.MIN_VALUE;
    public Map<String, Long> classCounts = new HashMap<>();
    public Map<String, Long> peerErrors = new HashMap<>();
    public Map<String, Long> peerRequests = new HashMap<>();
    public Map<String, Long> evidence = new HashMap<>();
    public Map<String, Long> sessionSeconds = new HashMap<>();
    public Map<String, List<String>> examples = new HashMap<>();

    /** The machines the failing gateway lines came from ({@link Observation#origin}), few. */
    public Map<String, Long> origins = new HashMap<>();

    /**
     * A sample of the step's failing requests (gateway errors), for the incident's dimensions. Not
     * part of a timeline point's JSON: it serves the incident's analysis only.
     */
    @JsonIgnore public DimensionSample failingSample = new DimensionSample();

    /**
     * A sample of all the step's requests ({@link DimensionSample#REQUEST_CEILING}), the baseline
     * the failing ones are compared with.
     */
    @JsonIgnore public DimensionSample requestSample = DimensionSample.ofRequests();

    public LatencyHistogram upstream = new LatencyHistogram();
    public LatencyHistogram failedUpstream = new LatencyHistogram();

    /**
     * A snapshot of a step still filling, with failures only (streaming's early warning): never a
     * timeline point, never merged into a baseline.
     */
    public boolean provisional;

    /**
     * A count of lines of this step that arrived after it was decided ({@link #lateLines}, of them
     * {@link #lateErrorLines} error-log lines): never a timeline point, only added to the incident
     * whose window holds the step.
     */
    public boolean late;

    public long lateLines;
    public long lateErrorLines;

    public StepStats() {}

    public StepStats(String service, long stepStart, long stepMillis) {
        this.service = service;
        this.stepStart = stepStart;
        this.stepMillis = stepMillis;
    }

    /** Adds one observation. */
    public void add(Observation o) {
        if (o.kind() == Observation.Kind.REQUEST) {
            countRequest(
                    o.timeMillis(),
                    o.gateway(),
                    o.peer(),
                    o.status(),
                    o.upstreamMillis(),
                    o.upgrade(),
                    o.sessionSeconds());
            addFailure(o);
            if (o.dims() != null) {
                requestSample.offer(o.lineHash(), o.dims());
                if (o.gatewayError()) {
                    failingSample.offer(o.lineHash(), o.dims());
                }
            }
        } else {
            seen(o.timeMillis(), o.gateway());
            if (o.failure() != null) {
                addErrorLine(o);
            }
        }
        if (!o.evidence().isEmpty() && o.failure() != null) {
            bump(evidence, o.failure().name() + EVIDENCE_SEPARATOR + o.evidence(), 1);
        }
        if (o.example() != null && o.failure() != null) {
            addExample(o.failure().name(), o.timeMillis(), o.example());
        }
        if (o.failure() != null
                && !o.origin().isEmpty()
                && (origins.size() < MAX_ORIGINS || origins.containsKey(o.origin()))) {
            origins.merge(o.origin(), 1L, Long::sum);
        }
    }

    /** An error line no request claimed, or a health event: evidence, not a client error. */
    private void addErrorLine(Observation o) {
        errorLines++;
        firstLine = Math.min(firstLine, o.timeMillis());
        lastLine = Math.max(lastLine, o.timeMillis());
        if (o.failure() == FailureClass.WS_IDLE_TIMEOUT) {
            // An upgraded session cut by the proxy's idle timeout never shows as a 502 in the
            // access log (it ends as a 101): the error line is the failure itself.
            errors++;
            firstError = Math.min(firstError, o.timeMillis());
            lastError = Math.max(lastError, o.timeMillis());
        }
        bump(classCounts, o.failure().name(), 1);
        if (!o.peer().isEmpty()) {
            bump(peerErrors, o.peer(), 1);
        }
    }

    private void seen(long time, String gw) {
        firstSeen = Math.min(firstSeen, time);
        lastSeen = Math.max(lastSeen, time);
        if (!gw.isEmpty()) {
            gateway = gw;
        }
    }

    /**
     * Counts a request's traffic: what every request adds, failed or not. A request that did not
     * fail adds nothing else, so the parser's fast path counts healthy requests with this alone.
     *
     * @param peer the peer that answered, "" when none
     * @param upstreamMillis the peer's response time, -1 when not measured
     * @param sessionSeconds how long a 101 WebSocket session lasted, 0 when unknown
     */
    public void countRequest(
            long time,
            String gw,
            String peer,
            int status,
            long upstreamMillis,
            boolean upgrade,
            double sessionSeconds) {
        seen(time, gw);
        requests++;
        if (!peer.isEmpty()) {
            bump(peerRequests, peer, 1);
        }
        if (upstreamMillis >= 0) {
            upstream.record(upstreamMillis);
        }
        switch (status) {
            case 502 -> status502++;
            case 503 -> status503++;
            case 504 -> status504++;
            default -> {
                if (status >= 500) {
                    otherServerErrors++;
                }
            }
        }
        if (upgrade) {
            upgrades++;
            if (status == 101 && sessionSeconds >= 1) {
                bump(this.sessionSeconds, Long.toString(Math.round(sessionSeconds)), 1);
            } else if (status != 101) {
                upgradeFailures++;
            }
        }
    }

    private void addFailure(Observation o) {
        if (o.gatewayError()) {
            errors++;
            firstError = Math.min(firstError, o.timeMillis());
            lastError = Math.max(lastError, o.timeMillis());
            if (o.upstreamMillis() >= 0) {
                failedUpstream.record(o.upstreamMillis());
            }
            if (o.failure() != null) {
                bump(classCounts, o.failure().name(), 1);
            }
        }
        List<String> failed = o.failedPeers();
        for (int i = 0; i < failed.size(); i++) {
            bump(peerErrors, failed.get(i), 1);
            if (i < failed.size() - 1 || !o.gatewayError()) {
                hiddenFailures++;
            }
        }
    }

    /**
     * Offers a request that went well to the request sample; its values are read only when the
     * sample takes it (callers on a hot path check {@link DimensionSample#wants} before parsing).
     */
    public void sampleRequest(long lineHash, AccessEvent a) {
        if (requestSample.wants(lineHash)) {
            requestSample.offer(lineHash, RequestDimensions.of(a));
        }
    }

    /** Adds another step's (or window's) numbers to this one. */
    public void merge(StepStats o) {
        if (gateway.isEmpty()) {
            gateway = o.gateway;
        }
        requests += o.requests;
        errors += o.errors;
        errorLines += o.errorLines;
        firstLine = Math.min(firstLine, o.firstLine);
        lastLine = Math.max(lastLine, o.lastLine);
        status502 += o.status502;
        status503 += o.status503;
        status504 += o.status504;
        otherServerErrors += o.otherServerErrors;
        hiddenFailures += o.hiddenFailures;
        upgrades += o.upgrades;
        upgradeFailures += o.upgradeFailures;
        firstError = Math.min(firstError, o.firstError);
        lastError = Math.max(lastError, o.lastError);
        firstSeen = Math.min(firstSeen, o.firstSeen);
        lastSeen = Math.max(lastSeen, o.lastSeen);
        o.classCounts.forEach((k, v) -> bump(classCounts, k, v));
        o.peerErrors.forEach((k, v) -> bump(peerErrors, k, v));
        o.peerRequests.forEach((k, v) -> bump(peerRequests, k, v));
        o.evidence.forEach((k, v) -> bump(evidence, k, v));
        o.sessionSeconds.forEach((k, v) -> bump(sessionSeconds, k, v));
        o.examples.forEach((k, list) -> list.forEach(line -> addExample(k, 0, line)));
        upstream.merge(o.upstream);
        failedUpstream.merge(o.failedUpstream);
        failingSample.merge(o.failingSample);
        requestSample.merge(o.requestSample);
        lateLines += o.lateLines;
        lateErrorLines += o.lateErrorLines;
        o.origins.forEach(
                (k, v) -> {
                    if (origins.size() < MAX_ORIGINS || origins.containsKey(k)) {
                        origins.merge(k, v, Long::sum);
                    }
                });
    }

    /**
     * For a step in which the service served no logged request at all (only its error log, or
     * health checks, reached us), the failure lines are the only sign of trouble: count them as its
     * gateway errors so that such an outage is still detected.
     */
    public void promoteErrorLinesWhenNoRequests() {
        if (requests == 0 && errors == 0 && errorLines > 0) {
            errors = errorLines;
            firstError = firstLine;
            lastError = lastLine;
        }
    }

    /** A deep copy. */
    public StepStats copy() {
        StepStats c = new StepStats(service, stepStart, stepMillis);
        c.merge(this);
        return c;
    }

    /** How many gateway errors (or unclaimed error lines) had this signature. */
    public long count(FailureClass c) {
        return classCounts.getOrDefault(c.name(), 0L);
    }

    /** Total of the signature counts. */
    public long classified() {
        long n = 0;
        for (long v : classCounts.values()) {
            n += v;
        }
        return n;
    }

    private void addExample(String cls, long time, String line) {
        // Keep the smallest lines: lines start with their time, so these are the earliest, and the
        // choice does not depend on the order in which parallel subtasks deliver them.
        List<String> list = examples.computeIfAbsent(cls, k -> new ArrayList<>(MAX_EXAMPLES));
        if (list.contains(line)) {
            return;
        }
        if (list.size() < MAX_EXAMPLES) {
            list.add(line);
        } else if (line.compareTo(list.get(MAX_EXAMPLES - 1)) < 0) {
            list.set(MAX_EXAMPLES - 1, line);
        } else {
            return;
        }
        list.sort(null);
    }

    private static void bump(Map<String, Long> map, String key, long by) {
        Long v = map.get(key);
        if (v != null) {
            map.put(key, v + by);
        } else if (map.size() < MAX_KEYS) {
            map.put(key, by);
        }
    }
}
