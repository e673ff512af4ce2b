package io.gatescope.web.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Detection latency of the running service (bench/latency.sh): replays nginx access lines in real
 * time into Kafka for several services, then breaks one service after another (every request to its
 * upstream refused) and measures, for each, the time from the Kafka acknowledgement of the first
 * 502 to the incident appearing in {@code /api/incidents}.
 *
 * <p>Arguments: BOOTSTRAP API_BASE [SERVICES] [WARMUP_SECONDS] [LINES_PER_SECOND_PER_SERVICE].
 */
public final class DetectionLatencyBenchmark {

    private static final DateTimeFormatter CLF =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private final KafkaProducer<byte[], byte[]> producer;
    private final int services;
    private final int rate;
    private final boolean[] broken;
    private final AtomicLong firstBadAck = new AtomicLong();
    private long seq;
    private volatile boolean running = true;

    private DetectionLatencyBenchmark(String bootstrap, int services, int rate) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put(
                "linger.ms",
                "5"); // shippers batch too; at 20 k lines/s one request per line costs more than
        // the service
        p.put("acks", "all");
        this.producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.services = services;
        this.rate = rate;
        this.broken = new boolean[services];
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String api = args[1];
        int services = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 90;
        int rate = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        DetectionLatencyBenchmark b = new DetectionLatencyBenchmark(bootstrap, services, rate);
        Thread traffic = new Thread(b::replay, "replay");
        traffic.setDaemon(true);
        traffic.start();
        System.err.printf("warming up %d s (%d services x %d lines/s)%n", warmup, services, rate);
        Thread.sleep(warmup * 1000L);
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        Histogram latencies = new Histogram(3);
        List<Long> all = new ArrayList<>();
        for (int k = 0; k < services; k++) {
            String service = service(k);
            b.firstBadAck.set(0);
            synchronized (b) {
                b.broken[k] = true;
            }
            long seen = 0;
            long deadline = System.currentTimeMillis() + 120_000;
            while (seen == 0 && System.currentTimeMillis() < deadline) {
                JsonNode incidents = incidents(http, json, api, service);
                if (incidents.size() > 0 && b.firstBadAck.get() > 0) {
                    seen = System.currentTimeMillis();
                } else {
                    Thread.sleep(20);
                }
            }
            synchronized (b) {
                b.broken[k] = false;
            }
            if (seen == 0) {
                System.err.printf("%s: no incident within 120 s%n", service);
                continue;
            }
            long latency = seen - b.firstBadAck.get();
            latencies.recordValue(Math.max(0, latency));
            all.add(latency);
            System.err.printf("%s: incident after %d ms%n", service, latency);
            Thread.sleep(3_000);
        }
        // The final steps (after the step, the correlator's hold and the out-of-orderness) must
        // confirm each early incident under the same id: one incident per service, not two.
        Thread.sleep(45_000);
        int duplicated = 0;
        int missing = 0;
        for (int k = 0; k < services; k++) {
            int n = incidents(http, json, api, service(k)).size();
            duplicated += Math.max(0, n - 1);
            missing += n == 0 ? 1 : 0;
        }
        b.running = false;
        System.out.printf(
                "services with more than one incident: %d, with none (retracted): %d%n",
                duplicated, missing);
        System.out.printf(
                "detection latency over %d incidents: p50 %d ms, p95 %d ms, max %d ms%n",
                latencies.getTotalCount(),
                latencies.getValueAtPercentile(50),
                latencies.getValueAtPercentile(95),
                latencies.getMaxValue());
        b.producer.close();
    }

    private static JsonNode incidents(
            HttpClient http, ObjectMapper json, String api, String service) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(api + "/api/incidents?service=" + service))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return json.readTree(r.body()).path("incidents");
    }

    private static String service(int k) {
        return "svc" + k + ".example.com";
    }

    private long clfSecond = -1;
    private String clf;

    /** The current time as $time_local, formatted once per second. */
    private String clfNow() {
        long sec = System.currentTimeMillis() / 1000;
        if (sec != clfSecond) {
            clfSecond = sec;
            clf = ZonedDateTime.now(ZoneOffset.UTC).format(CLF);
        }
        return clf;
    }

    /** Real-time traffic: every service gets {@code rate} lines per second, stamped now. */
    private void replay() {
        long periodNanos = 1_000_000_000L / ((long) rate * services);
        long next = System.nanoTime();
        while (running) {
            int k = (int) (seq % services);
            boolean bad;
            synchronized (this) {
                bad = broken[k];
            }
            send(k, bad);
            next += periodNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(sleep);
            }
        }
    }

    private void send(int k, boolean bad) {
        long id = seq++;
        String time = clfNow();
        String peer = "10.0." + k + "." + (11 + id % 3) + ":8080";
        // Concatenation, not String.format: at 20 k lines/s the generator must not take the
        // core the service is measured on.
        String line =
                "203.0.113."
                        + (id % 250 + 2)
                        + " - - ["
                        + time
                        + "] \"GET /api/v1/orders HTTP/1.1\" "
                        + (bad
                                ? "502 157 \"-\" \"okhttp/4.12.0\" rt=0.001 uct=\"-\" uht=\"-\""
                                        + " urt=\"0.000\" ua=\""
                                        + peer
                                        + "\" us=\"502\""
                                : "200 1834 \"-\" \"okhttp/4.12.0\" rt=0.020 uct=\"0.001\""
                                        + " uht=\"0.019\" urt=\"0.019\" ua=\""
                                        + peer
                                        + "\" us=\"200\"")
                        + " host="
                        + service(k)
                        + " cn="
                        + id;
        byte[] key = ("/var/log/nginx/access-" + k + ".log").getBytes(StandardCharsets.UTF_8);
        producer.send(
                new ProducerRecord<>("gatescope.raw", key, line.getBytes(StandardCharsets.UTF_8)),
                (md, ex) -> {
                    if (bad && ex == null) {
                        firstBadAck.compareAndSet(0, System.currentTimeMillis());
                    }
                });
    }
}
