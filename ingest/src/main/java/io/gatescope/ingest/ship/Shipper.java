package io.gatescope.ingest.ship;

import io.gatescope.ingest.read.LineReader;
import io.gatescope.ingest.read.LogFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends log lines to Kafka, one record per line, keyed by the file's path behind the host's name
 * ({@code web-1:/var/log/nginx/access.log}: a file's lines stay in order on one partition, and the
 * analyzer keeps the same path on several hosts apart). Resumes from the {@link ShipRegistry}: only
 * what Kafka acknowledged counts as shipped. With {@code follow}, it tails the files and survives
 * rotation (rename, then a new file) and copy-truncate.
 */
public final class Shipper {

    /**
     * Where and how to ship.
     *
     * @param sourceHost the name records carry before each path, or "" for none
     */
    public record Config(
            String bootstrap,
            String topic,
            boolean follow,
            Path registry,
            int maxLineLength,
            Map<String, String> kafka,
            String sourceHost) {}

    private static final long FOLLOW_POLL_MS = 250;

    private final Config config;
    private final PrintStream progress;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** Within a run: how far each file was handed to the producer (acks may still be pending). */
    private final Map<String, ShipRegistry.Position> handedOver = new java.util.HashMap<>();

    public Shipper(Config config, PrintStream progress) {
        this.config = config;
        this.progress = progress;
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
        ShipRegistry registry = ShipRegistry.load(config.registry());
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
        long started = System.nanoTime();
        Thread saver = new Thread(() -> saveLoop(registry, stop, started), "ship-registry");
        saver.setDaemon(true);
        try (Producer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            saver.start();
            if (config.follow()) {
                follow(files, producer, registry, stop);
            } else {
                for (Path f : files) {
                    shipFile(f, producer, registry, stop, false);
                }
            }
            producer.flush();
        } finally {
            saver.interrupt();
            registry.save();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "Kafka did not take the lines: " + failure.get().getMessage());
        }
        return acked.get();
    }

    private void saveLoop(ShipRegistry registry, AtomicBoolean stop, long started) {
        long last = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1000);
                registry.save();
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

    private void follow(
            List<Path> files,
            Producer<byte[], byte[]> producer,
            ShipRegistry registry,
            AtomicBoolean stop)
            throws IOException, InterruptedException {
        while (!stop.get() && failure.get() == null) {
            long before = sent.get();
            for (Path f : files) {
                if (Files.exists(f)) {
                    shipFile(f, producer, registry, stop, true);
                }
            }
            if (sent.get() == before) {
                Thread.sleep(FOLLOW_POLL_MS);
            }
        }
    }

    /** Ships a file from its acknowledged offset to its current end. */
    private void shipFile(
            Path file,
            Producer<byte[], byte[]> producer,
            ShipRegistry registry,
            AtomicBoolean stop,
            boolean following)
            throws IOException {
        String path = file.toAbsolutePath().toString();
        String key = fileKey(file);
        ShipRegistry.Position pos = handedOver.getOrDefault(path, registry.get(path));
        if (pos != null && !pos.fileKey().equals(key)) {
            // Rotated (renamed, then a new file): finish the old file where it now lives first.
            Path rotated = findByKey(file, pos.fileKey());
            if (rotated != null) {
                shipFrom(
                        rotated,
                        path,
                        pos.fileKey(),
                        pos.offset(),
                        producer,
                        registry,
                        stop,
                        false);
            }
        }
        long offset = pos != null && pos.fileKey().equals(key) ? pos.offset() : 0;
        shipFrom(file, path, key, offset, producer, registry, stop, following);
    }

    private static Path findByKey(Path file, String key) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p) && key.equals(fileKey(p))) {
                    return p;
                }
            }
        }
        return null;
    }

    private void shipFrom(
            Path file,
            String path,
            String key,
            long offset,
            Producer<byte[], byte[]> producer,
            ShipRegistry registry,
            AtomicBoolean stop,
            boolean following)
            throws IOException {
        boolean gz = LogFiles.isGzip(file);
        long size = Files.size(file);
        if (!gz && offset > size) {
            offset = 0; // copy-truncate: the file started over
        }
        try (InputStream in = open(file, gz, offset);
                LineReader reader = new LineReader(in, config.maxLineLength())) {
            long skipTo = gz ? offset : 0;
            long base = gz ? 0 : offset;
            long handed = -1;
            byte[] recordKey =
                    (config.sourceHost().isEmpty() ? path : config.sourceHost() + ":" + path)
                            .getBytes(StandardCharsets.UTF_8);
            byte[] line;
            while ((line = reader.nextBytes()) != null
                    && failure.get() == null
                    && !(stop.get() && !following)) {
                long end = base + reader.bytesRead();
                if (end <= skipTo) {
                    continue;
                }
                if (following && !reader.endedWithNewline()) {
                    break; // a line still being written: take it on the next round
                }
                final long ackOffset = end;
                sent.incrementAndGet();
                handed = end;
                producer.send(
                        new ProducerRecord<>(config.topic(), recordKey, line),
                        (md, ex) -> {
                            if (ex != null) {
                                failure.compareAndSet(null, ex);
                            } else {
                                acked.incrementAndGet();
                                registry.acknowledge(path, key, ackOffset);
                            }
                        });
            }
            if (handed >= 0) {
                handedOver.put(path, new ShipRegistry.Position(key, handed));
            }
        }
    }

    private static InputStream open(Path file, boolean gz, long offset) throws IOException {
        if (gz) {
            return LogFiles.open(file);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(offset);
        return new java.io.BufferedInputStream(Channels.newInputStream(ch), 64 * 1024);
    }

    /** The file's identity across renames (the inode where the platform has one). */
    static String fileKey(Path file) throws IOException {
        Object k = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        return k == null ? file.toAbsolutePath().toString() : k.toString();
    }
}
