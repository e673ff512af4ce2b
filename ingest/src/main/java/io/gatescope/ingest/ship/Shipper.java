package io.gatescope.ingest.ship;

import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.ParseContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Sends log lines to Kafka, one record per line, keyed by the file's path behind the host's name
 * ({@code web-1:/var/log/nginx/access.log}: the analyzer keeps the same path on several hosts
 * apart). The files of one folder (an nginx's access and error logs) go to one partition, so that
 * they reach the analyzer in the order they were shipped; and the lines waiting in several files
 * are sent in time order, not file after file, so that catching up on a backlog does not leave one
 * file far behind the others.
 *
 * <p>Before a file's first line it announces the file, and whenever it has sent all a file holds it
 * says so (at most once a second per file): the analyzer then knows which files to wait for and
 * which are merely quiet (see the analyzer's {@code PerSourceWatermarks}). These notices are
 * records with the {@value #CONTROL_HEADER} header and no line.
 *
 * <p>Resumes from the {@link ShipRegistry}, per Kafka cluster and topic: only what Kafka
 * acknowledged counts as shipped. With {@code follow}, it tails the files and survives rotation
 * (rename, then a new file) and copy-truncate.
 */
public final class Shipper {

    /** The header of a notice record; its value is {@link #OPEN} or {@link #EOF}. */
    public static final String CONTROL_HEADER = "gatescope-control";

    public static final String OPEN = "open";

    /**
     * The header with this machine's addresses, on every line: the analyzer joins the upstream's
     * lines shipped from here to the gateway peers with these addresses.
     */
    public static final String ADDRESSES_HEADER = "gatescope-addresses";

    public static final String EOF = "eof";

    /**
     * Where and how to ship.
     *
     * @param sourceHost the name records carry before each path, or "" for none
     * @param fromStart send every file from its first line, whatever the registry says
     */
    public record Config(
            String bootstrap,
            String topic,
            boolean follow,
            Path registry,
            int maxLineLength,
            Map<String, String> kafka,
            String sourceHost,
            boolean fromStart) {

        /** Resuming from the registry. */
        public Config(
                String bootstrap,
                String topic,
                boolean follow,
                Path registry,
                int maxLineLength,
                Map<String, String> kafka,
                String sourceHost) {
            this(bootstrap, topic, follow, registry, maxLineLength, kafka, sourceHost, false);
        }
    }

    private static final long FOLLOW_POLL_MS = 250;

    /** How often the registry is saved; progress is printed every second. */
    static final int SAVE_MILLIS = 100;

    private static final long EOF_EVERY_NANOS = 1_000_000_000L;

    private final Config config;
    private final PrintStream progress;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final RecordHeaders addressHeaders = new RecordHeaders();

    /** Within a run: how far each file was handed to the producer (acks may still be pending). */
    private final Map<String, ShipRegistry.Position> handedOver = new java.util.HashMap<>();

    public Shipper(Config config, PrintStream progress) {
        this.config = config;
        this.progress = progress;
        String addresses = localAddresses();
        if (!addresses.isEmpty()) {
            addressHeaders.add(
                    new RecordHeader(ADDRESSES_HEADER, addresses.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** This machine's IPv4 addresses, loopback excluded, comma-separated ("" when none). */
    static String localAddresses() {
        StringBuilder sb = new StringBuilder();
        try {
            for (var nif :
                    java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (var a : java.util.Collections.list(nif.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        sb.append(sb.length() == 0 ? "" : ",").append(a.getHostAddress());
                    }
                }
            }
        } catch (java.io.IOException e) {
            return "";
        }
        return sb.toString();
    }

    /** Lines acknowledged by Kafka so far. */
    public long acknowledged() {
        return acked.get();
    }

    /**
     * Ships the files until done (or, following, until {@code stop} is set).
     *
     * @throws IOException for unreadable files or a registry that cannot be saved
     * @throws IllegalStateException when Kafka rejects or cannot take the records
     */
    public long ship(List<Path> files, AtomicBoolean stop)
            throws IOException, InterruptedException {
        String namespace = clusterId() + "/" + config.topic();
        ShipRegistry registry = ShipRegistry.load(config.registry(), namespace);
        java.util.Properties p = new java.util.Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.putAll(config.kafka());
        LogLineParser times = new LogLineParser(ParseContext.defaults());
        List<ShipCursor> cursors = new ArrayList<>();
        for (Path f : files) {
            cursors.add(new ShipCursor(f, config.sourceHost(), config.maxLineLength(), times));
        }
        if (config.fromStart()) {
            cursors.forEach(c -> registry.forget(c.path));
        }
        long started = System.nanoTime();
        Thread saver = new Thread(() -> saveLoop(registry, started), "ship-registry");
        saver.setDaemon(true);
        try (Producer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            int partitions = producer.partitionsFor(config.topic()).size();
            saver.start();
            for (ShipCursor c : cursors) {
                notice(producer, c, OPEN, partitions);
            }
            long[] lastEof = new long[cursors.size()];
            boolean first = true;
            do {
                long before = sent.get();
                round(cursors, producer, registry, stop, partitions, first);
                first = false;
                long now = System.nanoTime();
                for (int i = 0; i < cursors.size(); i++) {
                    if (!config.follow() || now - lastEof[i] >= EOF_EVERY_NANOS) {
                        notice(producer, cursors.get(i), EOF, partitions);
                        lastEof[i] = now;
                    }
                }
                if (config.follow() && sent.get() == before) {
                    Thread.sleep(FOLLOW_POLL_MS);
                }
            } while (config.follow() && !stop.get() && failure.get() == null);
            producer.flush();
        } finally {
            saver.interrupt();
            for (ShipCursor c : cursors) {
                c.close();
            }
            registry.save();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "Kafka did not take the lines: " + failure.get().getMessage());
        }
        return acked.get();
    }

    /**
     * Sends what the files hold beyond their shipped offsets, the earliest line first across all
     * files, until each is at its end.
     */
    private void round(
            List<ShipCursor> cursors,
            Producer<byte[], byte[]> producer,
            ShipRegistry registry,
            AtomicBoolean stop,
            int partitions,
            boolean first)
            throws IOException {
        for (ShipCursor c : cursors) {
            ShipRegistry.Position pos = handedOver.getOrDefault(c.path, registry.get(c.path));
            c.open(pos, config.follow());
            if (first && progress != null && pos != null && !c.hasLine() && pos.offset() > 0) {
                progress.printf(
                        "%s: already shipped to %s (to byte %,d); --from-start sends it again%n",
                        c.path, registry.namespace(), pos.offset());
            }
        }
        while (failure.get() == null && !(stop.get() && !config.follow())) {
            ShipCursor next = null;
            for (ShipCursor c : cursors) {
                if (c.hasLine() && (next == null || c.time() < next.time())) {
                    next = c;
                }
            }
            if (next == null) {
                return;
            }
            send(next, producer, registry, partitions);
            next.advance();
        }
    }

    private void send(
            ShipCursor c,
            Producer<byte[], byte[]> producer,
            ShipRegistry registry,
            int partitions) {
        final long ackOffset = c.end();
        final String fileKey = c.key();
        final String path = c.path;
        sent.incrementAndGet();
        handedOver.put(path, new ShipRegistry.Position(fileKey, ackOffset));
        producer.send(
                new ProducerRecord<>(
                        config.topic(),
                        partition(c, partitions),
                        null,
                        c.recordKey,
                        c.line(),
                        addressHeaders),
                (md, ex) -> {
                    if (ex != null) {
                        failure.compareAndSet(null, ex);
                    } else {
                        acked.incrementAndGet();
                        registry.acknowledge(path, fileKey, ackOffset);
                    }
                });
    }

    private void notice(
            Producer<byte[], byte[]> producer, ShipCursor c, String what, int partitions) {
        RecordHeaders h = new RecordHeaders();
        h.add(new RecordHeader(CONTROL_HEADER, what.getBytes(StandardCharsets.UTF_8)));
        producer.send(
                new ProducerRecord<>(
                        config.topic(), partition(c, partitions), null, c.recordKey, null, h),
                (md, ex) -> {
                    if (ex != null) {
                        failure.compareAndSet(null, ex);
                    }
                });
    }

    /** The partition of a file's folder: an nginx's access and error logs travel together. */
    static int partition(ShipCursor c, int partitions) {
        String key = new String(c.recordKey, StandardCharsets.UTF_8);
        int slash = key.lastIndexOf('/');
        String folder = slash < 0 ? key : key.substring(0, slash);
        return Utils.toPositive(Utils.murmur2(folder.getBytes(StandardCharsets.UTF_8)))
                % partitions;
    }

    /** The Kafka cluster's id, which the registry's positions belong to. */
    private String clusterId() throws InterruptedException {
        Map<String, Object> props = new java.util.HashMap<>(config.kafka());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(props)) {
            return admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(
                    "cannot reach Kafka at " + config.bootstrap() + ": " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * Saves the registry every {@link #SAVE_MILLIS}: a kill -9 sends again only what was
     * acknowledged since (and what was in flight), never loses a line.
     */
    private void saveLoop(ShipRegistry registry, long started) {
        long last = 0;
        int ticks = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(SAVE_MILLIS);
                registry.save();
                if (++ticks % (1000 / SAVE_MILLIS) != 0) {
                    continue;
                }
                long now = acked.get();
                double secs = (System.nanoTime() - started) / 1e9;
                if (progress != null && now != last) {
                    progress.printf(
                            "shipped %,d lines (%,.0f lines/s)%n",
                            now, now / Math.max(secs, 0.001));
                }
                last = now;
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            }
        }
    }
}
