package io.gatescope.ingest.parse.nginx;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What compiling a {@code log_format} into a class costs, paid once per format and JVM: {@code
 * BENCH=FormatCompilerBenchmark bash bench/parsers.sh}. Each call defines a new hidden class (the
 * shared cache is bypassed), which the JVM unloads when it is no longer referenced.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FormatCompilerBenchmark {

    private final NginxLogFormat ingress = NginxLogFormat.compile(NginxLogFormat.INGRESS_NGINX);

    @Benchmark
    public CompiledMatcher compileIngressNginxFormat() throws ReflectiveOperationException {
        return ingress.compileAgain();
    }
}
