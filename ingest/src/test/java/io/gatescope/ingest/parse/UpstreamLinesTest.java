package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The upstream's side, as each server and platform prints it (the messages of
 * shared/UPSTREAM-EVIDENCE.md, from their sources, across the versions named there): what each line
 * reports, when, and about which machine or object.
 */
class UpstreamLinesTest {

    static final LogLineParser PARSER =
            new LogLineParser(ParseContext.defaults().withDefaultYear(2026));

    static UpstreamEvent parse(String line) {
        return parse(line, "/var/log/app.log");
    }

    static UpstreamEvent parse(String line, String source) {
        LogEvent e = PARSER.parse(line, source);
        assertThat(e).as(line).isInstanceOf(UpstreamEvent.class);
        return (UpstreamEvent) e;
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // php-fpm (fpm_process_ctl.c, fpm_children.c, fpm_request.c)
                "[14-Mar-2026 09:10:02] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it|POOL_FULL|php-fpm",
                "[14-Mar-2026 09:10:02] WARNING: [pool www] server reached max_children setting (5), consider raising it|POOL_FULL|php-fpm",
                "[14-Mar-2026 09:10:02] WARNING: [pool www] child 4242 exited on signal 9 (SIGKILL) after 12.345678 seconds from start|CRASH|php-fpm",
                "[14-Mar-2026 09:10:02] WARNING: [pool www] child 4242 exited on signal 11 (SIGSEGV - core dumped) after 3.100000 seconds from start|CRASH|php-fpm",
                "[14-Mar-2026 09:10:02] WARNING: [pool www] child 4242, script '/var/www/index.php' (request: \"GET /index.php\") execution timed out (30.001234 sec), terminating|WORKER_TIMEOUT|php-fpm",
                "[14-Mar-2026 09:10:03] NOTICE: [pool www] child 4300 started|STARTED|php-fpm",
                "[14-Mar-2026 09:10:03] NOTICE: [pool www] child 4242 exited with code 0 after 60.000000 seconds from start|NOTE|php-fpm",
                "[14-Mar-2026 09:10:04] ALERT: failed processes threshold (10 in 60 sec) is reached, initiating reload|CRASH_LOOP|php-fpm",
                // gunicorn (arbiter.py), 21.0 and later, and before
                "[2026-03-14 09:10:02 +0000] [780833] [CRITICAL] WORKER TIMEOUT (pid:780834)|WORKER_TIMEOUT|gunicorn",
                "[2026-03-14 09:10:02 +0000] [780833] [ERROR] Worker (pid:780834) was sent SIGKILL! Perhaps out of memory?|OOM_KILL|gunicorn",
                "[2026-03-14 09:10:02 +0000] [780833] [ERROR] Worker (pid:780834) was sent SIGKILL!|OOM_KILL|gunicorn",
                "[2026-03-14 09:10:02 +0000] [780833] [ERROR] Worker (pid:780834) exited with code 1.|CRASH|gunicorn",
                "[2026-03-14 09:10:03 +0000] [780833] [INFO] Booting worker with pid: 780900|STARTED|gunicorn",
                "[2026-03-14 09:10:03 +0000] [780833] [INFO] Handling signal: term|STOPPING|gunicorn",
                // uWSGI (core/master.c, master_utils.c)
                "Sat Mar 14 09:10:02 2026 - *** uWSGI listen queue of socket \"127.0.0.1:3031\" (fd: 3) full !!! (101/100) ***|POOL_FULL|uwsgi",
                "Sat Mar 14 09:10:02 2026 - *** HARAKIRI ON WORKER 2 (pid: 1234, try: 1, graceful: yes) ***|WORKER_TIMEOUT|uwsgi",
                "DAMN ! worker 1 (pid: 1234) died, killed by signal 9 :( trying respawn ...|CRASH|uwsgi",
                "Respawned uWSGI worker 1 (new pid: 1300)|STARTED|uwsgi",
                "worker respawning too fast !!! i have to sleep a bit (2 seconds)...|CRASH_LOOP|uwsgi",
                // Puma (cluster.rb)
                "[1234] ! Terminating timed out worker (Worker 0 failed to check in within 60 seconds): 5678|WORKER_TIMEOUT|puma",
                "[1234] - Worker 0 (PID: 5679) booted in 0.52s, phase: 0|STARTED|puma",
                "[1234] - Starting phased worker restart, phase: 1|STOPPING|puma",
                // Node.js and pm2
                "Node.js v18.18.0|CRASH|node",
                "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory|OOM_KILL|node",
                // Tomcat (JULI) and Spring Boot
                "14-Mar-2026 09:10:02.123 INFO [main] org.apache.coyote.AbstractProtocol.pause Pausing ProtocolHandler [\"http-nio-8080\"]|STOPPING|tomcat",
                "14-Mar-2026 09:10:40.001 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [3412] milliseconds|STARTED|tomcat",
                "2026-03-14T09:10:02.123Z  INFO 1 --- [ionShutdownHook] o.s.b.w.e.tomcat.GracefulShutdown        : Commencing graceful shutdown. Waiting for active requests to complete|STOPPING|spring-boot",
                "Exception in thread \"http-nio-8080-exec-3\" java.lang.OutOfMemoryError: Java heap space|CRASH|jvm",
                // the kernel's OOM killer: current, memcg, before 4.19, the summary line, dmesg -T
                "Out of memory: Killed process 6439 (gunicorn) total-vm:1279212kB, anon-rss:609061kB, file-rss:0kB, shmem-rss:4kB, UID:1000 pgtables:2494kB oom_score_adj:0|OOM_KILL|kernel",
                "[Sat Mar 14 09:10:02 2026] Memory cgroup out of memory: Killed process 4481 (php-fpm) total-vm:512000kB, anon-rss:256000kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:600kB oom_score_adj:0|OOM_KILL|kernel",
                "[12345.678901] Out of memory: Kill process 4481 (stress) score 1994 or sacrifice child|OOM_KILL|kernel",
                "[12345.678902] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/kubepods/pod1,task_memcg=/kubepods/pod1/c1,task=node,pid=77,uid=1000|OOM_KILL|kernel",
            })
    void eachServerAndPlatformLineSaysWhatHappened(String line, Signal signal, String software) {
        UpstreamEvent e = parse(line);
        assertThat(e.signal()).isEqualTo(signal);
        assertThat(e.software()).isEqualTo(software);
    }

    @Test
    void timesAreTheLinesOwnInTheirZone() {
        assertThat(
                        Instant.ofEpochMilli(
                                parse("[14-Mar-2026 09:10:02] WARNING: [pool www] child 1 started")
                                        .timeMillis()))
                .isEqualTo(Instant.parse("2026-03-14T09:10:02Z"));
        assertThat(
                        Instant.ofEpochMilli(
                                parse(
                                                "[2026-03-14 11:10:02 +0200] [1] [CRITICAL] WORKER TIMEOUT (pid:2)")
                                        .timeMillis()))
                .isEqualTo(Instant.parse("2026-03-14T09:10:02Z"));
        assertThat(
                        Instant.ofEpochMilli(
                                parse(
                                                "[Sat Mar 14 09:10:02 2026] Out of memory: Killed process 1 (x)")
                                        .timeMillis()))
                .isEqualTo(Instant.parse("2026-03-14T09:10:02Z"));
    }

    @Test
    void syslogAndJournalHeadersGiveTheTimeAndTheHost() {
        UpstreamEvent k =
                parse(
                        "Mar 14 09:10:02 app-1 kernel: [12345.678901] Out of memory: Killed process 6439 (gunicorn) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:1 pgtables:1kB oom_score_adj:0");
        assertThat(k.signal()).isEqualTo(Signal.OOM_KILL);
        assertThat(k.origin().host()).isEqualTo("app-1");
        assertThat(k.subject()).isEqualTo("gunicorn (pid 6439)");
        assertThat(Instant.ofEpochMilli(k.timeMillis()))
                .isEqualTo(Instant.parse("2026-03-14T09:10:02Z"));
        UpstreamEvent s =
                parse(
                        "2026-03-14T09:10:02+0000 app-1 systemd[1]: gunicorn.service: Failed with result 'oom-kill'.");
        assertThat(s.signal()).isEqualTo(Signal.OOM_KILL);
        assertThat(s.origin().host()).isEqualTo("app-1");
        assertThat(s.origin().workload()).isEqualTo("gunicorn.service");
        assertThat(
                        parse(
                                        "Mar 14 09:10:05 app-1 systemd[1]: gunicorn.service: Scheduled restart job, restart counter is at 5.")
                                .signal())
                .isEqualTo(Signal.CRASH_LOOP);
        assertThat(
                        parse(
                                        "Mar 14 09:10:05 app-1 systemd[1]: gunicorn.service: Main process exited, code=killed, status=9/KILL")
                                .signal())
                .isEqualTo(Signal.CRASH);
        UpstreamEvent g =
                parse(
                        "Mar 14 09:10:02 app-2 gunicorn[780833]: [2026-03-14 09:10:02 +0000] [780833] [CRITICAL] WORKER TIMEOUT (pid:780834)");
        assertThat(g.signal()).isEqualTo(Signal.WORKER_TIMEOUT);
        assertThat(g.origin().host()).isEqualTo("app-2");
        UpstreamEvent j =
                parse(
                        "{\"__REALTIME_TIMESTAMP\":\"1773479402000000\",\"_HOSTNAME\":\"app-3\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"MESSAGE\":\"Out of memory: Killed process 9 (uwsgi) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:1 pgtables:1kB oom_score_adj:0\"}");
        assertThat(j.signal()).isEqualTo(Signal.OOM_KILL);
        assertThat(j.origin().host()).isEqualTo("app-3");
        assertThat(Instant.ofEpochMilli(j.timeMillis()))
                .isEqualTo(Instant.parse("2026-03-14T09:10:02Z"));
    }

    @Test
    void kubernetesEventsNameThePodAndKeepTheirCount() {
        UpstreamEvent e =
                parse(
                        "{\"apiVersion\":\"v1\",\"count\":7,\"firstTimestamp\":\"2026-03-14T09:05:00Z\",\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"web-7d9f8-abcde\",\"namespace\":\"shop\"},\"kind\":\"Event\",\"lastTimestamp\":\"2026-03-14T09:10:02Z\",\"message\":\"Back-off restarting failed container web in pod web-7d9f8-abcde_shop(0c1e)\",\"metadata\":{\"name\":\"web-7d9f8-abcde.17\",\"uid\":\"u-1\"},\"reason\":\"BackOff\",\"type\":\"Warning\"}");
        assertThat(e.signal()).isEqualTo(Signal.CRASH_LOOP);
        assertThat(e.origin().pod()).isEqualTo("web-7d9f8-abcde");
        assertThat(e.origin().namespace()).isEqualTo("shop");
        assertThat(e.count()).isEqualTo(7);
        assertThat(e.id()).isEqualTo("u-1");
        assertThat(Instant.ofEpochMilli(e.timeMillis()))
                .isEqualTo(Instant.parse("2026-03-14T09:10:02Z"));
        UpstreamEvent watch =
                parse(
                        "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Event\",\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"web-7d9f8-xyz12\",\"namespace\":\"shop\"},\"reason\":\"Unhealthy\",\"message\":\"Readiness probe failed: Get \\\"http://10.244.1.7:8080/healthz\\\": dial tcp 10.244.1.7:8080: connect: connection refused\",\"lastTimestamp\":\"2026-03-14T09:10:05Z\",\"metadata\":{\"uid\":\"u-2\"}}}");
        assertThat(watch.signal()).isEqualTo(Signal.PROBE_FAILED);
        assertThat(watch.origin().addresses()).isEqualTo("10.244.1.7");
        assertThat(
                        parse(
                                        "{\"kind\":\"Event\",\"involvedObject\":{\"kind\":\"Deployment\",\"name\":\"web\",\"namespace\":\"shop\"},\"reason\":\"ScalingReplicaSet\",\"message\":\"Scaled down replica set web-7d9f8 to 2 from 3\",\"lastTimestamp\":\"2026-03-14T09:10:00Z\"}")
                                .signal())
                .isEqualTo(Signal.STOPPING);
        assertThat(
                        parse(
                                        "{\"kind\":\"Event\",\"involvedObject\":{\"kind\":\"Node\",\"name\":\"node-3\"},\"reason\":\"NodeNotReady\",\"message\":\"Node node-3 status is now: NodeNotReady\",\"lastTimestamp\":\"2026-03-14T09:10:00Z\"}")
                                .origin()
                                .host())
                .isEqualTo("node-3");
    }

    @Test
    void aPodsLastTerminationSaysOomKilledAndGivesItsAddress() {
        UpstreamEvent e =
                parse(
                        "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"api-5c6d-qwert\",\"namespace\":\"prod\",\"uid\":\"p1\"},\"status\":{\"podIP\":\"10.244.2.9\",\"containerStatuses\":[{\"name\":\"api\",\"restartCount\":3,\"lastState\":{\"terminated\":{\"exitCode\":137,\"reason\":\"OOMKilled\",\"startedAt\":\"2026-03-14T09:01:00Z\",\"finishedAt\":\"2026-03-14T09:10:02Z\"}}}]}}");
        assertThat(e.signal()).isEqualTo(Signal.OOM_KILL);
        assertThat(e.origin().addresses()).isEqualTo("10.244.2.9");
        assertThat(e.origin().pod()).isEqualTo("api-5c6d-qwert");
        assertThat(Instant.ofEpochMilli(e.timeMillis()))
                .isEqualTo(Instant.parse("2026-03-14T09:10:02Z"));
    }

    @Test
    void envelopesNameThePodOrTheHostAndTimeALineWithoutItsOwn() {
        UpstreamEvent k =
                parse(
                        "[pod/web-7d9f8-abcde/web] [1234] ! Terminating timed out worker (Worker 0 failed to check in within 60 seconds): 5678");
        assertThat(k.signal()).isEqualTo(Signal.WORKER_TIMEOUT);
        assertThat(k.origin().pod()).isEqualTo("web-7d9f8-abcde");
        UpstreamEvent cri = parse("2026-03-14T09:10:02.5Z stderr F Node.js v20.11.0");
        assertThat(cri.signal()).isEqualTo(Signal.CRASH);
        assertThat(Instant.ofEpochMilli(cri.timeMillis()))
                .isEqualTo(Instant.parse("2026-03-14T09:10:02.500Z"));
        UpstreamEvent fb =
                parse(
                        "{\"@timestamp\":\"2026-03-14T09:10:02Z\",\"message\":\"DAMN ! worker 1 (pid: 1234) died, killed by signal 9 :( trying respawn ...\",\"log\":{\"file\":{\"path\":\"/var/log/uwsgi.log\"}},\"host\":{\"name\":\"app-4\",\"ip\":[\"10.0.3.14\",\"fe80::1\"]}}");
        assertThat(fb.origin().host()).isEqualTo("app-4");
        assertThat(fb.origin().addresses()).isEqualTo("10.0.3.14");
        assertThat(fb.source()).isEqualTo("app-4:/var/log/uwsgi.log");
        assertThat(
                        parse(
                                        "Out of memory: Killed process 1 (x) total-vm:1kB",
                                        "app-5:/var/log/kern.log")
                                .origin()
                                .host())
                .isEqualTo("app-5");
    }

    @Test
    void pm2SaysWhenItsAppExited() {
        assertThat(
                        parse("PM2        | App [api:0] exited with code [1] via signal [SIGINT]")
                                .signal())
                .isEqualTo(Signal.CRASH);
    }

    @Test
    void stackTraceLinesContinueTheirEntryAndAreNotRejected() {
        for (String l :
                new String[] {
                    "    at Object.<anonymous> (/app/server.js:42:11)",
                    "\tat org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:197)",
                    "Caused by: java.io.IOException: Broken pipe",
                    "\t... 42 more",
                    "#0 /var/www/html/index.php(12): handle()",
                }) {
            assertThat(PARSER.parse(l, "x"))
                    .as(l)
                    .isInstanceOf(io.gatescope.ingest.event.IgnoredLine.class);
        }
    }

    @Test
    void aHealthyPodSaysItsAddressAndItsNode() {
        UpstreamEvent e =
                parse(
                        "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"cart-6d5-a8s7d\",\"namespace\":\"shop\",\"uid\":\"p2\"},\"spec\":{\"nodeName\":\"ip-10-0-3-77.eu-west-1.compute.internal\"},\"status\":{\"podIP\":\"10.244.3.14\",\"startTime\":\"2026-03-14T08:00:00Z\",\"containerStatuses\":[{\"name\":\"cart\",\"restartCount\":0,\"lastState\":{}}]}}");
        assertThat(e.signal()).isEqualTo(Signal.NOTE);
        assertThat(e.origin().addresses()).isEqualTo("10.244.3.14");
        assertThat(e.origin().host()).isEqualTo("ip-10-0-3-77.eu-west-1.compute.internal");
        assertThat(e.origin().pod()).isEqualTo("cart-6d5-a8s7d");
        assertThat(Instant.ofEpochMilli(e.timeMillis()))
                .isEqualTo(Instant.parse("2026-03-14T08:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "[2026-03-14 09:10:33 +0000] [3120] [INFO] Listening at: http://10.0.5.11:8000 (3120)|10.0.5.11:8000",
                "[2026-03-14 09:10:33 +0000] [3120] [INFO] Listening at: unix:/run/gunicorn.sock (3120)|unix:/run/gunicorn.sock",
                "[2026-03-14 09:10:33 +0000] [3120] [INFO] Listening at: http://0.0.0.0:8000 (3120)|''",
                "uwsgi socket 0 bound to TCP address 10.0.6.21:3031 fd 3|10.0.6.21:3031",
                "uwsgi socket 0 bound to UNIX address /run/uwsgi/app.sock fd 3|unix:/run/uwsgi/app.sock",
                "[4512] * Listening on http://10.0.8.4:3000|10.0.8.4:3000",
                "[4512] * Listening on tcp://[::]:3000|''",
            })
    void aServerThatSaysWhereItListensGivesThatAddress(String line, String address) {
        assertThat(parse(line).origin().addresses()).isEqualTo(address);
    }

    @Test
    void uwsgisBannerGivesItsStartTime() {
        UpstreamEvent e =
                parse("*** Starting uWSGI 2.0.23 (64bit) on [Sat Mar 14 08:30:00 2026] ***");
        assertThat(e.signal()).isEqualTo(Signal.NOTE);
        assertThat(Instant.ofEpochMilli(e.timeMillis()))
                .isEqualTo(Instant.parse("2026-03-14T08:30:00Z"));
    }
}
