package io.gatescope.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ships into a real KRaft broker started from the Kafka jars, and reads the topic back. */
class ShipperIT {

    @TempDir static Path tmp;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"), 0);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static Path logFile(Path dir, String name, int lines) throws Exception {
        Files.createDirectories(dir);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            out.add(
                    "10.0.0."
                            + (i % 250)
                            + " - - [14/Mar/2026:09:00:00 +0000] \"GET /item/"
                            + i
                            + " HTTP/1.1\" 200 12 \"-\" \"ua\"");
        }
        return Files.write(dir.resolve(name), out);
    }

    /** The record keys that the last {@link #readAll} saw. */
    static final java.util.Set<String> keysRead = new java.util.HashSet<>();

    /** The notices the last {@link #readAll} saw, in order: {@code KEY NOTICE}. */
    static final List<String> noticesRead = new ArrayList<>();

    static List<String> readAll(String topic, int atLeast) {
        keysRead.clear();
        noticesRead.clear();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + System.nanoTime());
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int idle = 0;
            while (System.nanoTime() < deadline && (out.size() < atLeast || idle < 3)) {
                var records = c.poll(Duration.ofMillis(500));
                idle = records.isEmpty() ? idle + 1 : 0;
                for (ConsumerRecord<String, byte[]> r : records) {
                    var notice = r.headers().lastHeader(Shipper.CONTROL_HEADER);
                    if (notice != null) {
                        noticesRead.add(
                                r.key()
                                        + " "
                                        + new String(
                                                notice.value(),
                                                java.nio.charset.StandardCharsets.UTF_8));
                        continue;
                    }
                    out.add(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
                    keysRead.add(r.key());
                }
            }
        }
        return out;
    }

    @Test
    void everyLineShippedArrivesExactlyOnce() throws Exception {
        Path f = logFile(tmp.resolve("a"), "access.log", 5000);
        Shipper s =
                new Shipper(
                        new Shipper.Config(
                                broker.bootstrap(),
                                "t-once",
                                false,
                                tmp.resolve("a/registry.json"),
                                65536,
                                Map.of(),
                                "test-host"),
                        null);
        assertThat(s.ship(List.of(f), new AtomicBoolean())).isEqualTo(5000);
        List<String> got = readAll("t-once", 5000);
        assertThat(got).hasSize(5000);
        assertThat(new HashSet<>(got)).hasSize(5000);
        assertThat(keysRead).containsExactly("test-host:" + f.toAbsolutePath());
        // A second run resumes at the end: nothing is sent again.
        Shipper again =
                new Shipper(
                        new Shipper.Config(
                                broker.bootstrap(),
                                "t-once",
                                false,
                                tmp.resolve("a/registry.json"),
                                65536,
                                Map.of(),
                                "test-host"),
                        null);
        assertThat(again.ship(List.of(f), new AtomicBoolean())).isZero();
        assertThat(readAll("t-once", 5000)).hasSize(5000);
    }

    @Test
    void aShipperKilledHalfwayResumesWithoutLosingLines() throws Exception {
        Path f = logFile(tmp.resolve("b"), "access.log", 200_000);
        Path registry = tmp.resolve("b/registry.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p =
                new ProcessBuilder(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                ShipperProcess.class.getName(),
                                broker.bootstrap(),
                                "t-kill",
                                registry.toString(),
                                f.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("b/ship.out").toFile())
                        .start();
        // Kill -9 once the registry shows progress but before the end.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && savedOffset(registry) <= 0) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the shipper was still shipping when killed").isTrue();
        p.destroyForcibly().waitFor();
        long saved = savedOffset(registry);
        assertThat(saved).as("offset saved at the kill").isStrictlyBetween(0L, Files.size(f));
        Shipper s =
                new Shipper(
                        new Shipper.Config(
                                broker.bootstrap(),
                                "t-kill",
                                false,
                                registry,
                                65536,
                                Map.of(),
                                "test-host"),
                        null);
        s.ship(List.of(f), new AtomicBoolean());
        List<String> got = readAll("t-kill", 200_000);
        Set<String> distinct = new HashSet<>(got);
        assertThat(distinct).hasSize(200_000);
        // Lines sent but not yet recorded as acknowledged at the kill may come twice, nothing more:
        // what was in flight (at most five batches of 16 KiB, as ShipperProcess configures the
        // producer, of ~70-byte lines) and what was acknowledged since the registry's last save,
        // at the fastest rate the shipper reported.
        long inFlight = 5 * 16_384 / 60;
        long sinceSave = Math.round(fastestRate(tmp.resolve("b/ship.out")) * 0.2);
        assertThat((long) got.size() - distinct.size()).isLessThanOrEqualTo(inFlight + sinceSave);
    }

    /** The offset the registry file holds for its one file, or -1. */
    static long savedOffset(Path registry) throws Exception {
        if (!Files.exists(registry)) {
            return -1;
        }
        try {
            var tree =
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(registry.toFile());
            var it = tree.elements();
            return it.hasNext() ? it.next().path("offset").asLong(-1) : -1;
        } catch (java.io.IOException e) {
            return -1; // being replaced at this moment
        }
    }

    /** The highest rate in "shipped N lines (R lines/s)" progress lines, or 300 k when none. */
    static double fastestRate(Path out) throws Exception {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\\(([0-9,]+) lines/s\\)")
                        .matcher(Files.readString(out));
        double best = 0;
        while (m.find()) {
            best = Math.max(best, Double.parseDouble(m.group(1).replace(",", "")));
        }
        return best == 0 ? 300_000 : best;
    }

    @Test
    void filesAreAnnouncedSentInTimeOrderAcrossFilesAndSaidToBeShippedToTheirEnd()
            throws Exception {
        Path dir = tmp.resolve("d");
        Files.createDirectories(dir);
        List<String> a = new ArrayList<>();
        List<String> e = new ArrayList<>();
        for (int m = 0; m < 20; m++) {
            a.add(
                    String.format(
                            "10.0.0.1 - - [14/Mar/2026:09:%02d:00 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"ua\"",
                            m));
            e.add(
                    String.format(
                            "2026/03/14 09:%02d:30 [error] 1#1: *%d connect() failed (111: Connection"
                                    + " refused) while connecting to upstream",
                            m, m));
        }
        Path access = Files.write(dir.resolve("access.log"), a);
        Path error = Files.write(dir.resolve("error.log"), e);
        Shipper s = shipper("t-order", dir.resolve("registry.json"), false, false);
        assertThat(s.ship(List.of(access, error), new AtomicBoolean())).isEqualTo(40);
        List<String> got = readAll("t-order", 40);
        List<String> expected = new ArrayList<>();
        for (int m = 0; m < 20; m++) {
            expected.add(a.get(m));
            expected.add(e.get(m));
        }
        assertThat(got).containsExactlyElementsOf(expected);
        String ka = "test-host:" + access.toAbsolutePath();
        String ke = "test-host:" + error.toAbsolutePath();
        assertThat(noticesRead)
                .containsExactly(ka + " open", ke + " open", ka + " eof", ke + " eof");
    }

    @Test
    void positionsBelongToTheirTopicAndFromStartSendsEverythingAgain() throws Exception {
        Path f = logFile(tmp.resolve("e"), "access.log", 300);
        Path registry = tmp.resolve("e/registry.json");
        assertThat(shipper("t-first", registry, false, false).ship(List.of(f), new AtomicBoolean()))
                .isEqualTo(300);
        // Another topic (or cluster) has none of it: all of it goes there.
        assertThat(
                        shipper("t-second", registry, false, false)
                                .ship(List.of(f), new AtomicBoolean()))
                .isEqualTo(300);
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        Shipper again =
                new Shipper(
                        new Shipper.Config(
                                broker.bootstrap(),
                                "t-first",
                                false,
                                registry,
                                65536,
                                Map.of(),
                                "test-host"),
                        new java.io.PrintStream(said, true));
        assertThat(again.ship(List.of(f), new AtomicBoolean())).isZero();
        assertThat(said.toString())
                .contains(f.toAbsolutePath() + ": already shipped to ")
                .contains("--from-start");
        assertThat(shipper("t-first", registry, false, true).ship(List.of(f), new AtomicBoolean()))
                .isEqualTo(300);
        assertThat(readAll("t-first", 600)).hasSize(600);
    }

    static Shipper shipper(String topic, Path registry, boolean follow, boolean fromStart) {
        return new Shipper(
                new Shipper.Config(
                        broker.bootstrap(),
                        topic,
                        follow,
                        registry,
                        65536,
                        Map.of(),
                        "test-host",
                        fromStart),
                null);
    }

    @Test
    void followingSurvivesRenameRotationAndCopyTruncate() throws Exception {
        Path dir = tmp.resolve("c");
        Path f = logFile(dir, "access.log", 100);
        AtomicBoolean stop = new AtomicBoolean();
        Shipper s =
                new Shipper(
                        new Shipper.Config(
                                broker.bootstrap(),
                                "t-follow",
                                true,
                                dir.resolve("registry.json"),
                                65536,
                                Map.of(),
                                "test-host"),
                        null);
        Thread t =
                new Thread(
                        () -> {
                            try {
                                s.ship(List.of(f), stop);
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
        t.start();
        waitFor(() -> s.acknowledged() >= 100);
        Files.writeString(f, "appended line 1\n", java.nio.file.StandardOpenOption.APPEND);
        waitFor(() -> s.acknowledged() >= 101);
        Files.writeString(f, "written before rotation\n", java.nio.file.StandardOpenOption.APPEND);
        Files.move(f, dir.resolve("access.log.1"));
        Files.writeString(f, "new file line 1\nnew file line 2\n");
        waitFor(() -> s.acknowledged() >= 104);
        Files.writeString(f, "");
        Files.writeString(f, "after truncate\n");
        waitFor(() -> s.acknowledged() >= 105);
        stop.set(true);
        t.join(10_000);
        List<String> got = readAll("t-follow", 105);
        assertThat(got)
                .contains(
                        "appended line 1",
                        "written before rotation",
                        "new file line 1",
                        "new file line 2",
                        "after truncate");
        assertThat(got).hasSize(105);
    }

    static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(c.getAsBoolean()).as("condition within 30 s").isTrue();
    }
}
