package io.gatescope.ingest.bench;

import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.parse.AccessView;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.ParseContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lines per second of the parsers, one thread: {@code bash bench/parsers.sh} (adds -prof gc for
 * bytes allocated per line). Each invocation parses a batch of distinct lines so the JIT cannot
 * fold the work away.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParserBenchmark {

    static final int BATCH = 1024;

    @Param({"nginx-upstream", "nginx-combined", "nginx-json", "alb", "haproxy", "nginx-error"})
    public String format;

    private String[] lines;
    private byte[][] bytes;
    private LogLineParser parser;

    @Setup
    public void setup() {
        parser = new LogLineParser(ParseContext.defaults());
        lines = new String[BATCH];
        bytes = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            lines[i] = line(format, i);
            bytes[i] = lines[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static String line(String format, int i) {
        int sec = i % 60;
        return switch (format) {
            case "nginx-upstream" ->
                    "10.1."
                            + (i % 200)
                            + ".7 - - [14/Mar/2026:09:10:"
                            + String.format("%02d", sec)
                            + " +0000] \"GET /api/v1/orders/"
                            + i
                            + " HTTP/1.1\" 200 1834 \"-\" \"okhttp/4.12.0\" rt=0.0"
                            + (i % 90 + 10)
                            + " uct=\"0.001\" uht=\"0.02"
                            + (i % 10)
                            + "\" urt=\"0.02"
                            + (i % 10)
                            + "\" ua=\"10.0.3.1"
                            + (i % 3)
                            + ":8080\" us=\"200\" host=shop.example.com cn="
                            + (1000 + i);
            case "nginx-combined" ->
                    "203.0.113."
                            + (i % 250)
                            + " - - [14/Mar/2026:09:10:"
                            + String.format("%02d", sec)
                            + " +0100] \"GET /products/"
                            + i
                            + " HTTP/1.1\" 200 5120 \"https://shop.example.com/\" \"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36\"";
            case "nginx-json" ->
                    "{\"time_iso8601\":\"2026-03-14T09:10:"
                            + String.format("%02d", sec)
                            + "+00:00\",\"remote_addr\":\"10.9.9."
                            + (i % 250)
                            + "\",\"request\":\"GET /x/"
                            + i
                            + " HTTP/1.1\",\"status\":\"200\",\"request_time\":\"0.012\",\"upstream_addr\":\"10.0.0.5:80\","
                            + "\"upstream_status\":\"200\",\"upstream_connect_time\":\"0.001\",\"upstream_response_time\":\"0.011\",\"host\":\"api.example.com\"}";
            case "alb" ->
                    "https 2026-03-14T09:10:"
                            + String.format("%02d", sec)
                            + ".123456Z app/prod-alb/50dc6c495c0c9188 198.51.100."
                            + (i % 250)
                            + ":51234 10.0.12.5:8080 0.000 0.0"
                            + (i % 90 + 10)
                            + " 0.000 200 200 734 4096 \"GET https://api.example.com:443/v1/items/"
                            + i
                            + " HTTP/1.1\" \"curl/8.5.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
                            + "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-tg/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"api.example.com\" "
                            + "\"arn:aws:acm:us-east-1:123456789012:certificate/x\" 0 2026-03-14T09:10:00.120000Z \"forward\" \"-\" \"-\" \"10.0.12.5:8080\" \"200\" \"-\" \"-\" TID_1";
            case "haproxy" ->
                    "Mar 14 09:10:"
                            + String.format("%02d", sec)
                            + " lb1 haproxy[2211]: 10.0.0."
                            + (i % 250)
                            + ":51234 [14/Mar/2026:09:10:"
                            + String.format("%02d", sec)
                            + ".120] fe_http be_api/api"
                            + (i % 3)
                            + " 0/0/1/"
                            + (i % 50)
                            + "/"
                            + (i % 50 + 2)
                            + " 200 2048 - - ---- 10/10/3/1/0 0/0 \"GET /v1/items/"
                            + i
                            + " HTTP/1.1\"";
            case "nginx-error" ->
                    "2026/03/14 09:10:"
                            + String.format("%02d", sec)
                            + " [error] 1234#1234: *"
                            + (5000 + i)
                            + " connect() failed (111: Connection refused) while connecting to upstream, client: 10.1.2."
                            + (i % 250)
                            + ", server: api.example.com, request: \"GET /v1/x/"
                            + i
                            + " HTTP/1.1\", upstream: \"http://10.0.3.11:8080/v1/x/"
                            + i
                            + "\", host: \"api.example.com\"";
            default -> throw new IllegalArgumentException(format);
        };
    }

    /**
     * The analyzer's fast path for access lines (nginx text formats, ALB, HAProxy): read in place
     * from their bytes, then what counting a healthy request needs (time, status, service, last
     * peer and its time, hidden retries). Other lines (JSON, error lines) fall back to the full
     * parse, as in the analyzer.
     */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(BATCH)
    public long scan() {
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            AccessView v = parser.scanAccess(bytes[i], bytes[i].length);
            if (v == null) {
                sum += parser.parse(lines[i], "bench").timeMillis();
                continue;
            }
            sum += v.timeMillis() + v.status() + v.service().length();
            if (v.tryCount() > 0 && !v.failedBeforeLast()) {
                sum += v.lastPeer().length() + (long) (v.lastResponseTime() * 1000);
            }
        }
        return sum;
    }

    /** Parses the whole batch into full events (what a failed request or an error line needs). */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(BATCH)
    public long parse() {
        long sum = 0;
        for (String l : lines) {
            LogEvent e = parser.parse(l, "bench");
            sum += e.timeMillis();
        }
        return sum;
    }
}
