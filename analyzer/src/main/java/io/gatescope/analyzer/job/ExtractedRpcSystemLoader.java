package io.gatescope.analyzer.job;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.classloading.SubmoduleClassLoader;
import org.apache.flink.runtime.rpc.CleanupOnCloseRpcSystem;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;

/**
 * Loads Flink's Pekko RPC system from the jar the build extracted once ({@code
 * web/target/rpc/flink-rpc-akka.jar}), in the isolated class loader Flink uses for it. Flink's own
 * loader inflates the same 21 MB jar out of its loader jar into a temporary file on every start of
 * a cluster: 0.14 s of CPU on the path of every {@code gatescope analyze}. Flink asks this loader
 * first (lower priority number); without the jar it declines and Flink's loader runs, as on a real
 * Flink cluster.
 */
public final class ExtractedRpcSystemLoader implements RpcSystemLoader {

    /** Where the extracted jar is; the launcher sets the system property of the same name. */
    public static final ConfigOption<String> RPC_JAR =
            ConfigOptions.key("gatescope.flink-rpc-jar")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The flink-rpc-akka.jar extracted from flink-rpc-akka-loader.");

    @Override
    public int getLoadPriority() {
        return -1; // before Flink's PekkoRpcSystemLoader (0)
    }

    @Override
    public RpcSystem loadRpcSystem(Configuration config) {
        // The launcher's JVM property: how this JVM loads RPC classes is a fact of the process.
        String jar = config.getOptional(RPC_JAR).orElse(System.getProperty(RPC_JAR.key()));
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new RpcLoaderException("no extracted flink-rpc-akka.jar: " + jar);
        }
        SubmoduleClassLoader loader;
        try {
            loader =
                    new SubmoduleClassLoader(
                            new URL[] {Path.of(jar).toUri().toURL()},
                            RpcSystem.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new RpcLoaderException(e);
        }
        return new CleanupOnCloseRpcSystem(
                ServiceLoader.load(RpcSystem.class, loader).iterator().next(), loader, null);
    }
}
