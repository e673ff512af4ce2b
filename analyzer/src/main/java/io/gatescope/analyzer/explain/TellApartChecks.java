package io.gatescope.analyzer.explain;

import static io.gatescope.analyzer.model.CauseCode.KEEPALIVE_RACE;
import static io.gatescope.analyzer.model.CauseCode.NETWORK;
import static io.gatescope.analyzer.model.CauseCode.UPSTREAM_DOWN;
import static io.gatescope.analyzer.model.CauseCode.UPSTREAM_OVERLOAD;
import static io.gatescope.analyzer.model.CauseCode.UPSTREAM_RESTART;

import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.CauseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one look that settles a choice between leading causes: for the pairs that people meet most (a
 * crash or a keep-alive race, a crash or a worker killed at its time limit, a dead host or a
 * firewall), the check that differs between them; for others, the check that confirms the leading
 * cause. Commands name the upstream the lines name, so they can be run as they stand.
 */
final class TellApartChecks {

    /** A check and its command. */
    private record Check(String check, String command) {}

    /** Entries given at most: the leader against each of the next two. */
    static final int MAX = 2;

    private TellApartChecks() {}

    static List<TellApart> of(List<Cause> ranked, String peer, String gateway) {
        List<TellApart> out = new ArrayList<>();
        if (ranked.isEmpty()) {
            return out;
        }
        CauseCode lead = CauseCode.valueOf(ranked.get(0).cause());
        if (ranked.size() == 1) {
            Check c = confirm(lead, peer, gateway);
            out.add(new TellApart(List.of(lead.name()), c.check(), c.command()));
            return out;
        }
        for (int i = 1; i < ranked.size() && out.size() < MAX; i++) {
            CauseCode other = CauseCode.valueOf(ranked.get(i).cause());
            if (other == CauseCode.UNKNOWN) {
                continue;
            }
            Check c = pair(lead, other, peer, gateway);
            out.add(new TellApart(List.of(lead.name(), other.name()), c.check(), c.command()));
        }
        return out;
    }

    private static Check pair(CauseCode a, CauseCode b, String peer, String gateway) {
        Set<CauseCode> p = Set.of(a, b);
        String host = host(peer);
        if (p.equals(Set.of(KEEPALIVE_RACE, UPSTREAM_DOWN))
                || p.equals(Set.of(KEEPALIVE_RACE, UPSTREAM_OVERLOAD))) {
            return new Check(
                    "A keep-alive race fails at once on a reused connection while the upstream"
                            + " stays up; a crash or a killed worker shows in the upstream's own log"
                            + " and in the kernel's. Compare the upstream's keep-alive idle timeout"
                            + " with the proxy's, and look for a kill or a restart at that time.",
                    keepaliveCommand(gateway, peer)
                            + "\nssh "
                            + host
                            + " \"dmesg -T | grep -iE 'killed process|out of memory'; "
                            + "journalctl --since '-2h' | grep -iE 'exited|killed|timeout|started'\"");
        }
        if (p.equals(Set.of(UPSTREAM_DOWN, UPSTREAM_OVERLOAD))) {
            return new Check(
                    "A worker killed at its time limit (gunicorn WORKER TIMEOUT, uWSGI HARAKIRI,"
                            + " php-fpm request_terminate_timeout) dies after a round number of"
                            + " seconds; a crash or an OOM kill comes at any time and shows in dmesg.",
                    "ssh "
                            + host
                            + " \"dmesg -T | grep -iE 'killed process|out of memory'\"\n"
                            + "grep -E 'WORKER TIMEOUT|HARAKIRI|execution timed out|max_children'"
                            + " /var/log/<app>/*.log");
        }
        if (p.equals(Set.of(UPSTREAM_DOWN, UPSTREAM_RESTART))) {
            return new Check(
                    "A restart or rollout fails for seconds per peer and then recovers; a process"
                            + " that is down stays down. Look for a deploy, a restart or a pod"
                            + " replaced at that time.",
                    "kubectl get events -A --sort-by=.lastTimestamp | grep -iE"
                            + " 'Killing|Started|Unhealthy|BackOff|OOM'\n"
                            + "ssh "
                            + host
                            + " \"journalctl --since '-2h' | grep -E 'Stopping|Started|Stopped'\"");
        }
        if (p.contains(NETWORK) && (p.contains(UPSTREAM_DOWN) || p.contains(UPSTREAM_OVERLOAD))) {
            return new Check(
                    "From the proxy's host: a refused or answered connect means the path works"
                            + " (the upstream is down or busy); a timeout or no route means the path"
                            + " (routing, a firewall, a security group) is broken.",
                    "nc -vz -w 3 " + host + " " + port(peer, "80") + "\nip route get " + host);
        }
        Check c = confirm(a, peer, gateway);
        Check d = confirm(b, peer, gateway);
        return new Check(c.check() + " Otherwise: " + d.check(), c.command() + "\n" + d.command());
    }

    /** The look that confirms one cause. */
    static Check confirm(CauseCode code, String peer, String gateway) {
        String host = host(peer);
        String port = port(peer, "80");
        return switch (code) {
            case UPSTREAM_DOWN ->
                    new Check(
                            "Whether anything listens on the upstream's port, and whether its process died"
                                    + " (crash, OOM kill) at that time.",
                            "nc -vz -w 3 "
                                    + host
                                    + " "
                                    + port
                                    + "\nssh "
                                    + host
                                    + " \"ss -ltnp | grep ':"
                                    + port
                                    + " '; dmesg -T | grep -i 'killed process'\"");
            case UPSTREAM_RESTART ->
                    new Check(
                            "Whether a deploy or restart replaced the upstream at that time.",
                            "kubectl rollout history deploy/<name>; kubectl get events --sort-by=.lastTimestamp");
            case UPSTREAM_OVERLOAD ->
                    new Check(
                            "The upstream's busy workers, its queue and its response times at that time.",
                            loggedTimes(gateway)
                                    + "\ngrep -E 'WORKER TIMEOUT|HARAKIRI|max_children|listen queue' /var/log/<app>/*.log");
            case KEEPALIVE_RACE ->
                    new Check(
                            "The upstream's keep-alive idle timeout must be longer than the proxy's"
                                    + " (Node.js 5 s, gunicorn 2 s by default); failed requests take near zero"
                                    + " upstream time.",
                            keepaliveCommand(gateway, peer));
            case NETWORK ->
                    new Check(
                            "Whether the proxy's host reaches the upstream at all.",
                            "nc -vz -w 3 " + host + " " + port + "\nip route get " + host);
            case DNS_FAILURE ->
                    new Check(
                            "Whether the name resolves from the proxy's host, with the resolver the proxy uses.",
                            "dig +short " + host + "\ngetent hosts " + host);
            case TLS_FAILURE ->
                    new Check(
                            "The certificate, name and protocols the upstream offers.",
                            "openssl s_client -connect "
                                    + host
                                    + ":"
                                    + port(peer, "443")
                                    + " -servername "
                                    + host
                                    + " -showcerts </dev/null");
            case WEBSOCKET_UPGRADE ->
                    new Check(
                            "Whether a handshake through the proxy gets 101 as it does straight to the upstream.",
                            "curl -si -N -H 'Connection: Upgrade' -H 'Upgrade: websocket'"
                                    + " -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: SGVsbG8sIHdvcmxkIQ=='"
                                    + " http://"
                                    + host
                                    + ":"
                                    + port
                                    + "/<path> | head -1");
            case BAD_UPSTREAM_RESPONSE ->
                    new Check(
                            "The size and validity of the upstream's response headers.",
                            "curl -s -D - -o /dev/null http://"
                                    + host
                                    + ":"
                                    + port
                                    + "/<path> | wc -c");
            case PROXY_LIMITS ->
                    new Check(
                            "The proxy host's ports, descriptors and connections in use.",
                            "ss -s; cat /proc/sys/net/ipv4/ip_local_port_range;"
                                    + " ls /proc/$(pgrep -o nginx)/fd | wc -l");
            case UNKNOWN ->
                    new Check(
                            "More fields: the upstream's address, status and times in the access log, and"
                                    + " the error log at level error.",
                            loggedTimes(gateway));
        };
    }

    private static String loggedTimes(String gateway) {
        return switch (gateway) {
            case "HAPROXY" -> "# HAProxy's httplog has Tw/Tc/Tr: option httplog";
            case "ENVOY" ->
                    "# Envoy: add %UPSTREAM_HOST% %RESPONSE_FLAGS% %DURATION% to the access log";
            case "ALB", "ELB" ->
                    "aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn>"
                            + " --attributes Key=access_logs.s3.enabled,Value=true";
            default ->
                    "log_format upstreams '$remote_addr [$time_local] \"$request\" $status"
                            + " $upstream_addr $upstream_status $upstream_connect_time"
                            + " $upstream_response_time $connection $connection_requests';";
        };
    }

    private static String keepaliveCommand(String gateway, String peer) {
        if (gateway.equals("ALB") || gateway.equals("ELB")) {
            return "aws elbv2 describe-load-balancer-attributes --load-balancer-arn <arn>"
                    + " --query \"Attributes[?Key=='idle_timeout.timeout_seconds']\"";
        }
        if (gateway.equals("ENVOY")) {
            return "curl -s localhost:15000/stats | grep -E 'upstream_cx_destroy_remote_with_active_rq|"
                    + "upstream_rq_retry'";
        }
        return "curl -sv -o /dev/null http://"
                + host(peer)
                + ":"
                + port(peer, "80")
                + "/ 2>&1 | grep -iE 'keep-alive|connection:'";
    }

    static String host(String peer) {
        if (peer == null || peer.isEmpty() || peer.startsWith("unix:")) {
            return "<upstream-host>";
        }
        int c = peer.lastIndexOf(':');
        return c > 0 ? peer.substring(0, c) : peer;
    }

    static String port(String peer, String dflt) {
        if (peer == null) {
            return dflt;
        }
        int c = peer.lastIndexOf(':');
        return c > 0 && c < peer.length() - 1 && !peer.startsWith("unix:")
                ? peer.substring(c + 1)
                : dflt;
    }
}
