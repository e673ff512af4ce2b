package io.gatescope.analyzer.job;

import io.gatescope.analyzer.classify.ErrorLineClassifier;
import io.gatescope.analyzer.classify.Observations;
import io.gatescope.analyzer.classify.RequestClassifier;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Observation;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.event.HealthEvent;
import io.gatescope.ingest.event.LogEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins each failed nginx request with the error-log line that explains it: by {@code $connection}
 * = {@code *CONN} when the access log has it, else by client and request line with the error at or
 * before the request's end. Failed requests wait {@link #JOIN_WAIT_MS} of event time for their
 * error line; error lines no request claims within {@link #ERROR_TTL_MS} become evidence for their
 * upstream on their own. Other events pass straight through. Keyed by the proxy instance, so that
 * an access log and its error log meet.
 */
public class RequestCorrelator extends KeyedProcessFunction<String, LogEvent, Observation> {

    private final String defaultService;

    /**
     * @param defaultService the service of nginx lines that name no Host
     */
    public RequestCorrelator(String defaultService) {
        this.defaultService = defaultService;
    }

    static final long JOIN_WAIT_MS = 2_000;
    static final long ERROR_TTL_MS = 10_000;

    /** The longest a request or an error line is held back before it is emitted. */
    public static final long MAX_HOLD_MS = ERROR_TTL_MS + JOIN_WAIT_MS;

    static final long CLOCK_SLACK_MS = 1_500;

    private transient MapState<Long, List<AccessEvent>> waitingRequests;
    private transient MapState<String, List<ErrorEvent>> errorsByKey;
    private transient MapState<Long, List<ErrorEvent>> errorsByExpiry;
    private transient MapState<String, String> serviceByHost;

    @Override
    public void open(OpenContext ctx) {
        waitingRequests =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "waiting-requests",
                                        Types.LONG,
                                        TypeInformation.of(new TypeHint<List<AccessEvent>>() {})));
        errorsByKey =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "errors-by-key",
                                        Types.STRING,
                                        TypeInformation.of(new TypeHint<List<ErrorEvent>>() {})));
        errorsByExpiry =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "errors-by-expiry",
                                        Types.LONG,
                                        TypeInformation.of(new TypeHint<List<ErrorEvent>>() {})));
        serviceByHost =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "service-by-host", Types.STRING, Types.STRING));
    }

    /**
     * The service a request counts for: what the log names, else "nginx" for an nginx without host.
     */
    public static String serviceName(AccessEvent a, String defaultService) {
        return a.service().isEmpty() ? defaultService : a.service();
    }

    /**
     * The correlation key: one per proxy instance for nginx (and Traefik and Caddy, whose error
     * lines explain their requests the same way), the service for self-describing logs. An instance
     * is the folder its logs lie in (an access log and its error log are written side by side),
     * behind the host that shipped them where the source names one ({@code
     * web-1:/var/log/nginx/access.log}): connection numbers count per instance, so two instances'
     * {@code *CONN} must never meet.
     */
    public static String correlationKey(LogEvent e) {
        if (e instanceof AccessEvent a && !RequestClassifier.needsErrorLine(a)) {
            return a.gateway() + "|" + a.service();
        }
        if (e instanceof HealthEvent h) {
            return h.gateway() + "|" + h.backend();
        }
        return "nginx|" + instanceOf(e.source());
    }

    /**
     * The source up to its file name: {@code web-1:/var/log/nginx/access.log ->
     * web-1:/var/log/nginx}.
     */
    static String instanceOf(String source) {
        int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
        return slash < 0 ? "" : source.substring(0, slash);
    }

    @Override
    public void processElement(LogEvent e, Context ctx, Collector<Observation> out)
            throws Exception {
        if (e instanceof AccessEvent a) {
            String service = serviceOf(a);
            boolean failed =
                    RequestClassifier.isGatewayError(a)
                            || !RequestClassifier.failedPeers(a, false).isEmpty();
            if (!failed || !RequestClassifier.needsErrorLine(a)) {
                out.collect(Observations.ofRequest(a, null, service));
                return;
            }
            long due = a.timeMillis() + JOIN_WAIT_MS;
            List<AccessEvent> list = waitingRequests.get(due);
            if (list == null) {
                list = new ArrayList<>(2);
            }
            list.add(a);
            waitingRequests.put(due, list);
            ctx.timerService().registerEventTimeTimer(due);
        } else if (e instanceof ErrorEvent err) {
            FailureClass c = ErrorLineClassifier.classify(err);
            if (c == null) {
                return;
            }
            for (String k : errorKeys(err)) {
                append(errorsByKey, k, err);
            }
            long expiry = err.timeMillis() + ERROR_TTL_MS;
            append(errorsByExpiry, expiry, err);
            ctx.timerService().registerEventTimeTimer(expiry);
        } else if (e instanceof HealthEvent h) {
            if (h.state() != HealthEvent.HealthState.UP) {
                out.collect(Observations.ofHealth(h));
            }
        }
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Observation> out) throws Exception {
        List<AccessEvent> due = waitingRequests.get(ts);
        if (due != null) {
            waitingRequests.remove(ts);
            for (AccessEvent a : due) {
                ErrorEvent match = claim(a);
                out.collect(Observations.ofRequest(a, match, serviceOf(a)));
            }
        }
        List<ErrorEvent> expired = errorsByExpiry.get(ts);
        if (expired != null) {
            errorsByExpiry.remove(ts);
            for (ErrorEvent err : expired) {
                if (removeEverywhere(err)) {
                    out.collect(
                            Observations.ofErrorLine(
                                    err, ErrorLineClassifier.classify(err), serviceOfError(err)));
                }
            }
        }
    }

    private String serviceOf(AccessEvent a) throws Exception {
        String service = serviceName(a, defaultService);
        if (service.equals(ServiceAdmission.OVERFLOW)) {
            return service; // its hosts are past the bound: not worth remembering one by one
        }
        if (!a.host().isEmpty() && !service.equals(serviceByHost.get(a.host()))) {
            serviceByHost.put(a.host(), service);
        }
        if (a.lastTry() != null && !"-".equals(a.lastTry().address())) {
            String peer = "peer|" + a.lastTry().address();
            if (!service.equals(serviceByHost.get(peer))) {
                serviceByHost.put(peer, service);
            }
        }
        return service;
    }

    private String serviceOfError(ErrorEvent err) throws Exception {
        String byPeer = serviceByHost.get("peer|" + err.upstreamPeer());
        if (byPeer != null) {
            return byPeer;
        }
        String byHost = err.host().isEmpty() ? null : serviceByHost.get(err.host());
        if (byHost != null) {
            return byHost;
        }
        String only = null;
        for (String s : serviceByHost.values()) {
            if (only != null && !only.equals(s)) {
                only = null;
                break;
            }
            only = s;
        }
        if (only != null) {
            return only;
        }
        return err.host().isEmpty() ? defaultService : err.host();
    }

    /** The best unclaimed error line for a request, removed from the buffers; null if none. */
    private ErrorEvent claim(AccessEvent a) throws Exception {
        String key =
                a.connection() >= 0
                        ? "c|" + a.connection()
                        : "r|" + a.client() + "|" + a.requestKey();
        List<ErrorEvent> candidates = errorsByKey.get(key);
        if (candidates == null && a.lastTry() != null) {
            // Traefik's proxy errors name the server, not the request.
            candidates = errorsByKey.get("p|" + a.lastTry().address());
        }
        if (candidates == null) {
            return null;
        }
        double rt = Double.isNaN(a.requestTime()) ? 60 : a.requestTime();
        long earliest = a.timeMillis() - Math.round(rt * 1000) - CLOCK_SLACK_MS;
        long latest = a.timeMillis() + CLOCK_SLACK_MS;
        String lastPeer = a.lastTry() == null ? "" : a.lastTry().address();
        ErrorEvent best = null;
        for (ErrorEvent err : candidates) {
            boolean sameClient =
                    err.client().isEmpty()
                            || a.client().isEmpty()
                            || err.client().equals(a.client());
            if (sameClient
                    && err.timeMillis() >= earliest
                    && err.timeMillis() <= latest
                    && (best == null || better(err, best, a, lastPeer))) {
                best = err;
            }
        }
        if (best != null) {
            removeEverywhere(best);
        }
        return best;
    }

    /**
     * The error line of the peer that gave the final answer explains the request best; then the
     * closest in time; then the smaller line, so that the choice never depends on arrival order.
     */
    private static boolean better(ErrorEvent e, ErrorEvent best, AccessEvent a, String lastPeer) {
        // nginx writes "upstream server temporarily disabled" on the same connection as the
        // error that tripped the peer: the error explains the request, the warning follows it.
        boolean eDisable = ErrorLineClassifier.classify(e) == FailureClass.PEER_MARKED_DOWN;
        boolean bDisable = ErrorLineClassifier.classify(best) == FailureClass.PEER_MARKED_DOWN;
        if (eDisable != bDisable) {
            return bDisable;
        }
        boolean ePeer = e.upstreamPeer().equals(lastPeer);
        boolean bPeer = best.upstreamPeer().equals(lastPeer);
        if (ePeer != bPeer) {
            return ePeer;
        }
        long de = Math.abs(e.timeMillis() - a.timeMillis());
        long db = Math.abs(best.timeMillis() - a.timeMillis());
        return de != db ? de < db : e.raw().compareTo(best.raw()) < 0;
    }

    /** Removes an error line from the lookup buffers; false when it was already claimed. */
    private boolean removeEverywhere(ErrorEvent err) throws Exception {
        boolean found = false;
        for (String k : errorKeys(err)) {
            List<ErrorEvent> list = errorsByKey.get(k);
            if (list != null && list.remove(err)) {
                found = true;
                if (list.isEmpty()) {
                    errorsByKey.remove(k);
                } else {
                    errorsByKey.put(k, list);
                }
            }
        }
        return found;
    }

    private static List<String> errorKeys(ErrorEvent err) {
        List<String> keys = new ArrayList<>(2);
        if (err.connection() >= 0) {
            keys.add("c|" + err.connection());
        }
        String req = err.request();
        int sp = req.lastIndexOf(' ');
        if (sp > 0 && req.indexOf(' ') < sp) {
            req = req.substring(0, sp);
        }
        if (!err.client().isEmpty()) {
            keys.add("r|" + err.client() + "|" + req);
        } else if (err.connection() < 0 && !err.upstreamPeer().isEmpty()) {
            keys.add("p|" + err.upstreamPeer());
        }
        return keys;
    }

    private static <K> void append(MapState<K, List<ErrorEvent>> state, K key, ErrorEvent e)
            throws Exception {
        List<ErrorEvent> list = state.get(key);
        if (list == null) {
            list = new ArrayList<>(1);
        }
        list.add(e);
        state.put(key, list);
    }
}
