package io.gatescope.web.service;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Flink session cluster for tests, without Docker and without flink-dist (which is not on Maven
 * Central): a JobManager and a TaskManager as separate JVMs, their class path made of the Flink
 * module jars the build copied to web/target/lib.
 */
final class StandaloneFlinkCluster implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    final int restPort;

    private StandaloneFlinkCluster(int restPort) {
        this.restPort = restPort;
    }

    static StandaloneFlinkCluster start(Path dir, Path lib) throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        int rest = freePort();
        int rpc = freePort();
        Files.writeString(
                dir.resolve("conf/config.yaml"),
                String.join(
                        "\n",
                        "jobmanager.rpc.address: localhost",
                        "jobmanager.rpc.port: " + rpc,
                        "jobmanager.bind-host: localhost",
                        "rest.port: " + rest,
                        "rest.address: localhost",
                        "rest.bind-address: localhost",
                        "taskmanager.host: localhost",
                        "taskmanager.bind-host: localhost",
                        "taskmanager.numberOfTaskSlots: 4",
                        "taskmanager.cpu.cores: 2",
                        "taskmanager.memory.framework.heap.size: 128m",
                        "taskmanager.memory.task.heap.size: 512m",
                        "taskmanager.memory.managed.size: 64m",
                        "taskmanager.memory.framework.off-heap.size: 128m",
                        "taskmanager.memory.task.off-heap.size: 0m",
                        "taskmanager.memory.network.min: 64m",
                        "taskmanager.memory.network.max: 64m",
                        "taskmanager.memory.jvm-metaspace.size: 256m",
                        "taskmanager.memory.jvm-overhead.min: 192m",
                        "taskmanager.memory.jvm-overhead.max: 192m",
                        "parallelism.default: 1",
                        ""));
        String cp;
        try (Stream<Path> s = Files.list(lib)) {
            cp =
                    s.filter(p -> isClusterJar(p.getFileName().toString()))
                            .map(Path::toString)
                            .sorted()
                            .collect(Collectors.joining(File.pathSeparator));
        }
        StandaloneFlinkCluster c = new StandaloneFlinkCluster(rest);
        c.spawn(
                dir,
                cp,
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                "jobmanager");
        c.spawn(dir, cp, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "taskmanager");
        c.awaitTaskManager();
        return c;
    }

    private void spawn(Path dir, String cp, String main, String name) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx768m");
        String opens = System.getProperty("gatescope.flink.opens", "");
        if (opens.isBlank()) {
            throw new IllegalStateException(
                    "gatescope.flink.opens is not set: run through Maven (failsafe passes the pom's flink.jvm.opens)");
        }
        cmd.addAll(List.of(opens.trim().split("\\s+")));
        cmd.addAll(List.of("-cp", cp, main, "--configDir", dir.resolve("conf").toString()));
        processes.add(
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(name + ".log").toFile())
                        .start());
    }

    private void awaitTaskManager() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                String body =
                        http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://localhost:"
                                                                        + restPort
                                                                        + "/overview"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
                if (body.contains("\"taskmanagers\":1")) {
                    return;
                }
            } catch (IOException notYet) {
                // the REST endpoint is not up yet
            }
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a Flink process exited at start");
                }
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the Flink cluster did not come up in 90 s");
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What flink-dist's lib/ would hold: Flink and its own dependencies, none of the job's. */
    static boolean isClusterJar(String name) {
        for (String userSide :
                List.of(
                        "gatescope-",
                        "kafka",
                        "flink-connector-kafka",
                        "lucene-",
                        "HdrHistogram",
                        "jackson-",
                        "picocli",
                        "javalin",
                        "jetty-",
                        "micrometer",
                        "selenium",
                        "okhttp",
                        "kotlin")) {
            if (name.startsWith(userSide)) {
                return false;
            }
        }
        return true;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
