package io.gatescope.analyzer.job;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * An embedded Flink MiniCluster that starts in the background as soon as it is asked for, so that
 * its start-up (an RPC actor system, a task manager: over a second here) overlaps with what the
 * caller does meanwhile: sniffing the files and building the job. An environment from {@link
 * #environment()} submits to it, waiting for the start only then; what Flink's local executor does
 * too, minus starting the cluster after the job is built.
 */
public final class LocalCluster implements AutoCloseable {

    private static final String TARGET = "gatescope-local";

    private final Configuration config;
    private final CompletableFuture<MiniCluster> cluster = new CompletableFuture<>();

    private LocalCluster(Configuration config) {
        this.config = config;
    }

    /**
     * Starts a cluster with {@code parallelism} slots on loopback.
     *
     * @param config Flink settings for the cluster and the jobs submitted to it
     */
    public static LocalCluster start(int parallelism, Configuration config) {
        Configuration c = new Configuration(config);
        c.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        c.set(RestOptions.BIND_PORT, "0");
        c.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        c.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        c.set(DeploymentOptions.TARGET, TARGET);
        LocalCluster local = new LocalCluster(c);
        Thread starter =
                new Thread(
                        () -> {
                            try {
                                MiniCluster mc =
                                        new MiniCluster(
                                                new MiniClusterConfiguration.Builder()
                                                        .setConfiguration(c)
                                                        .setNumTaskManagers(1)
                                                        .setNumSlotsPerTaskManager(parallelism)
                                                        .setRpcServiceSharing(
                                                                RpcServiceSharing.SHARED)
                                                        .build());
                                mc.start();
                                local.cluster.complete(mc);
                            } catch (Throwable e) {
                                local.cluster.completeExceptionally(e);
                            }
                        },
                        "gatescope-minicluster-start");
        starter.setDaemon(true);
        starter.start();
        return local;
    }

    /** An environment whose jobs run on this cluster. */
    public StreamExecutionEnvironment environment() {
        return new StreamExecutionEnvironment(
                new Executors(), config, Thread.currentThread().getContextClassLoader());
    }

    /** Stops the cluster (waiting for a start still under way). */
    @Override
    public void close() throws Exception {
        MiniCluster mc;
        try {
            mc = cluster.get();
        } catch (Exception e) {
            return; // it never started: nothing to stop
        }
        mc.closeAsync().get(30, TimeUnit.SECONDS);
    }

    /** Submits a job's graph to the cluster once it runs; the job's end leaves it running. */
    private CompletableFuture<JobClient> submit(StreamGraph graph, ClassLoader classLoader)
            throws Exception {
        MiniCluster mc = cluster.get();
        return mc.submitJob(graph)
                .thenApply(
                        r ->
                                new MiniClusterJobClient(
                                        r.getJobID(),
                                        mc,
                                        classLoader,
                                        MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
    }

    /** Resolves the environment's execution target to this cluster. */
    private final class Executors implements PipelineExecutorServiceLoader {

        @Override
        public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
            return new PipelineExecutorFactory() {
                @Override
                public String getName() {
                    return TARGET;
                }

                @Override
                public boolean isCompatibleWith(Configuration c) {
                    return TARGET.equals(c.get(DeploymentOptions.TARGET));
                }

                @Override
                public PipelineExecutor getExecutor(Configuration c) {
                    return (pipeline, conf, classLoader) ->
                            submit(
                                    PipelineExecutorUtils.getStreamGraph(pipeline, conf),
                                    classLoader);
                }
            };
        }

        @Override
        public Stream<String> getExecutorNames() {
            return Stream.of(TARGET);
        }
    }
}
