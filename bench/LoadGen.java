import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load for the streaming service: nginx access lines stamped with the current time at a fixed rate
 * (a token bucket refilled every 10 ms), one in a hundred a 502 with its error line, as a busy nginx
 * writes them. Prints the lines acknowledged when done.
 *
 * <p>java -cp "web/target/lib/*" bench/LoadGen.java BOOTSTRAP TOPIC LINES_PER_SECOND SECONDS [HOST]
 */
public class LoadGen {
    static final DateTimeFormatter ACCESS =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    static final DateTimeFormatter ERROR =
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT);

    public static void main(String[] a) throws Exception {
        String bootstrap = a[0];
        String topic = a[1];
        double rate = Double.parseDouble(a[2]);
        long seconds = Long.parseLong(a[3]);
        String host = a.length > 4 ? a[4] : "load";
        String accessKey = host + ":/var/log/nginx/access.log";
        String errorKey = host + ":/var/log/nginx/error.log";
        AtomicLong acked = new AtomicLong();
        try (KafkaProducer<String, byte[]> p =
                new KafkaProducer<>(
                        Map.of(
                                "bootstrap.servers", bootstrap,
                                "acks", "1",
                                "linger.ms", "20",
                                "batch.size", "262144",
                                "compression.type", "lz4",
                                "max.block.ms", "60000"),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long sent = 0;
            long conn = 1;
            while (System.nanoTime() < end) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                if (sent >= due) {
                    Thread.sleep(10);
                    continue;
                }
                ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
                String t = ACCESS.format(now);
                for (; sent < due; sent++, conn++) {
                    boolean failed = conn % 100 == 0;
                    String peer = "10.0.4." + (conn % 4 + 10) + ":8080";
                    String line =
                            "203.0.113."
                                    + (conn % 250)
                                    + " - - ["
                                    + t
                                    + "] \"GET /api/v1/items/"
                                    + (conn % 5000)
                                    + " HTTP/1.1\" "
                                    + (failed ? 502 : 200)
                                    + " 512 \"-\" \"loadgen/1.0\" rt=0.012 uct=\"0.001\" uht=\""
                                    + (failed ? "-" : "0.010")
                                    + "\" urt=\"0.011\" ua=\""
                                    + peer
                                    + "\" us=\""
                                    + (failed ? "502" : "200")
                                    + "\" host=shop.load.example cn="
                                    + conn;
                    p.send(
                            new ProducerRecord<>(
                                    topic, 0, accessKey, line.getBytes(StandardCharsets.UTF_8)),
                            (md, ex) -> {
                                if (ex == null) {
                                    acked.incrementAndGet();
                                }
                            });
                    if (failed) {
                        String err =
                                ERROR.format(now)
                                        + " [error] 7#7: *"
                                        + conn
                                        + " upstream prematurely closed connection while reading"
                                        + " response header from upstream, client: 203.0.113."
                                        + (conn % 250)
                                        + ", server: shop.load.example, request: \"GET"
                                        + " /api/v1/items/"
                                        + (conn % 5000)
                                        + " HTTP/1.1\", upstream: \"http://"
                                        + peer
                                        + "/api/v1/items\", host: \"shop.load.example\"";
                        p.send(
                                new ProducerRecord<>(
                                        topic, 0, errorKey, err.getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
            p.flush();
        }
        System.out.println(acked.get());
    }
}
