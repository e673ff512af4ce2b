package io.gatescope.ingest.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gatescope.ingest.event.Origin;
import io.gatescope.ingest.parse.Timestamps;
import java.io.IOException;
import java.time.ZoneOffset;

/**
 * Unwraps the JSON envelopes that shippers write: Filebeat ({@code message}, {@code log.file.path},
 * {@code host.name}), Vector ({@code message}, {@code file}, {@code host}), Fluent Bit and Docker's
 * json-file ({@code log}), and the CRI prefix of Kubernetes node logs ({@code
 * 2026-03-14T09:10:00.1Z stdout F line}). A JSON object that is none of these is returned as is,
 * flagged {@link Envelope#json()}: an nginx JSON access line. Thread-safe.
 */
public final class EnvelopeDecoder {

    private static final JsonFactory JSON = new JsonFactory();

    /** The space after the CRI timestamp, or -1 when the line has no CRI prefix. */
    private static int criPrefixEnd(String raw) {
        int sp = raw.indexOf(' ');
        boolean cri =
                sp >= 20
                        && sp <= 36
                        && raw.charAt(4) == '-'
                        && raw.charAt(10) == 'T'
                        && (raw.startsWith(" stdout ", sp) || raw.startsWith(" stderr ", sp))
                        && raw.length() > sp + 10
                        && raw.charAt(sp + 9) == ' ';
        return cri ? sp : -1;
    }

    /** Unwraps {@code raw}; returns null when it is JSON that cannot be read (truncated). */
    public Envelope decode(String raw, String source) {
        if (raw.startsWith("[pod/")) {
            Envelope e = kubectlPrefix(raw, source);
            if (e != null) {
                return e;
            }
        }
        int compose = composePrefixEnd(raw);
        if (compose > 0) {
            Envelope inner = decode(raw.substring(compose), source);
            if (inner != null) {
                Origin o = new Origin("", "", "", "", raw.substring(0, raw.indexOf(' ')));
                return new Envelope(
                        inner.line(),
                        inner.source(),
                        inner.shipperTime(),
                        inner.json(),
                        inner.origin().or(o));
            }
        }
        if (raw.isEmpty() || raw.charAt(0) != '{') {
            return stripCri(raw, source);
        }
        if (raw.contains("\"involvedObject\"") || raw.contains("\"regarding\"")) {
            return new Envelope(raw, source, Long.MIN_VALUE, true); // a Kubernetes event itself
        }
        String message = null;
        String path = null;
        String host = null;
        long time = Long.MIN_VALUE;
        java.util.Map<String, String> kube = new java.util.HashMap<>();
        String hostIp = "";
        // A leveled JSON log line (Traefik's, an application's) has a "message" or "msg" of its
        // own: without a shipper's keys beside it, it is the line, not an envelope.
        boolean leveled = false;
        boolean shipperKeys = false;
        try (JsonParser p = JSON.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                leveled |= name.equals("level");
                shipperKeys |=
                        switch (name) {
                            case "@timestamp",
                                    "stream",
                                    "file",
                                    "host",
                                    "kubernetes",
                                    "date",
                                    "agent",
                                    "input",
                                    "ecs",
                                    "source_type" ->
                                    true;
                            default -> name.equals("log") && v == JsonToken.START_OBJECT;
                        };
                switch (name) {
                    case "message", "log" -> {
                        if (v == JsonToken.VALUE_STRING && message == null) {
                            message = p.getText();
                        } else if (v == JsonToken.START_OBJECT) {
                            path = nested(p, path, "path", 0);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "file" -> {
                        if (v == JsonToken.VALUE_STRING) {
                            path = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "@timestamp", "timestamp", "time" -> {
                        if (v == JsonToken.VALUE_STRING) {
                            String s = p.getText();
                            time = Timestamps.parseIso(s, 0, s.length(), ZoneOffset.UTC);
                        }
                    }
                    case "host" -> { // Vector: "host": "web-1"; Filebeat: "host": {"name": ...}
                        if (v == JsonToken.VALUE_STRING) {
                            host = p.getText();
                        } else if (v == JsonToken.START_OBJECT) {
                            java.util.Map<String, String> h = new java.util.HashMap<>();
                            leaves(p, "", h);
                            host = h.getOrDefault("name", h.getOrDefault("hostname", host));
                            hostIp = firstAddress(h);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "kubernetes" -> {
                        if (v == JsonToken.START_OBJECT) {
                            leaves(p, "", kube);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "date" -> {
                        if (v == JsonToken.VALUE_NUMBER_FLOAT || v == JsonToken.VALUE_NUMBER_INT) {
                            time = Math.round(p.getDoubleValue() * 1000);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (message == null || leveled && !shipperKeys) {
            return new Envelope(raw, source, Long.MIN_VALUE, true);
        }
        if (message.endsWith("\n")) {
            message = message.substring(0, message.length() - 1);
        }
        String file = path != null ? path : source;
        Origin origin =
                new Origin(
                        host == null ? "" : host,
                        first(kube, "pod.ip", "pod_ip", "pod_ips.0").isEmpty()
                                ? hostIp
                                : first(kube, "pod.ip", "pod_ip", "pod_ips.0"),
                        first(kube, "namespace", "pod_namespace", "namespace_name"),
                        first(kube, "pod.name", "pod_name"),
                        first(
                                kube,
                                "deployment.name",
                                "replicaset.name",
                                "statefulset.name",
                                "container.name",
                                "container_name"));
        // Several hosts ship the same paths: the host keeps their logs apart (see Envelope).
        return new Envelope(
                message,
                host == null || host.isEmpty() ? file : host + ":" + file,
                time,
                false,
                origin);
    }

    /** Every string (and number) under the object just opened, by dotted path, to depth 4. */
    private static void leaves(JsonParser p, String prefix, java.util.Map<String, String> out)
            throws IOException {
        int index = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new IOException("truncated");
            }
            String name;
            if (t == JsonToken.FIELD_NAME) {
                name = p.currentName();
                t = p.nextToken();
            } else {
                name = Integer.toString(index++);
            }
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                if (key.chars().filter(c -> c == '.').count() < 3 && out.size() < 64) {
                    leaves(p, key, out);
                } else {
                    p.skipChildren();
                }
            } else if (t.isScalarValue() && out.size() < 64) {
                out.put(key, p.getText());
            }
        }
    }

    private static String first(java.util.Map<String, String> m, String... keys) {
        for (String k : keys) {
            String v = m.get(k);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    /** Filebeat's {@code host.ip} (a list, IPv4 first where there is one). */
    private static String firstAddress(java.util.Map<String, String> host) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            String ip = host.get("ip." + i);
            if (ip == null) {
                break;
            }
            if (ip.indexOf(':') < 0) {
                sb.append(sb.length() == 0 ? "" : ",").append(ip);
            }
        }
        return sb.length() > 0 ? sb.toString() : host.getOrDefault("ip", "");
    }

    /**
     * The last string named {@code key} in the object just opened, at {@code atDepth} (1: its own
     * fields) or at any depth (0), else {@code current}: Filebeat's {@code "log": {"file": {"path":
     * ...}}} and {@code "host": {"name": ...}} (not {@code host.os.name}).
     */
    private static String nested(JsonParser p, String current, String key, int atDepth)
            throws IOException {
        String found = current;
        int depth = 1;
        String last = null;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("truncated");
            }
            switch (t) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case FIELD_NAME -> last = p.currentName();
                case VALUE_STRING -> {
                    if (key.equals(last) && (atDepth == 0 || depth == atDepth)) {
                        found = p.getText();
                    }
                }
                default -> {}
            }
        }
        return found;
    }

    /** {@code [pod/web-7d9f-abcde/web] <line>}, as {@code kubectl logs --prefix} writes it. */
    private Envelope kubectlPrefix(String raw, String source) {
        int close = raw.indexOf("] ");
        if (close < 0) {
            return null;
        }
        String[] parts = raw.substring(5, close).split("/");
        if (parts.length < 1 || parts[0].isEmpty()) {
            return null;
        }
        Envelope inner = decode(raw.substring(close + 2), source);
        if (inner == null) {
            return null;
        }
        Origin o = new Origin("", "", "", parts[0], "").or(inner.origin());
        return new Envelope(inner.line(), inner.source(), inner.shipperTime(), inner.json(), o);
    }

    /**
     * Where the line starts after {@code docker compose logs}' prefix ({@code envoy-1 | } or the
     * older {@code web_1 | }: a service name, padding, a bar), or -1.
     */
    static int composePrefixEnd(String raw) {
        int bar = raw.indexOf(" | ");
        if (bar < 1 || bar > 64 || !Character.isLetterOrDigit(raw.charAt(0))) {
            return -1;
        }
        int nameEnd = raw.indexOf(' ');
        for (int i = 0; i < nameEnd; i++) {
            char c = raw.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '-' && c != '_' && c != '.') {
                return -1;
            }
        }
        for (int i = nameEnd; i < bar; i++) {
            if (raw.charAt(i) != ' ') {
                return -1;
            }
        }
        // A name ending in -N or _N (compose's replica number) tells it from a line that happens to
        // hold " | " early.
        char last = raw.charAt(nameEnd - 1);
        return Character.isDigit(last) && nameEnd > 2 ? bar + 3 : -1;
    }

    /** {@code <RFC3339> stdout|stderr F|P <line>}, written by containerd and CRI-O. */
    private static Envelope stripCri(String raw, String source) {
        int sp = criPrefixEnd(raw);
        if (sp >= 0) {
            long time = Timestamps.parseIso(raw, 0, sp, ZoneOffset.UTC);
            return new Envelope(raw.substring(sp + 10), source, time, false);
        }
        return new Envelope(raw, source, Long.MIN_VALUE, false);
    }
}
