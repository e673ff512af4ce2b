package io.gatescope.analyzer.triggers;

import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the upstream's lines have said about who is who, kept apart from the lines themselves
 * because it holds beyond any one incident's time: the address a server's log announced it listens
 * on (so that its other lines, which name no machine, join by address), a pod's IP and the node it
 * runs on (so that an event about the pod, its Deployment or its node joins the incidents whose
 * peers are the pod). Keys are strings so that the analyzer can keep them in broadcast state;
 * values are unions, so that what is known does not depend on the order it was learnt in.
 */
public final class PeerIdentities {

    /** Identities kept at most. */
    public static final int MAX = 50_000;

    /** Addresses kept per identity. */
    static final int MAX_ADDRESSES = 8;

    /** Nothing known. */
    public static final PeerIdentities NONE = new PeerIdentities(k -> null, List.of());

    private final Function<String, String> get;
    private final Iterable<Map.Entry<String, String>> all;

    /**
     * @param get the value of one key, null when unknown
     * @param all every key and value (walked only for a node's or a workload's pods)
     */
    public PeerIdentities(Function<String, String> get, Iterable<Map.Entry<String, String>> all) {
        this.get = get;
        this.all = all;
    }

    /** What an event teaches: keys and the values to merge into them. */
    public static List<Map.Entry<String, String>> learn(UpstreamEvent e) {
        List<Map.Entry<String, String>> out = new ArrayList<>(2);
        var o = e.origin();
        if (o.pod().isEmpty()) {
            if ((e.signal() == Signal.STARTED || e.signal() == Signal.NOTE)
                    && o.namespace().isEmpty()
                    && !o.addresses().isEmpty()
                    && !e.source().isEmpty()
                    && !e.software().equals("kubernetes")) {
                out.add(Map.entry(sourceKey(e.source()), o.addresses()));
            }
            return out;
        }
        String pod = o.namespace() + "/" + o.pod();
        if (!o.addresses().isEmpty()) {
            out.add(Map.entry("pod|" + pod, o.addresses()));
        }
        if (!o.host().isEmpty()) {
            out.add(Map.entry("node|" + pod, o.host()));
        }
        return out;
    }

    /** A value and another merged: the sorted union, bounded. */
    public static String merge(String had, String more) {
        if (had == null || had.isEmpty()) {
            return more;
        }
        TreeSet<String> set = new TreeSet<>();
        for (String s : (had + "," + more).split(",")) {
            if (!s.isBlank() && set.size() < MAX_ADDRESSES) {
                set.add(s.trim());
            }
        }
        return String.join(",", set);
    }

    static String sourceKey(String source) {
        return "source|" + source;
    }

    /** Every address the event's machine, server or pod is known by. */
    public List<String> addresses(UpstreamEvent e) {
        List<String> out = new ArrayList<>();
        add(out, e.origin().addresses());
        if (!e.source().isEmpty()) {
            add(out, get.apply(sourceKey(e.source())));
        }
        var o = e.origin();
        if (!o.pod().isEmpty()) {
            add(out, get.apply("pod|" + o.namespace() + "/" + o.pod()));
        } else if (!o.workload().isEmpty() && !o.namespace().isEmpty()) {
            podsOf(o.namespace() + "/" + o.workload() + "-", out);
        }
        if (e.signal() == Signal.NODE_DOWN && !o.host().isEmpty()) {
            for (Map.Entry<String, String> k : all) {
                if (k.getKey().startsWith("node|") && k.getValue().equals(o.host())) {
                    add(out, get.apply("pod|" + k.getKey().substring(5)));
                }
            }
        }
        return out;
    }

    // A Deployment's pods are named workload-<replicaset>-<id>, a ReplicaSet's workload-<id>.
    private void podsOf(String prefix, List<String> out) {
        for (Map.Entry<String, String> k : all) {
            if (k.getKey().startsWith("pod|") && k.getKey().startsWith(prefix, 4)) {
                add(out, k.getValue());
            }
        }
    }

    private static void add(List<String> out, String addresses) {
        if (addresses == null) {
            return;
        }
        for (String a : addresses.split(",")) {
            if (!a.isBlank() && !out.contains(a.trim())) {
                out.add(a.trim());
            }
        }
    }
}
