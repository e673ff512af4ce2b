package io.gatescope.ingest.parse.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.ParseContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import nl.basjes.parse.core.Parser;
import nl.basjes.parse.httpdlog.HttpdLoglineParser;
import org.junit.jupiter.api.Test;

/**
 * Our nginx access parser against an independent one (nl.basjes logparser, which compiles the same
 * {@code log_format}) on generated lines: client, time, method, URI, status, request time and the
 * upstream address and status lists must agree on every line.
 */
class NginxDifferentialTest {

    static final String FORMAT =
            "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
                    + " \"$http_referer\" \"$http_user_agent\" rt=$request_time"
                    + " ua=\"$upstream_addr\" us=\"$upstream_status\"";

    /** What the independent parser hands over: its field paths and values. */
    public static final class Fields {
        final Map<String, String> values = new TreeMap<>();

        public void set(String path, String value) {
            values.put(path, value);
        }
    }

    private static final List<String> PATHS =
            List.of(
                    "IP:connection.client.host",
                    "TIME.EPOCH:request.receive.time.epoch",
                    "HTTP.METHOD:request.firstline.method",
                    "HTTP.URI:request.firstline.uri",
                    "STRING:request.status.last",
                    "MILLISECONDS:response.server.processing.time",
                    "UPSTREAM_ADDR_LIST:nginxmodule.upstream.addr",
                    "UPSTREAM_STATUS_LIST:nginxmodule.upstream.status");

    private static final DateTimeFormatter CLF =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    @Test
    void ourParserAndAnIndependentOneAgreeOnGeneratedLines() throws Exception {
        Parser<Fields> reference = new HttpdLoglineParser<>(Fields.class, FORMAT);
        reference.addParseTarget(Fields.class.getMethod("set", String.class, String.class), PATHS);
        LogLineParser ours = new LogLineParser(ParseContext.defaults().withNginxLogFormat(FORMAT));
        Random random = new Random(2026);
        for (int i = 0; i < 2_000; i++) {
            String line = line(random);
            Fields f = reference.parse(line);
            LogEvent e = ours.parse(line, "generated");
            assertThat(e).as(line).isInstanceOf(AccessEvent.class);
            AccessEvent a = (AccessEvent) e;
            Map<String, String> v = f.values;
            assertThat(a.client()).as(line).isEqualTo(v.get("IP:connection.client.host"));
            assertThat(a.timeMillis())
                    .as(line)
                    .isEqualTo(Long.parseLong(v.get("TIME.EPOCH:request.receive.time.epoch")));
            assertThat(a.method())
                    .as(line)
                    .isEqualTo(v.get("HTTP.METHOD:request.firstline.method"));
            assertThat(a.uri()).as(line).isEqualTo(v.get("HTTP.URI:request.firstline.uri"));
            assertThat(a.status())
                    .as(line)
                    .isEqualTo(Integer.parseInt(v.get("STRING:request.status.last")));
            assertThat(Math.round(a.requestTime() * 1000))
                    .as(line)
                    .isEqualTo(
                            Long.parseLong(v.get("MILLISECONDS:response.server.processing.time")));
            List<String> peers = new ArrayList<>();
            List<String> statuses = new ArrayList<>();
            for (UpstreamTry t : a.tries()) {
                peers.add(t.address());
                statuses.add(t.status() < 0 ? "-" : Integer.toString(t.status()));
            }
            assertThat(String.join(", ", peers))
                    .as(line)
                    .isEqualTo(v.get("UPSTREAM_ADDR_LIST:nginxmodule.upstream.addr"));
            assertThat(String.join(", ", statuses))
                    .as(line)
                    .isEqualTo(v.get("UPSTREAM_STATUS_LIST:nginxmodule.upstream.status"));
        }
    }

    /** A line in {@link #FORMAT} with random values, retries included. */
    static String line(Random r) {
        String client =
                r.nextInt(5) == 0
                        ? "2001:db8::" + Integer.toHexString(r.nextInt(0xffff))
                        : "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
        String user = r.nextInt(4) == 0 ? "alice" : "-";
        Instant t = Instant.parse("2026-03-14T09:00:00Z").plusSeconds(r.nextInt(86_400));
        String zone = List.of("+0000", "+0100", "-0500", "+0530").get(r.nextInt(4));
        String time =
                CLF.format(
                        t.atOffset(ZoneOffset.of(zone.substring(0, 3) + ":" + zone.substring(3))));
        String method = List.of("GET", "POST", "PUT", "DELETE").get(r.nextInt(4));
        String uri =
                "/api/v"
                        + r.nextInt(3)
                        + "/items/"
                        + r.nextInt(100_000)
                        + (r.nextBoolean() ? "?q=" + r.nextInt(99) + "&page=" + r.nextInt(9) : "");
        int tries = 1 + (r.nextInt(6) == 0 ? 1 + r.nextInt(2) : 0);
        List<String> addrs = new ArrayList<>();
        List<String> sts = new ArrayList<>();
        for (int k = 0; k < tries; k++) {
            addrs.add("10.0.3." + (10 + r.nextInt(5)) + ":8080");
            sts.add(k < tries - 1 ? List.of("502", "504", "503").get(r.nextInt(3)) : "");
        }
        int status = List.of(200, 200, 200, 201, 404, 502, 504).get(r.nextInt(7));
        sts.set(tries - 1, Integer.toString(status));
        String rt = String.format(Locale.ROOT, "%.3f", r.nextInt(30_000) / 1000.0);
        String referer = r.nextBoolean() ? "-" : "https://shop.example.com/p/" + r.nextInt(999);
        String agent =
                List.of("curl/8.5.0", "okhttp/4.12.0", "Mozilla/5.0 (X11; Linux x86_64)")
                        .get(r.nextInt(3));
        return client
                + " - "
                + user
                + " ["
                + time
                + "] \""
                + method
                + " "
                + uri
                + " HTTP/1.1\" "
                + status
                + " "
                + r.nextInt(20_000)
                + " \""
                + referer
                + "\" \""
                + agent
                + "\" rt="
                + rt
                + " ua=\""
                + String.join(", ", addrs)
                + "\" us=\""
                + String.join(", ", sts)
                + "\"";
    }
}
