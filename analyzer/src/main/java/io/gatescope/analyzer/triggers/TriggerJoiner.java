package io.gatescope.analyzer.triggers;

import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.wire.LogEventSerializer;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.UpstreamEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins the upstream's side to the incidents: upstream and platform lines are broadcast to every
 * instance and kept (bounded); each incident version, keyed by service, is kept as the detector
 * made it and emitted enriched ({@link IncidentEnricher}); a line that comes later re-emits the
 * incidents whose time it falls in. The last version of every incident is thus the same function of
 * the same lines whatever order incidents and lines arrived in: live equals batch, and late
 * upstream evidence updates an incident under its id. Timeline steps pass through.
 */
public class TriggerJoiner
        extends KeyedBroadcastProcessFunction<String, Finding, LogEvent, Finding> {

    /**
     * The upstream lines, by what identifies them (a repeated Kubernetes event replaces itself).
     */
    public static final MapStateDescriptor<String, LogEvent> EVENTS =
            new MapStateDescriptor<>("upstream-events", Types.STRING, LogEventSerializer.TYPE);

    /**
     * What the lines said about who is who ({@link PeerIdentities}), beyond any incident's time.
     */
    public static final MapStateDescriptor<String, String> IDENTITIES =
            new MapStateDescriptor<>("peer-identities", Types.STRING, Types.STRING);

    private static final String SIZE = "#size";

    /** Lines kept at most; the oldest (by their own time, so that all instances agree) go first. */
    static final int MAX_EVENTS = 20_000;

    /** Machines remembered per service for its gateway lines. */
    static final int MAX_ORIGINS = 8;

    /** Incidents kept per service to re-enrich; older ones are final. */
    static final int MAX_INCIDENTS = 16;

    private final Map<String, String> hosts;
    private transient MapState<String, Incident> incidents;
    // The hash of the version last sent per incident, so that a line that changes nothing sends
    // nothing (a busy upstream log would otherwise re-send each incident of its time per line).
    private transient MapState<String, Integer> emitted;
    // The machines the service's gateway lines came from (steps say): an upstream on a unix
    // socket or loopback runs there.
    private transient MapState<String, Long> origins;
    private transient UpstreamJoin join;
    private transient int sincePrune;

    /**
     * @param hosts {@code --hosts}: address to machine name
     */
    public TriggerJoiner(Map<String, String> hosts) {
        this.hosts = new HashMap<>(hosts);
    }

    /** The key findings are sent by: their service. */
    public static String key(Finding f) {
        return f.incident() != null ? f.incident().service() : f.step().service;
    }

    private static MapStateDescriptor<String, Long> originsDescriptor() {
        return new MapStateDescriptor<>("gateway-origins", Types.STRING, Types.LONG);
    }

    private static MapStateDescriptor<String, Incident> incidentsDescriptor() {
        return new MapStateDescriptor<>(
                "incidents-as-detected", Types.STRING, TypeInformation.of(Incident.class));
    }

    @Override
    public void open(OpenContext ctx) {
        incidents = getRuntimeContext().getMapState(incidentsDescriptor());
        origins = getRuntimeContext().getMapState(originsDescriptor());
        emitted =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "incidents-sent", Types.STRING, Types.INT));
        join = new UpstreamJoin(hosts);
    }

    @Override
    public void processElement(Finding f, ReadOnlyContext ctx, Collector<Finding> out)
            throws Exception {
        Incident i = f.incident();
        if (i == null) {
            for (Map.Entry<String, Long> o : f.step().origins.entrySet()) {
                if (origins.contains(o.getKey()) || count(origins) < MAX_ORIGINS) {
                    origins.put(o.getKey(), o.getValue());
                }
            }
            out.collect(f);
            return;
        }
        if (Incident.RETRACTED.equals(i.status())) {
            incidents.remove(i.id());
            emitted.remove(i.id());
            out.collect(f);
            return;
        }
        incidents.put(i.id(), i);
        bound();
        Incident enriched =
                IncidentEnricher.enrich(
                        i,
                        around(i, ctx.getBroadcastState(EVENTS)),
                        join.at(hosts(origins), identities(ctx.getBroadcastState(IDENTITIES))));
        emitted.put(i.id(), enriched.hashCode());
        out.collect(Finding.of(enriched));
    }

    private static PeerIdentities identities(ReadOnlyBroadcastState<String, String> state)
            throws Exception {
        return new PeerIdentities(
                k -> {
                    try {
                        return state.get(k);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                state.immutableEntries());
    }

    private static java.util.Set<String> hosts(MapState<String, Long> origins) throws Exception {
        java.util.Set<String> out = new java.util.TreeSet<>();
        origins.keys().forEach(out::add);
        return out;
    }

    private static int count(MapState<String, Long> m) throws Exception {
        int n = 0;
        for (String ignored : m.keys()) {
            n++;
        }
        return n;
    }

    @Override
    public void processBroadcastElement(LogEvent e, Context ctx, Collector<Finding> out)
            throws Exception {
        if (!(e instanceof UpstreamEvent u)) {
            return;
        }
        BroadcastState<String, LogEvent> events = ctx.getBroadcastState(EVENTS);
        boolean learnt = learn(u, ctx.getBroadcastState(IDENTITIES));
        if (u.signal() == UpstreamEvent.Signal.NOTE && u.software().equals("kubernetes")) {
            // A pod's status or a routine event: who is who, learnt above; nothing to keep.
            if (learnt) {
                reenrich(ctx, events, u, true, out);
            }
            return;
        }
        String key = key(u);
        LogEvent had = events.get(key);
        if (had instanceof UpstreamEvent h && !replaces(u, h)) {
            if (!learnt) {
                return; // an older report of the same event, or a routine line of a kept minute
            }
        } else {
            events.put(key, u);
        }
        if (++sincePrune >= 1000) {
            sincePrune = 0;
            prune(events);
        }
        reenrich(ctx, events, u, learnt, out);
    }

    /**
     * Sends again the kept incidents the line may change (all of them when it taught who is who).
     */
    private void reenrich(
            Context ctx,
            BroadcastState<String, LogEvent> events,
            UpstreamEvent u,
            boolean learnt,
            Collector<Finding> out)
            throws Exception {
        java.util.Map<String, java.util.Set<String>> gatewayHosts = new HashMap<>();
        ctx.applyToKeyedState(
                originsDescriptor(), (service, state) -> gatewayHosts.put(service, hosts(state)));
        PeerIdentities known = identities(ctx.getBroadcastState(IDENTITIES));
        ctx.applyToKeyedState(
                incidentsDescriptor(),
                (service, state) -> {
                    UpstreamJoin at =
                            join.at(gatewayHosts.getOrDefault(service, java.util.Set.of()), known);
                    for (Incident i : state.values()) {
                        // Who is who holds beyond the line's time: every kept incident may join.
                        if (learnt || UpstreamJoin.inWindow(i, u.timeMillis())) {
                            Incident enriched = IncidentEnricher.enrich(i, around(i, events), at);
                            // The key's state is current here (the backend sets it per key):
                            // a version that says nothing new is not sent again.
                            Integer last = emitted.get(i.id());
                            if (last == null || last != enriched.hashCode()) {
                                emitted.put(i.id(), enriched.hashCode());
                                out.collect(Finding.of(enriched));
                            }
                        }
                    }
                });
    }

    /**
     * What a line is kept under: a Kubernetes event by its id (its count rises), a routine line (a
     * server or unit started, a line that says nothing went wrong) by its log, machine and minute,
     * so that a busy log keeps one per minute and the ones that say something all.
     */
    static String key(UpstreamEvent u) {
        if (u.signal() == UpstreamEvent.Signal.NOTE || u.signal() == UpstreamEvent.Signal.STARTED) {
            return "minute|"
                    + u.signal()
                    + "|"
                    + u.source()
                    + "|"
                    + u.origin().host()
                    + "|"
                    + u.origin().pod()
                    + "|"
                    + Math.floorDiv(u.timeMillis(), 60_000);
        }
        if (!u.id().isEmpty()) {
            return "id|" + u.id();
        }
        return u.timeMillis() + "|" + u.raw();
    }

    /**
     * Whether a line takes the place of the one kept under its key: the higher count of an event,
     * else the earliest line of a minute, so that what is kept is the same in any arrival order.
     */
    static boolean replaces(UpstreamEvent u, UpstreamEvent kept) {
        if (u.count() != kept.count()) {
            return u.count() > kept.count();
        }
        if (u.timeMillis() != kept.timeMillis()) {
            return u.timeMillis() < kept.timeMillis();
        }
        return u.raw().compareTo(kept.raw()) < 0;
    }

    /** Merges what the line says about who is who; whether anything new was learnt. */
    private static boolean learn(UpstreamEvent u, BroadcastState<String, String> known)
            throws Exception {
        boolean changed = false;
        for (Map.Entry<String, String> k : PeerIdentities.learn(u)) {
            String had = known.get(k.getKey());
            // The number kept is kept with them (under a key no identity has), so that
            // bounding costs nothing per line.
            String n = known.get(SIZE);
            int size = n == null ? 0 : Integer.parseInt(n);
            if (had == null && size >= PeerIdentities.MAX) {
                continue; // bounded: what is known first stays
            }
            String now = PeerIdentities.merge(had, k.getValue());
            if (!now.equals(had)) {
                known.put(k.getKey(), now);
                if (had == null) {
                    known.put(SIZE, Integer.toString(size + 1));
                }
                changed = true;
            }
        }
        return changed;
    }

    /** The lines whose time could explain the incident. */
    private static List<UpstreamEvent> around(
            Incident i, ReadOnlyBroadcastState<String, LogEvent> events) throws Exception {
        List<UpstreamEvent> out = new ArrayList<>();
        for (Map.Entry<String, LogEvent> e : events.immutableEntries()) {
            if (e.getValue() instanceof UpstreamEvent u
                    && UpstreamJoin.inWindow(i, u.timeMillis())) {
                out.add(u);
            }
        }
        return out;
    }

    /** Keeps the lines bounded: past the limit, the oldest by their own time go. */
    private static void prune(BroadcastState<String, LogEvent> events) throws Exception {
        int n = 0;
        for (Map.Entry<String, LogEvent> ignored : events.entries()) {
            if (++n > MAX_EVENTS) {
                break;
            }
        }
        if (n <= MAX_EVENTS) {
            return;
        }
        List<Map.Entry<String, LogEvent>> all = new ArrayList<>();
        events.entries().forEach(all::add);
        all.sort(
                (a, b) ->
                        a.getValue().timeMillis() != b.getValue().timeMillis()
                                ? Long.compare(a.getValue().timeMillis(), b.getValue().timeMillis())
                                : a.getKey().compareTo(b.getKey()));
        for (int k = 0; k < all.size() - MAX_EVENTS * 9 / 10; k++) {
            events.remove(all.get(k).getKey());
        }
    }

    /** Keeps the incidents of a service bounded: the ones that started first go. */
    private void bound() throws Exception {
        List<Incident> all = new ArrayList<>();
        incidents.values().forEach(all::add);
        if (all.size() <= MAX_INCIDENTS) {
            return;
        }
        all.sort((a, b) -> a.start().compareTo(b.start()));
        for (int k = 0; k < all.size() - MAX_INCIDENTS; k++) {
            incidents.remove(all.get(k).id());
            emitted.remove(all.get(k).id());
        }
    }
}
