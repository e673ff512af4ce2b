package io.gatescope.analyzer.explain;

import io.gatescope.analyzer.classify.ErrorLineClassifier;
import io.gatescope.analyzer.classify.RequestClassifier;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.HealthEvent;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.redact.SecretRedactor;
import java.util.Locale;
import java.util.Set;

/** Reads one recognised line into its row of the answer and its clue to the causes. */
final class LineReadings {

    /** Writers of platform lines; every other upstream writer is the application's server. */
    private static final Set<String> PLATFORM =
            Set.of(
                    "kernel",
                    "systemd",
                    "kubernetes",
                    "kubelet",
                    "containerd",
                    "docker",
                    "journald");

    private LineReadings() {}

    /** A line and its clue (null when it shows no gateway failure). */
    record Read(LineReading reading, Clue clue) {}

    static Read of(String verbatim, LogEvent e, String how) {
        String cut = how.equals("as pasted") ? "" : " (read " + how + ")";
        if (e instanceof AccessEvent a) {
            return access(verbatim, a, cut);
        }
        if (e instanceof ErrorEvent err) {
            return error(verbatim, err, cut);
        }
        if (e instanceof HealthEvent h) {
            FailureClass c =
                    h.state() == HealthEvent.HealthState.UP ? null : FailureClass.PEER_MARKED_DOWN;
            String peer = h.server().isEmpty() ? h.backend() : h.backend() + "/" + h.server();
            String note =
                    h.state() == HealthEvent.HealthState.UP
                            ? "the health check found " + peer + " up again"
                            : "the health check took "
                                    + peer
                                    + " out"
                                    + (h.reason().isEmpty() ? "" : " (" + h.reason() + ")")
                                    + ": requests to it get 503 until it passes again";
            return new Read(
                    new LineReading(
                            verbatim,
                            source(h.gateway()),
                            null,
                            (c == null ? null : c.proxyStatus()),
                            peer,
                            note + cut),
                    clue(c, -1, false, h.gateway(), "health check: server is DOWN", peer));
        }
        if (e instanceof UpstreamEvent u) {
            String src = PLATFORM.contains(u.software()) ? "platform" : "upstream";
            String note =
                    u.software()
                            + ": "
                            + signalWords(u.signal())
                            + (u.subject().isEmpty() ? "" : " (" + u.subject() + ")");
            return new Read(new LineReading(verbatim, src, null, null, null, note + cut), null);
        }
        if (e instanceof IgnoredLine i) {
            return new Read(
                    new LineReading(
                            verbatim,
                            ignoredSource(i.what()),
                            null,
                            null,
                            null,
                            ignoredNote(i.what()) + cut),
                    null);
        }
        return new Read(
                new LineReading(
                        verbatim,
                        "unknown",
                        null,
                        null,
                        null,
                        "not recognised as a line of a gateway, an upstream server or the platform"),
                null);
    }

    private static Read access(String verbatim, AccessEvent a, String cut) {
        boolean gatewayError = RequestClassifier.isGatewayError(a);
        FailureClass c = gatewayError ? RequestClassifier.classify(a, null) : null;
        UpstreamTry last = a.lastTry();
        double t = last == null ? -1 : last.responseTime();
        String peer =
                last != null && RequestClassifier.isPeer(a.gateway(), last.address())
                        ? last.address()
                        : "";
        StringBuilder note = new StringBuilder();
        note.append(name(a.gateway())).append(" answered ").append(a.status());
        if (!a.method().isEmpty()) {
            note.append(" to ")
                    .append(a.method())
                    .append(' ')
                    .append(SecretRedactor.redact(a.uri()));
        }
        if (!peer.isEmpty()) {
            note.append(", upstream ").append(peer);
            if (last.status() > 0) {
                note.append(" said ").append(last.status());
            }
        }
        if (UpstreamTry.measured(t)) {
            note.append(String.format(Locale.ROOT, " after %.3f s", t));
        }
        if (c != null) {
            note.append(": ").append(meaning(c, t));
        }
        Read r =
                new Read(
                        new LineReading(
                                verbatim,
                                source(a.gateway()),
                                a.status(),
                                (c == null ? null : c.proxyStatus()),
                                peer.isEmpty() ? null : peer,
                                note + cut),
                        null);
        return c == null
                ? r
                : new Read(
                        r.reading(),
                        clue(
                                c,
                                t,
                                RequestClassifier.asksUpgrade(a),
                                a.gateway(),
                                a.status() + " " + c.description(),
                                peer));
    }

    private static Read error(String verbatim, ErrorEvent e, String cut) {
        FailureClass c = ErrorLineClassifier.classify(e);
        String peer = e.upstreamPeer();
        String src = e.gateway() == GatewayKind.NGINX ? "nginx-error" : source(e.gateway());
        String text = ErrorLineClassifier.evidenceText(e);
        String note = name(e.gateway()) + ": " + text + (c == null ? "" : " — " + meaning(c, -1));
        Integer status = c == null ? null : impliedStatus(c);
        boolean upgrade =
                RequestClassifier.websocketUri(ErrorLineClassifier.requestTarget(e.request()));
        return new Read(
                new LineReading(
                        verbatim,
                        src,
                        status,
                        (c == null ? null : c.proxyStatus()),
                        peer.isEmpty() ? null : peer,
                        SecretRedactor.redact(note) + cut),
                c == null ? null : clue(c, Double.NaN, upgrade, e.gateway(), text, peer));
    }

    private static Clue clue(
            FailureClass c, double t, boolean upgrade, GatewayKind gw, String text, String peer) {
        if (c == null) {
            return null;
        }
        return new Clue(c, ClueWeights.of(c, t, upgrade, gw), SecretRedactor.redact(text), peer);
    }

    /** What the client got when the gateway logged this failure. */
    static int impliedStatus(FailureClass c) {
        return switch (c) {
            case READ_TIMEOUT, CONNECT_TIMEOUT, QUEUE_TIMEOUT -> 504;
            default -> 502;
        };
    }

    static String source(GatewayKind g) {
        return switch (g) {
            case NGINX -> "nginx-access";
            case ALB -> "alb";
            case ELB -> "elb";
            case HAPROXY -> "haproxy";
            case ENVOY -> "envoy";
            case TRAEFIK -> "traefik";
            case CADDY -> "caddy";
        };
    }

    private static String name(GatewayKind g) {
        return switch (g) {
            case NGINX -> "nginx";
            case ALB -> "the ALB";
            case ELB -> "the ELB";
            case HAPROXY -> "HAProxy";
            case ENVOY -> "Envoy";
            case TRAEFIK -> "Traefik";
            case CADDY -> "Caddy";
        };
    }

    private static String ignoredSource(String what) {
        if (what.startsWith("haproxy")) {
            return "haproxy";
        }
        if (what.startsWith("alb")) {
            return "alb";
        }
        if (what.startsWith("elb") || what.startsWith("nlb")) {
            return "elb";
        }
        if (what.startsWith("envoy")) {
            return "envoy";
        }
        if (what.equals("traefik") || what.equals("caddy") || what.equals("platform")) {
            return what;
        }
        return what.equals("controller") ? "nginx-error" : "unknown";
    }

    private static String ignoredNote(String what) {
        if (what.startsWith("haproxy-client:")) {
            return "a client's connection failed at HAProxy ("
                    + what.substring("haproxy-client:".length())
                    + "): the client's side, not the upstream's";
        }
        if (what.endsWith("-connection")) {
            return "a load balancer's connection record: no request, no upstream answer";
        }
        return "a line of the gateway's own about itself (" + what + "), not about a request";
    }

    private static String signalWords(UpstreamEvent.Signal s) {
        return switch (s) {
            case OOM_KILL -> "a process was killed for memory";
            case CRASH -> "a process or worker died";
            case POOL_FULL -> "every worker was busy (or the listen queue was full)";
            case WORKER_TIMEOUT -> "a worker was killed for running past its time limit";
            case STOPPING -> "a process or container was being stopped";
            case STARTED -> "a process or container started";
            case PROBE_FAILED -> "a health probe failed";
            case CRASH_LOOP -> "the platform keeps restarting it";
            case NODE_DOWN -> "the machine under it failed";
            case NOTE -> "a routine line; nothing went wrong";
        };
    }

    /** What a failure of this signature means, in words. */
    static String meaning(FailureClass c, double seconds) {
        return switch (c) {
            case CONNECT_REFUSED ->
                    "the connection was refused: nothing listened on that address and port";
            case NO_LIVE_UPSTREAMS ->
                    "no peer was left to try: every peer had been marked failed before";
            case PEER_MARKED_DOWN -> "the peer was taken out of rotation after failing";
            case CONNECT_UNREACHABLE ->
                    "the peer's address could not be reached (no route, network unreachable)";
            case CONNECT_TIMEOUT ->
                    "the connect got no answer in time (a firewall dropping, a host gone, a full backlog)";
            case CONNECT_FAILED -> "the connect to the peer never completed";
            case BACKLOG_FULL -> "the peer's listen queue was full";
            case CLOSED_FAST ->
                    "the peer closed or reset the connection before sending a response header"
                            + (seconds >= 0 ? " almost at once" : "");
            case CLOSED_SLOW ->
                    String.format(
                            Locale.ROOT,
                            "the peer closed the connection after %.1f s without answering%s",
                            seconds,
                            ClueWeights.round(seconds)
                                    ? " — a round number: a timeout killed it"
                                    : "");
            case TARGET_CLOSED ->
                    "the target closed or reset the connection (the load balancer logs no target time)";
            case READ_TIMEOUT -> "the peer sent no response header before the proxy's read timeout";
            case QUEUE_TIMEOUT ->
                    "the request waited in the proxy's queue for a free server until it timed out";
            case HEADER_TOO_BIG -> "the response header did not fit the proxy's buffers";
            case INVALID_RESPONSE -> "the peer's response was not valid HTTP for the proxy";
            case TLS_CERTIFICATE -> "the peer's certificate was rejected";
            case TLS_HANDSHAKE -> "the TLS handshake with the peer failed";
            case DNS -> "the upstream's name did not resolve";
            case WS_UPGRADE_FAILED -> "a WebSocket handshake was not answered with 101";
            case WS_IDLE_TIMEOUT -> "an open WebSocket was cut by the proxy's idle timeout";
            case PROXY_LIMIT ->
                    "the proxy ran out of a resource of its own (ports, descriptors, connections)";
            case UPSTREAM_ANSWERED_ERROR ->
                    "the upstream itself answered with this status; the proxy passed it on";
            case UNCLASSIFIED -> "a gateway error; this line alone does not say why";
        };
    }
}
