package io.gatescope.analyzer.triggers;

import io.gatescope.analyzer.model.Incident;
import io.gatescope.ingest.event.Origin;
import io.gatescope.ingest.event.UpstreamEvent;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether an upstream or platform line concerns an incident's peers, and how: by address (a
 * peer's IP is the machine's or the pod's), by Kubernetes object (ingress-nginx's upstream {@code
 * namespace-service-port} and that namespace's pods of that workload), by host name (a peer named
 * by host, or mapped to one by {@code --hosts}), or as the gateway's own machine (a unix socket or
 * loopback peer, and a line from a local file that names no machine). Time alone never joins: a
 * line of the incident's time that nothing else joins is only "nearby".
 */
public final class UpstreamJoin {

    /**
     * How long before an incident's first step its trigger may come (a rollout, a pool filling).
     */
    public static final long LEAD_MILLIS = 5 * 60_000;

    /** How long after its last step (the restart that ended it). */
    public static final long TAIL_MILLIS = 2 * 60_000;

    // EC2's default host names spell the private address: ip-10-0-3-11.ec2.internal.
    private static final java.util.regex.Pattern EC2_NAME =
            java.util.regex.Pattern.compile(
                    "ip-(\\d{1,3})-(\\d{1,3})-(\\d{1,3})-(\\d{1,3})(?:\\..*)?");

    private final Map<String, String> hosts;
    private final Set<String> gatewayHosts;
    private final PeerIdentities identities;

    /**
     * @param hosts what {@code --hosts} says: address to machine name
     */
    public UpstreamJoin(Map<String, String> hosts) {
        this(hosts, Set.of(), PeerIdentities.NONE);
    }

    private UpstreamJoin(
            Map<String, String> hosts, Set<String> gatewayHosts, PeerIdentities identities) {
        this.hosts = hosts;
        this.gatewayHosts = gatewayHosts;
        this.identities = identities;
    }

    /**
     * The same join for a service whose gateway lines came from these machines, knowing what the
     * upstream's lines said about who is who.
     */
    public UpstreamJoin at(Set<String> gatewayMachines, PeerIdentities known) {
        return new UpstreamJoin(hosts, gatewayMachines, known);
    }

    /** Whether an event's time lies within what can explain the incident. */
    public static boolean inWindow(Incident i, long time) {
        long from = Instant.parse(i.windowFrom()).toEpochMilli() - LEAD_MILLIS;
        long to = Instant.parse(i.windowTo()).toEpochMilli() + TAIL_MILLIS;
        return time >= from && time <= to;
    }

    /** How the event joins the incident ("address 10.0.3.11"...), or null when it does not. */
    public String how(Incident i, UpstreamEvent e) {
        Origin o = e.origin();
        Set<String> targetHosts = new HashSet<>();
        boolean local = !i.targets().isEmpty();
        for (String t : i.targets()) {
            String h = hostOf(t);
            targetHosts.add(h);
            local &= isLocal(t);
        }
        Set<String> addresses = new HashSet<>(identities.addresses(e));
        if (!o.host().isEmpty()) {
            hosts.forEach(
                    (addr, names) -> {
                        if (anyName(names, o.host())) {
                            addresses.add(addr);
                        }
                    });
            java.util.regex.Matcher ec2 = EC2_NAME.matcher(o.host());
            if (ec2.matches()) {
                addresses.add(
                        ec2.group(1)
                                + "."
                                + ec2.group(2)
                                + "."
                                + ec2.group(3)
                                + "."
                                + ec2.group(4));
            }
        }
        for (String a : addresses) {
            // A server's own address with its port (10.0.3.11:8000, unix:/run/app.sock) is the
            // peer itself; a loopback one only then, since every machine has one.
            if (i.targets().contains(a)
                    || !isLocal(a) && !a.startsWith("unix:") && targetHosts.contains(hostOf(a))) {
                return "address " + a;
            }
        }
        if (!o.host().isEmpty()) {
            for (String h : targetHosts) {
                if (sameName(h, o.host()) || anyName(hosts.getOrDefault(h, ""), o.host())) {
                    return "host " + o.host();
                }
            }
        }
        String k8s = kubernetes(i.service(), o);
        if (k8s != null) {
            return k8s;
        }
        if (local && o.pod().isEmpty() && sameMachineAsGateway(e)) {
            return "the gateway's machine";
        }
        return null;
    }

    /**
     * Whether a line that names no other machine was written beside the gateway: the machine it
     * names is the gateway's, or, naming none, its log lies in or beside the gateway's logs' folder
     * ({@code /var/log/php8.2-fpm.log} beside {@code /var/log/nginx/}; a post-mortem's {@code
     * web-1/php-fpm.log} beside {@code web-1/nginx/}). With nothing known of where the gateway's
     * lines came from, it is taken to be.
     */
    private boolean sameMachineAsGateway(UpstreamEvent e) {
        String host = e.origin().host();
        if (!host.isEmpty()) {
            return host.equals("localhost") || gatewayHosts.contains(host);
        }
        String dir = io.gatescope.analyzer.model.Observation.folderOf(e.source());
        boolean anyFolder = false;
        for (String g : gatewayHosts) {
            if (g.startsWith(io.gatescope.analyzer.model.Observation.DIR)) {
                anyFolder = true;
                if (nearFolders(
                        g.substring(io.gatescope.analyzer.model.Observation.DIR.length()), dir)) {
                    return true;
                }
            }
        }
        return !anyFolder && gatewayHosts.isEmpty();
    }

    /**
     * One folder holds the other, or both are a machine's log folders ({@code /var/log/nginx} and
     * {@code /var/log/php-fpm}). Two folders side by side elsewhere are two machines' as often as
     * one's, so they are not taken for one.
     */
    static boolean nearFolders(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.equals(b);
        }
        String p = parent(a);
        String name = p.substring(p.lastIndexOf('/') + 1);
        return a.equals(b)
                || a.startsWith(b + "/")
                || b.startsWith(a + "/")
                || p.equals(parent(b)) && (name.equals("log") || name.equals("logs"));
    }

    private static String parent(String dir) {
        int slash = dir.lastIndexOf('/');
        return slash > 0 ? dir.substring(0, slash) : "";
    }

    /**
     * ingress-nginx names its upstreams {@code namespace-service-port}: the pods of that namespace
     * whose names begin with the service's (a Deployment's pods are {@code
     * service-<replicaset>-<id>}).
     */
    static String kubernetes(String service, Origin o) {
        if (o.namespace().isEmpty() || !service.startsWith(o.namespace() + "-")) {
            return null;
        }
        String rest = service.substring(o.namespace().length() + 1);
        int port = rest.lastIndexOf('-');
        String svc = port > 0 ? rest.substring(0, port) : rest;
        for (String name : List.of(o.pod(), o.workload())) {
            if (!name.isEmpty() && (name.equals(svc) || name.startsWith(svc + "-"))) {
                return "Kubernetes " + o.namespace() + "/" + name;
            }
        }
        return null;
    }

    /** The host of a peer ({@code 10.0.3.11:8080} -> {@code 10.0.3.11}); a name stays a name. */
    static String hostOf(String target) {
        String t = target;
        if (t.startsWith("unix:")) {
            return t;
        }
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            return close > 0 ? t.substring(1, close) : t;
        }
        int colon = t.lastIndexOf(':');
        return colon > 0 && t.indexOf(':') == colon ? t.substring(0, colon) : t;
    }

    /** A unix socket or a loopback address: the upstream runs beside the gateway. */
    static boolean isLocal(String target) {
        String h = hostOf(target).toLowerCase(Locale.ROOT);
        return target.startsWith("unix:")
                || h.startsWith("127.")
                || h.equals("localhost")
                || h.equals("::1");
    }

    /** One of a hosts line's names (space-separated) names the machine. */
    static boolean anyName(String names, String host) {
        for (String n : names.split(" ")) {
            if (sameName(n, host)) {
                return true;
            }
        }
        return false;
    }

    /** {@code app-1} and {@code app-1.internal.example} name the same machine. */
    static boolean sameName(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        if (x.equals(y)) {
            return true;
        }
        if (Character.isDigit(x.charAt(0)) || Character.isDigit(y.charAt(0))) {
            return false; // addresses are compared whole
        }
        int dx = x.indexOf('.');
        int dy = y.indexOf('.');
        return (dx > 0 ? x.substring(0, dx) : x).equals(dy > 0 ? y.substring(0, dy) : y);
    }
}
