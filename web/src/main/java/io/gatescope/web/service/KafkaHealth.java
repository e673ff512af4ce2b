package io.gatescope.web.service;

import io.gatescope.analyzer.job.StreamingConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Kafka's state and the pipeline's counters as Kafka sees them, refreshed at most every 5 s. */
final class KafkaHealth implements AutoCloseable {

    private final Admin admin;
    private final StreamingConfig sc;
    private volatile long checkedAt;
    private volatile String state = "UNKNOWN";
    private volatile long linesIn;
    private volatile long rejected;
    private volatile long lag;

    KafkaHealth(StreamingConfig sc) {
        this.sc = sc;
        Map<String, Object> p = new HashMap<>(sc.kafka());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sc.bootstrap());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        this.admin = Admin.create(p);
    }

    private synchronized void refresh() {
        if (System.currentTimeMillis() - checkedAt < 5000) {
            return;
        }
        checkedAt = System.currentTimeMillis();
        try {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            linesIn = endOffsets(sc.topic());
            rejected = endOffsets(sc.rejectedTopic());
            long committed = 0;
            for (var e :
                    admin.listConsumerGroupOffsets(sc.groupId())
                            .partitionsToOffsetAndMetadata()
                            .get(3, TimeUnit.SECONDS)
                            .entrySet()) {
                if (e.getKey().topic().equals(sc.topic()) && e.getValue() != null) {
                    committed += e.getValue().offset();
                }
            }
            lag = Math.max(0, linesIn - committed);
            state = "UP";
        } catch (Exception e) {
            state =
                    "DOWN: "
                            + (e.getMessage() == null
                                    ? e.getClass().getSimpleName()
                                    : e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private long endOffsets(String topic) throws Exception {
        var desc =
                admin.describeTopics(java.util.List.of(topic))
                        .allTopicNames()
                        .get(3, TimeUnit.SECONDS)
                        .get(topic);
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        desc.partitions()
                .forEach(
                        p ->
                                req.put(
                                        new TopicPartition(topic, p.partition()),
                                        OffsetSpec.latest()));
        long sum = 0;
        for (var r : admin.listOffsets(req).all().get(3, TimeUnit.SECONDS).values()) {
            sum += r.offset();
        }
        return sum;
    }

    String state() {
        refresh();
        return state;
    }

    double linesIn() {
        refresh();
        return linesIn;
    }

    double rejected() {
        refresh();
        return rejected;
    }

    double lag() {
        refresh();
        return lag;
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
