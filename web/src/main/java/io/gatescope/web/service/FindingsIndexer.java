package io.gatescope.web.service;

import io.gatescope.analyzer.index.FindingsIndex;
import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.report.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the findings topic from its beginning and upserts every finding into this instance's Lucene
 * index. The topic is compacted and upserts are idempotent, so replaying it after a kill rebuilds
 * exactly the same index; several web instances can each keep their own.
 */
public final class FindingsIndexer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FindingsIndexer.class);

    /** The longest a written timeline step waits to become searchable. */
    static final long REFRESH_NANOS = 1_000_000_000L;

    private final FindingsIndex index;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Consumer<Incident> onIncident;
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong lastPoll = new AtomicLong();
    // The indexer thread's own: when the index was last refreshed, and whether it holds findings
    // written since.
    private long lastRefresh;
    private boolean unseen;
    private volatile boolean running = true;
    private volatile String error;

    public FindingsIndexer(
            FindingsIndex index,
            String bootstrap,
            String topic,
            Map<String, String> kafka,
            Consumer<Incident> onIncident) {
        this.index = index;
        this.onIncident = onIncident;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.putAll(kafka);
        this.consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(() -> run(topic), "findings-indexer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run(String topic) {
        try {
            List<TopicPartition> parts = new ArrayList<>();
            while (running && parts.isEmpty()) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(pi -> parts.add(new TopicPartition(topic, pi.partition())));
                if (parts.isEmpty()) {
                    Thread.sleep(500);
                }
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long lastCommit = System.nanoTime();
            lastRefresh = System.nanoTime();
            while (running) {
                var records = consumer.poll(Duration.ofMillis(200));
                lastPoll.set(System.currentTimeMillis());
                if (records.isEmpty()) {
                    refresh(false);
                    continue;
                }
                List<Finding> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    try {
                        batch.add(Json.mapper().readValue(r.value(), Finding.class));
                    } catch (Exception e) {
                        LOG.warn(
                                "skipping an unreadable finding at {}-{}@{}: {}",
                                r.topic(),
                                r.partition(),
                                r.offset(),
                                e.getMessage());
                    }
                }
                index.write(batch);
                unseen = true;
                refresh(batch.stream().anyMatch(f -> f.incident() != null));
                indexed.addAndGet(batch.size());
                batch.stream()
                        .filter(f -> f.incident() != null)
                        .forEach(f -> onIncident.accept(f.incident()));
                if (System.nanoTime() - lastCommit > 5_000_000_000L) {
                    index.commit();
                    lastCommit = System.nanoTime();
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (Exception e) {
            error = e.getMessage();
            LOG.error("the findings indexer stopped: {}", e.toString());
        }
    }

    /**
     * Makes written findings searchable: at once for an incident (detection latency), else once the
     * oldest unseen timeline step has waited {@link #REFRESH_NANOS} (a backlog delivers them by the
     * thousand, and each refresh writes a segment).
     */
    private void refresh(boolean incident) throws java.io.IOException {
        if (incident || unseen && System.nanoTime() - lastRefresh > REFRESH_NANOS) {
            index.refresh();
            lastRefresh = System.nanoTime();
            unseen = false;
        }
    }

    /** UP while polling; DOWN with the reason when it stopped. */
    public String state() {
        if (error != null) {
            return "DOWN: " + error;
        }
        return System.currentTimeMillis() - lastPoll.get() < 15_000 ? "UP" : "STARTING";
    }

    public long indexed() {
        return indexed.get();
    }

    @Override
    public void close() throws Exception {
        running = false;
        consumer.wakeup();
        thread.join(5000);
        consumer.close(Duration.ofSeconds(2));
    }
}
