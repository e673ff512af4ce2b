package io.gatescope.ingest.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one node) on 127.0.0.1, run as
 * a child JVM from the Kafka jars on this process' class path: a broker crash cannot take the
 * caller with it, and only the stable {@code kafka.Kafka} entry point is used. The storage
 * directory is formatted on first start and reused afterwards.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final int port;
    private final Process process;

    private EmbeddedKafkaBroker(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Starts a broker and waits until it serves requests.
     *
     * @param dir where the broker keeps its data and its log ({@code broker.log})
     * @param port the client port, 0 for a free one
     * @throws IllegalStateException with a one-line reason when the broker does not come up
     */
    public static EmbeddedKafkaBroker start(Path dir, int port)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int clientPort = port == 0 ? freePort() : port;
        if (!isFree(clientPort)) {
            throw new IllegalStateException(
                    "port " + clientPort + " is in use; pick another with --kafka-port");
        }
        int controllerPort = freePort();
        Path props = dir.resolve("server.properties");
        Path data = dir.resolve("data");
        Files.writeString(props, config(clientPort, controllerPort, data));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Path log = dir.resolve("broker.log");
        if (!Files.exists(data.resolve("meta.properties"))) {
            Process format =
                    new ProcessBuilder(
                                    java,
                                    "-Xmx128m",
                                    "-cp",
                                    cp,
                                    "kafka.tools.StorageTool",
                                    "format",
                                    "-t",
                                    clusterId(),
                                    "-c",
                                    props.toString(),
                                    "--ignore-formatted")
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka storage failed; see " + log);
            }
        }
        Process p =
                new ProcessBuilder(
                                java,
                                "-Xmx384m",
                                "-XX:+UseSerialGC",
                                "-cp",
                                cp,
                                "kafka.Kafka",
                                props.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(clientPort, p);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-stop"));
        broker.awaitReady(log);
        return broker;
    }

    private static String config(int clientPort, int controllerPort, Path data) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + clientPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", data.toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Without this the first consumer group waits seconds for more members.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // The cleaner's default 128 MiB buffer is most of a small broker's heap.
        p.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "true");
        StringBuilder sb = new StringBuilder("# written by gatescope\n");
        p.stringPropertyNames().stream()
                .sorted()
                .forEach(k -> sb.append(k).append('=').append(p.getProperty(k)).append('\n'));
        return sb.toString();
    }

    private void awaitReady(Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited at start; see " + log);
            }
            if (!isFree(port)) {
                try (Admin admin =
                        Admin.create(
                                java.util.Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        bootstrap(),
                                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                        "5000",
                                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                        "5000"))) {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    // the listener is open but the node has not joined its quorum yet
                }
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("the Kafka broker did not start within 90 s; see " + log);
    }

    /** {@code 127.0.0.1:PORT}, for clients. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kafka's own ids never start with '-', which the storage tool would take for an option. */
    private static String clusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFree(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
