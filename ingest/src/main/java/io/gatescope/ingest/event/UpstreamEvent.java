package io.gatescope.ingest.event;

/**
 * A line from the upstream's side: an application server (php-fpm, gunicorn, uWSGI, Puma, Node.js,
 * Tomcat, Spring Boot) or the platform under it (the kernel's OOM killer, systemd, Kubernetes
 * events and pod status). It says what happened to the upstream, and where: the analyzer joins it
 * to the incidents whose peers it concerns, and names the trigger.
 *
 * @param signal what happened
 * @param software who wrote it: {@code php-fpm}, {@code gunicorn}, {@code kernel}, {@code
 *     kubernetes}...
 * @param origin the machine or object it concerns, as far as the line and its envelope tell
 * @param subject the process, unit, pod or worker it names, "" when none
 * @param id what identifies the same report seen again (a Kubernetes event's uid, which keeps its
 *     name while its count rises), "" when none
 * @param count how many times the report says it happened (a Kubernetes event's count), else 1
 */
public record UpstreamEvent(
        long timeMillis,
        Signal signal,
        String software,
        Origin origin,
        String subject,
        String id,
        int count,
        String source,
        String raw)
        implements LogEvent {

    /** A report that happened once and names nothing to dedupe by. */
    public static UpstreamEvent of(
            long time, Signal signal, String software, String subject, String source, String raw) {
        return new UpstreamEvent(time, signal, software, Origin.NONE, subject, "", 1, source, raw);
    }

    /** What an upstream or platform line reports. */
    public enum Signal {
        /** The kernel, a cgroup or the container runtime killed a process for memory. */
        OOM_KILL,
        /** A process or worker died on a signal or with an error, or threw an uncaught error. */
        CRASH,
        /** Every worker was busy, or the listen queue was full. */
        POOL_FULL,
        /** A worker was killed for running past its time limit. */
        WORKER_TIMEOUT,
        /** A process, unit or container is being stopped (or a rollout replaces it). */
        STOPPING,
        /** A process, worker, unit or container started. */
        STARTED,
        /** A health, readiness or liveness probe failed. */
        PROBE_FAILED,
        /** The platform keeps restarting it (back-off, restart counter). */
        CRASH_LOOP,
        /** The machine under it failed or went away. */
        NODE_DOWN,
        /** A line that says the upstream is there and logging, and nothing went wrong. */
        NOTE
    }

    /** The same event, its origin completed with what the line's envelope or shipper knew. */
    public UpstreamEvent withOrigin(Origin o) {
        return new UpstreamEvent(timeMillis, signal, software, o, subject, id, count, source, raw);
    }

    /** The same event at another time (a line without its own, timed by its neighbour). */
    public UpstreamEvent withTime(long t) {
        return new UpstreamEvent(t, signal, software, origin, subject, id, count, source, raw);
    }

    /** The same event read from another source (the file an envelope names). */
    public UpstreamEvent withSource(String s) {
        return new UpstreamEvent(timeMillis, signal, software, origin, subject, id, count, s, raw);
    }
}
