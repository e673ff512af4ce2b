package io.gatescope.analyzer.triggers;

import io.gatescope.analyzer.model.Fix;
import io.gatescope.analyzer.model.TriggerKind;
import io.gatescope.ingest.event.UpstreamEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What to change for each trigger kind, and the command that confirms it where the upstream runs:
 * {@code kubectl} for a pod, {@code journalctl} and {@code dmesg} on a machine. The numbers come
 * from the servers' documented defaults (gunicorn's 30 s timeout, php-fpm's pm.max_children, a load
 * balancer's deregistration delay), not from any one incident.
 */
final class TriggerFixes {

    private TriggerFixes() {}

    static List<Fix> of(TriggerKind kind, UpstreamEvent first) {
        boolean pod = !first.origin().pod().isEmpty() || first.software().equals("kubernetes");
        String target = pod ? podRef(first) : hostRef(first);
        List<Fix> out = new ArrayList<>();
        switch (kind) {
            case OOM_KILL -> {
                out.add(
                        pod
                                ? new Fix(
                                        "Give the container the memory it uses, or find what grows",
                                        "The container was killed at its memory limit (OOMKilled, exit 137): raise resources.limits.memory above its peak, or fix the leak; for gunicorn or uWSGI, recycle workers (--max-requests, reload-on-rss).",
                                        "kubectl describe pod "
                                                + target
                                                + "   # Last State: Terminated, Reason: OOMKilled\nkubectl top pod "
                                                + target)
                                : new Fix(
                                        "Give the service the memory it uses, or find what grows",
                                        "The kernel's OOM killer chose it: raise the machine's memory or the unit's MemoryMax, lower the worker count, or recycle workers (gunicorn --max-requests, uWSGI reload-on-rss, php-fpm pm.max_requests).",
                                        "dmesg -T | grep -i -E 'out of memory|killed process'\njournalctl -k --since '-1h' | grep -i oom"));
                out.add(
                        new Fix(
                                "Size the worker count to the memory",
                                "Workers × their resident size must fit: for php-fpm, pm.max_children = memory for PHP / average worker RSS.",
                                "ps -o rss=,cmd= -C php-fpm,gunicorn,uwsgi,puma | sort -n | tail"));
            }
            case PROCESS_CRASH ->
                    out.add(
                            pod
                                    ? new Fix(
                                            "Read why the container died",
                                            "The previous container's last lines and exit code say whether it crashed, was killed or exited on an error.",
                                            "kubectl logs --previous "
                                                    + target
                                                    + "\nkubectl describe pod "
                                                    + target)
                                    : new Fix(
                                            "Read why the process died",
                                            "A signal (SIGSEGV, SIGABRT) is a crash to debug from its core dump; an exit code is an error the service logged before it.",
                                            "journalctl -u <unit> --since '-1h' -n 200\ncoredumpctl list"));
            case CRASH_LOOP ->
                    out.add(
                            pod
                                    ? new Fix(
                                            "Stop the crash loop at its cause",
                                            "Kubernetes backs off between restarts (CrashLoopBackOff): every restart is an outage of that pod; the previous container's log says why it exits.",
                                            "kubectl logs --previous "
                                                    + target
                                                    + "\nkubectl get pod "
                                                    + target
                                                    + " -o jsonpath='{.status.containerStatuses[*].lastState}'")
                                    : new Fix(
                                            "Stop the restart loop at its cause",
                                            "systemd restarts the unit until StartLimitBurst; each restart refuses connections.",
                                            "journalctl -u <unit> -b --no-pager | tail -50\nsystemctl status <unit>"));
            case WORKER_POOL_EXHAUSTED -> {
                out.add(
                        new Fix(
                                "Give the pool room, or make requests shorter",
                                "Every worker was busy: php-fpm's pm.max_children (and its listen queue), uWSGI's processes and listen (default backlog 100), Tomcat's maxThreads. Raise them only as far as memory allows; find the slow requests first.",
                                "; php-fpm pool\npm = dynamic\npm.max_children = <memory for PHP / worker RSS>\npm.status_path = /status\n# uWSGI\nprocesses = 8\nlisten = 1024"));
                out.add(
                        new Fix(
                                "Watch the pool while it fills",
                                "php-fpm's status page shows 'listen queue' and 'max children reached'.",
                                "curl -s 'http://127.0.0.1/status?full' | head -20"));
            }
            case WORKER_TIMEOUT ->
                    out.add(
                            new Fix(
                                    "Align the worker timeout with the gateway's",
                                    "The server killed workers still handling requests (gunicorn's --timeout is 30 s by default, uWSGI's harakiri, php-fpm's request_terminate_timeout): the gateway sees the connection closed. Make the slow requests faster, or let the worker timeout exceed the gateway's read timeout so the gateway answers 504 first.",
                                    "gunicorn --timeout 90 ...            # above nginx proxy_read_timeout (60 s)\n; php-fpm: request_terminate_timeout = 90s  (fastcgi_read_timeout 60s)\n# uWSGI: harakiri = 90"));
            case DEPLOY ->
                    out.add(
                            pod
                                    ? new Fix(
                                            "Drain before the pod stops",
                                            "Pods were replaced while the load balancer or ingress still sent them requests: a preStop sleep longer than the deregistration delay (or the ingress' endpoint update) lets in-flight requests finish; maxUnavailable 0 keeps capacity.",
                                            "lifecycle:\n  preStop:\n    exec:\n      command: [\"sleep\", \"20\"]   # longer than the deregistration delay\nterminationGracePeriodSeconds: 45\nstrategy:\n  rollingUpdate:\n    maxUnavailable: 0")
                                    : new Fix(
                                            "Restart gracefully, one machine at a time",
                                            "Take the machine out of the gateway's rotation first, or reload instead of restart (gunicorn HUP, php-fpm reload, puma phased-restart).",
                                            "systemctl reload <unit>      # where the server supports a graceful reload"));
            case PROBE_FAILURE ->
                    out.add(
                            new Fix(
                                    "Make the probe tell a busy pod from a dead one",
                                    "Readiness failures take the pod out of the Service; liveness failures restart it, and a probe that times out under load restarts healthy pods exactly when they are needed.",
                                    "kubectl describe pod "
                                            + (pod ? target : "<pod>")
                                            + "   # Events: Readiness probe failed\nreadinessProbe:\n  timeoutSeconds: 5\n  failureThreshold: 3"));
            case NODE_FAILURE ->
                    out.add(
                            new Fix(
                                    "Spread the upstream over nodes",
                                    "A node went NotReady and took its pods: spread replicas (topologySpreadConstraints) and keep a PodDisruptionBudget.",
                                    "kubectl describe node "
                                            + (first.origin().host().isEmpty()
                                                    ? "<node>"
                                                    : first.origin().host())
                                            + "\nkubectl get events --field-selector involvedObject.kind=Node"));
        }
        return out;
    }

    private static String podRef(UpstreamEvent e) {
        var o = e.origin();
        String name =
                o.pod().isEmpty() ? (o.workload().isEmpty() ? "<pod>" : o.workload()) : o.pod();
        return name + (o.namespace().isEmpty() ? "" : " -n " + o.namespace());
    }

    private static String hostRef(UpstreamEvent e) {
        return e.origin().host().isEmpty() ? "<host>" : e.origin().host();
    }
}
