package io.gatescope.analyzer.job;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How the streaming job reads and writes Kafka; parsed once from arguments.
 *
 * @param kafka extra Kafka client settings (SASL, TLS...) for source and sinks
 */
public record StreamingConfig(
        String bootstrap,
        String topic,
        String findingsTopic,
        String rejectedTopic,
        String groupId,
        Map<String, String> kafka,
        AnalyzerConfig analyzer)
        implements Serializable {

    public static final String DEFAULT_TOPIC = "gatescope.raw";
    public static final String FINDINGS_TOPIC = "gatescope.findings";
    public static final String REJECTED_TOPIC = "gatescope.rejected";

    /**
     * Streaming defaults: the analyzer's bounds on lateness are {@code analyze}'s, so that the
     * service gives its answer for the same lines (early warnings show within a second anyway).
     */
    public static StreamingConfig defaults(String bootstrap) {
        AnalyzerConfig a = AnalyzerConfig.defaults();
        return new StreamingConfig(
                bootstrap,
                DEFAULT_TOPIC,
                FINDINGS_TOPIC,
                REJECTED_TOPIC,
                "gatescope-analyzer",
                Map.of(),
                a);
    }

    /** From {@code --key value} arguments, as {@code flink run} passes them to the job's main. */
    public static StreamingConfig fromArgs(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --key value pairs, got " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        String bootstrap = m.get("bootstrap");
        if (bootstrap == null) {
            throw new IllegalArgumentException("--bootstrap HOST:PORT is required");
        }
        StreamingConfig d = defaults(bootstrap);
        AnalyzerConfig a = d.analyzer();
        if (m.containsKey("zone")) {
            a = a.withZone(m.get("zone"));
        }
        if (m.containsKey("nginx-log-format")) {
            a = a.withNginxLogFormat(m.get("nginx-log-format"));
        }
        if (m.containsKey("haproxy-log-format") || m.containsKey("envoy-log-format")) {
            a = a.withLogFormats(m.get("haproxy-log-format"), m.get("envoy-log-format"));
        }
        if (m.containsKey("hosts-map")) {
            java.util.Map<String, String> hosts = new java.util.TreeMap<>();
            for (String pair : m.get("hosts-map").split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    hosts.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            a = a.withHosts(hosts);
        }
        a =
                a.withLateness(
                        duration(m, "out-of-order", a.outOfOrderness()),
                        duration(m, "max-skew", a.maxSkew()),
                        duration(m, "source-idle", a.sourceIdle()));
        Map<String, String> kafka = new HashMap<>();
        m.forEach(
                (k, v) -> {
                    if (k.startsWith("kafka.")) {
                        kafka.put(k.substring(6), v);
                    }
                });
        return new StreamingConfig(
                bootstrap,
                m.getOrDefault("topic", d.topic()),
                m.getOrDefault("findings-topic", d.findingsTopic()),
                m.getOrDefault("rejected-topic", d.rejectedTopic()),
                m.getOrDefault("group", d.groupId()),
                kafka,
                a);
    }

    private static Duration duration(Map<String, String> m, String key, Duration otherwise) {
        String v = m.get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            return Duration.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--" + key + " takes an ISO-8601 duration, got " + v);
        }
    }

    /** Back to arguments, for submitting the job jar to a cluster. */
    public String[] toArgs() {
        java.util.List<String> a =
                new java.util.ArrayList<>(
                        java.util.List.of(
                                "--bootstrap",
                                bootstrap,
                                "--topic",
                                topic,
                                "--findings-topic",
                                findingsTopic,
                                "--rejected-topic",
                                rejectedTopic,
                                "--group",
                                groupId,
                                "--zone",
                                analyzer.zone(),
                                "--out-of-order",
                                analyzer.outOfOrderness().toString(),
                                "--max-skew",
                                analyzer.maxSkew().toString(),
                                "--source-idle",
                                analyzer.sourceIdle().toString()));
        if (analyzer.nginxLogFormat() != null) {
            a.add("--nginx-log-format");
            a.add(analyzer.nginxLogFormat());
        }
        if (analyzer.haproxyLogFormat() != null) {
            a.add("--haproxy-log-format");
            a.add(analyzer.haproxyLogFormat());
        }
        if (analyzer.envoyLogFormat() != null) {
            a.add("--envoy-log-format");
            a.add(analyzer.envoyLogFormat());
        }
        if (!analyzer.hosts().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            analyzer.hosts()
                    .forEach(
                            (k, v) ->
                                    sb.append(sb.length() == 0 ? "" : ";")
                                            .append(k)
                                            .append('=')
                                            .append(v));
            a.add("--hosts-map");
            a.add(sb.toString());
        }
        kafka.forEach(
                (k, v) -> {
                    a.add("--kafka." + k);
                    a.add(v);
                });
        return a.toArray(new String[0]);
    }
}
