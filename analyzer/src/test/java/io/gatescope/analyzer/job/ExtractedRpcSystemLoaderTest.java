package io.gatescope.analyzer.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcService;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractedRpcSystemLoaderTest {

    @TempDir Path dir;

    @Test
    void withoutAnExtractedJarItDeclinesSoThatFlinksOwnLoaderRuns() {
        Configuration conf = new Configuration();
        conf.set(ExtractedRpcSystemLoader.RPC_JAR, dir.resolve("missing.jar").toString());
        assertThatThrownBy(() -> new ExtractedRpcSystemLoader().loadRpcSystem(conf))
                .isInstanceOf(RpcLoaderException.class)
                .hasMessageContaining("missing.jar");
    }

    @Test
    void theExtractedJarGivesAWorkingRpcSystemLoadedInIsolation() throws Exception {
        Path jar = dir.resolve("flink-rpc-akka.jar");
        try (InputStream in =
                RpcSystem.class.getClassLoader().getResourceAsStream("flink-rpc-akka.jar")) {
            assertThat(in).as("flink-rpc-akka-loader on the test class path").isNotNull();
            Files.copy(in, jar);
        }
        Configuration conf = new Configuration();
        conf.set(ExtractedRpcSystemLoader.RPC_JAR, jar.toString());
        // Where Flink's own loader would inflate its copy of the jar on every start.
        Path ioTmp = Files.createDirectories(dir.resolve("io-tmp"));
        conf.set(org.apache.flink.configuration.CoreOptions.TMP_DIRS, ioTmp.toString());
        try (RpcSystem rpc = new ExtractedRpcSystemLoader().loadRpcSystem(conf)) {
            RpcService service = rpc.localServiceBuilder(conf).createAndStart();
            try {
                assertThat(service.getAddress()).isNotNull();
                // Loaded from the jar given, in place: no copy inflated into the temporary
                // folders while it runs (Flink's own loader puts one there on every start).
                try (var copies = Files.list(ioTmp)) {
                    assertThat(copies).isEmpty();
                }
                // Pekko stays behind the submodule class loader, off the application class path.
                assertThat(service.getClass().getClassLoader())
                        .isNotSameAs(RpcSystem.class.getClassLoader());
            } finally {
                service.closeAsync().get();
            }
        }
        // The jar (the build's) is left where it is when the RPC system closes.
        assertThat(jar).exists();
    }
}
