package io.gatescope.ingest.parse.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatescope.ingest.event.Origin;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes objects as {@code kubectl} and event exporters print them, one JSON object each (a
 * {@code List} is split into its items before): an Event ({@code kubectl get events -o json},
 * {@code --watch -o json}, also wrapped as {@code {"type":"MODIFIED","object":{...}}}, and the
 * event exporters' shape), whose reason says what happened to which pod, node or workload; or a
 * Pod, whose {@code lastState.terminated} says how its container last ended ({@code OOMKilled},
 * exit 137) and whose {@code podIP} is the address a gateway knows it by.
 */
public final class KubernetesObjectParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADDRESS =
            Pattern.compile("\\b(\\d{1,3}(?:\\.\\d{1,3}){3})(?::\\d+)?\\b");

    private KubernetesObjectParser() {}

    /** Whether a JSON line is a Kubernetes Event or Pod (a quick look before parsing). */
    public static boolean looksLikeObject(String json) {
        return json.contains("\"involvedObject\"")
                || json.contains("\"regarding\"")
                || json.contains("\"containerStatuses\"")
                || json.contains("\"podIP\"")
                || json.contains("\"kind\":\"Event\"")
                || json.contains("\"kind\": \"Event\"");
    }

    /** The event the object reports, or null when it is no Event or Pod, or says nothing. */
    public static UpstreamEvent parse(String json, String source) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
        if (n == null || !n.isObject()) {
            return null;
        }
        if (n.has("object") && n.path("type").isTextual()) {
            n = n.path("object"); // a watch event: ADDED, MODIFIED
        }
        String kind = n.path("kind").asText("");
        if (kind.equals("Pod") || n.path("status").has("containerStatuses")) {
            return pod(n, source, json);
        }
        if (n.has("involvedObject") || n.has("regarding") || kind.equals("Event")) {
            return event(n, source, json);
        }
        return null;
    }

    private static UpstreamEvent event(JsonNode n, String source, String raw) {
        JsonNode obj = n.has("involvedObject") ? n.path("involvedObject") : n.path("regarding");
        String reason = n.path("reason").asText("");
        String message =
                n.has("message") ? n.path("message").asText("") : n.path("note").asText("");
        Signal s = signal(reason, message);
        if (s == null) {
            return null;
        }
        String objKind = obj.path("kind").asText("");
        String name = obj.path("name").asText("");
        String ns = obj.path("namespace").asText(n.path("metadata").path("namespace").asText(""));
        Origin o =
                new Origin(
                        objKind.equals("Node") ? name : "",
                        addresses(message),
                        ns,
                        objKind.equals("Pod") ? name : "",
                        objKind.equals("Pod") || objKind.equals("Node") ? "" : name);
        long time = time(n, "lastTimestamp", "eventTime", "firstTimestamp");
        if (time == Timestamps.INVALID) {
            time = time(n.path("series"), "lastObservedTime");
        }
        if (time == Timestamps.INVALID) {
            time = time(n.path("metadata"), "creationTimestamp");
        }
        int count =
                Math.max(
                        1,
                        n.path("count")
                                .asInt(
                                        n.path("series")
                                                .path("count")
                                                .asInt(n.path("deprecatedCount").asInt(1))));
        String id =
                n.path("metadata").path("uid").asText(n.path("metadata").path("name").asText(""));
        String subject =
                (objKind.isEmpty() ? "" : objKind + " ") + (ns.isEmpty() ? "" : ns + "/") + name;
        return new UpstreamEvent(time, s, "kubernetes", o, subject, id, count, source, raw);
    }

    /** What an event's reason (and message) say, after kubelet's and the controllers' words. */
    static Signal signal(String reason, String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return switch (reason) {
            case "OOMKilling", "OOMKilled" -> Signal.OOM_KILL;
            case "BackOff" ->
                    m.contains("restarting failed container") ? Signal.CRASH_LOOP : Signal.NOTE;
            case "Unhealthy" -> Signal.PROBE_FAILED;
            case "Killing" ->
                    m.contains("failed liveness probe") || m.contains("failed startup probe")
                            ? Signal.PROBE_FAILED
                            : Signal.STOPPING;
            case "ScalingReplicaSet" ->
                    m.startsWith("scaled down") ? Signal.STOPPING : Signal.STARTED;
            case "SuccessfulDelete",
                    "Evicted",
                    "Preempting",
                    "TaintManagerEviction",
                    "ExceededGracePeriod" ->
                    Signal.STOPPING;
            case "Started", "SuccessfulCreate" -> Signal.STARTED;
            case "NodeNotReady", "RemovingNode", "Rebooted", "NodeNotSchedulable" ->
                    Signal.NODE_DOWN;
            case "Failed" -> m.contains("image") || m.contains("pull") ? Signal.NOTE : Signal.CRASH;
            case "Created", "Pulled", "Pulling", "Scheduled", "NodeReady", "NodeSchedulable" ->
                    Signal.NOTE;
            default -> m.contains("status is now: nodenotready") ? Signal.NODE_DOWN : null;
        };
    }

    private static UpstreamEvent pod(JsonNode n, String source, String raw) {
        JsonNode meta = n.path("metadata");
        Origin o =
                new Origin(
                        n.path("spec").path("nodeName").asText(""),
                        n.path("status").path("podIP").asText(""),
                        meta.path("namespace").asText(""),
                        meta.path("name").asText(""),
                        "");
        UpstreamEvent best = null;
        for (JsonNode cs : n.path("status").path("containerStatuses")) {
            JsonNode term = cs.path("lastState").path("terminated");
            if (term.isObject()) {
                String reason = term.path("reason").asText("");
                int exit = term.path("exitCode").asInt(0);
                Signal s =
                        reason.equals("OOMKilled")
                                ? Signal.OOM_KILL
                                : exit != 0 || reason.equals("Error")
                                        ? Signal.CRASH
                                        : Signal.STOPPING;
                long t = time(term, "finishedAt", "startedAt");
                // The reason and exit code are in the line itself; the subject says who.
                String subject =
                        "container "
                                + cs.path("name").asText("")
                                + " of pod "
                                + o.namespace()
                                + "/"
                                + o.pod();
                UpstreamEvent e =
                        new UpstreamEvent(
                                t,
                                s,
                                "kubernetes",
                                o,
                                subject,
                                meta.path("uid").asText("") + "|" + cs.path("name").asText(""),
                                1,
                                source,
                                raw);
                if (best == null || s.ordinal() < best.signal().ordinal()) {
                    best = e;
                }
            }
        }
        if (best == null && !o.addresses().isEmpty()) {
            // A healthy pod says who it is: its address and its node, for the lines about it.
            long t = time(n.path("status"), "startTime");
            if (t == Timestamps.INVALID) {
                t = time(meta, "creationTimestamp");
            }
            best =
                    new UpstreamEvent(
                            t,
                            Signal.NOTE,
                            "kubernetes",
                            o,
                            "Pod " + o.namespace() + "/" + o.pod(),
                            meta.path("uid").asText(""),
                            1,
                            source,
                            raw);
        }
        return best;
    }

    private static String addresses(String message) {
        Matcher m = ADDRESS.matcher(message);
        return m.find() ? m.group(1) : "";
    }

    private static long time(JsonNode n, String... fields) {
        for (String f : fields) {
            String v = n.path(f).asText("");
            if (v.length() >= 19) {
                long t = Timestamps.parseIso(v, 0, v.length(), ZoneOffset.UTC);
                if (t != Timestamps.INVALID) {
                    return t;
                }
            }
        }
        return Timestamps.INVALID;
    }
}
