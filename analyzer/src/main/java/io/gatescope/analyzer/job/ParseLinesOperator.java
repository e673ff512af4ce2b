package io.gatescope.analyzer.job;

import io.gatescope.analyzer.classify.Observations;
import io.gatescope.analyzer.classify.RequestClassifier;
import io.gatescope.analyzer.dimensions.LineHash;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.parse.AccessView;
import io.gatescope.ingest.parse.LineAssembler;
import io.gatescope.ingest.parse.LineBytes;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Parses raw lines and counts the healthy requests among them right here, before any shuffle: most
 * lines of a busy log are requests that went well, and they only need counting per service and
 * step. Access lines (nginx, ALB, HAProxy) are read in place from their bytes, so counting one
 * allocates nothing; failures, error lines and health events are parsed in full and continue one by
 * one, timestamped with their own time.
 *
 * <p>Counted steps go to {@link #PARTIALS} once the watermark passes their end plus the
 * correlator's hold, and are kept in operator state across checkpoints. Rejected lines go to {@link
 * #REJECTED}. Event time: with {@code ownWatermarks} (files) this operator generates the watermark
 * from the lines it parses, with {@link PerSourceWatermarks}, so that each line is parsed once;
 * otherwise (Kafka) the source's watermarks are used.
 */
public class ParseLinesOperator extends AbstractStreamOperator<LogEvent>
        implements OneInputStreamOperator<RawLine, LogEvent> {

    /** Lines that could not be parsed. */
    public static final OutputTag<Rejection> REJECTED = new OutputTag<>("rejected") {};

    /**
     * Counts of lines that arrived after their step was decided, per service and step ({@link
     * StepStats#late}): the incidents of that time say how many of their lines were not analysed.
     */
    public static final OutputTag<StepStats> LATE_LINES = new OutputTag<>("late-lines") {};

    /** Partial steps of healthy requests. */
    public static final OutputTag<StepStats> PARTIALS = new OutputTag<>("healthy-partials") {};

    /** Lines between two watermarks when this operator generates them. */
    static final int WATERMARK_INTERVAL = 1024;

    private final AnalyzerConfig config;
    private final boolean ownWatermarks;
    private transient LogLineParser parser;
    private transient PendingSteps pending;
    private transient ListState<StepStats> checkpointed;
    private transient PerSourceWatermarks<RawLine> generator;
    private transient WatermarkOutput generated;
    private transient long watermark;
    private transient int sinceWatermark;
    private transient StreamRecord<LogEvent> reuse;
    private transient byte[] line;
    private transient ListState<String> checkpointedCounts;
    private transient List<String> restoredCounts;
    private transient LineCounters counters;
    // The sources' unfinished multi-line entries, last times and kinds (LogicalLines): an
    // entry cut by a checkpoint is completed by the lines replayed after a restart.
    private transient ListState<String> checkpointedSources;
    private transient List<String> restoredSources;
    private transient String gatewaySource;
    private transient ServiceAdmission services;
    private transient LateSteps lateSteps;
    private transient LogicalLines entries;
    // The shipping machine's addresses, for the record being parsed (null when not sent).
    private transient String shippedFrom;

    /**
     * @param ownWatermarks generate the watermark from the parsed lines (no source watermarks)
     */
    public ParseLinesOperator(AnalyzerConfig config, boolean ownWatermarks) {
        this.config = config;
        this.ownWatermarks = ownWatermarks;
    }

    @Override
    public void initializeState(StateInitializationContext ctx) throws Exception {
        super.initializeState(ctx);
        pending = new PendingSteps(config.step().toMillis(), RequestCorrelator.MAX_HOLD_MS);
        checkpointed =
                ctx.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "pending-partials", TypeInformation.of(StepStats.class)));
        for (StepStats s : checkpointed.get()) {
            pending.restore(s);
        }
        checkpointedCounts =
                ctx.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("line-counts", Types.STRING));
        restoredCounts = new ArrayList<>();
        checkpointedCounts.get().forEach(restoredCounts::add);
        checkpointedSources =
                ctx.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("logical-lines", Types.STRING));
        restoredSources = new ArrayList<>();
        checkpointedSources.get().forEach(restoredSources::add);
    }

    @Override
    public void open() throws Exception {
        super.open();
        parser = new LogLineParser(config.parseContext());
        generator = config.watermarks(false);
        generated =
                new WatermarkOutput() {
                    @Override
                    public void emitWatermark(org.apache.flink.api.common.eventtime.Watermark w) {
                        if (w.getTimestamp() > watermark) {
                            advance(new Watermark(w.getTimestamp()));
                        }
                    }

                    @Override
                    public void markIdle() {}

                    @Override
                    public void markActive() {}
                };
        watermark = Long.MIN_VALUE;
        reuse = new StreamRecord<>(null);
        line = new byte[1024];
        counters = new LineCounters(getRuntimeContext());
        counters.restore(restoredCounts);
        services = new ServiceAdmission();
        lateSteps = new LateSteps(config.step().toMillis());
        entries = new LogicalLines();
        entries.restore(restoredSources);
        restoredSources = null;
    }

    @Override
    public void snapshotState(StateSnapshotContext ctx) throws Exception {
        super.snapshotState(ctx);
        checkpointed.update(pending.all());
        checkpointedCounts.update(counters.snapshot());
        checkpointedSources.update(entries.snapshot());
    }

    @Override
    public void processElement(StreamRecord<RawLine> record) throws Exception {
        RawLine raw = record.getValue();
        if (raw.control() != null) {
            return; // a shipper's notice: for the watermarks, not a line
        }
        shippedFrom = raw.addresses();
        byte[] bytes = raw.bytes();
        int n = bytes.length;
        int nl = LineBytes.indexOf(bytes, (byte) '\n', 0, n);
        if (nl < 0) {
            parseLine(bytes, n, raw.source()); // one line, as a Kafka record holds
            return;
        }
        // A batch of newline-terminated lines: each is copied out so the parsers see a line
        // starting at 0, which costs less than the batch saved. A file's lines come with their
        // final \r (a line over the limit was cut there, and keeps its last byte).
        int max = config.maxLineLength();
        for (int start = 0; start < n; nl = LineBytes.indexOf(bytes, (byte) '\n', start, n)) {
            int end = nl < 0 ? n : nl;
            int len = end - start;
            if (len > 0 && len <= max && bytes[end - 1] == '\r') {
                len--;
            }
            if (line.length < len) {
                line = new byte[Math.max(len, 2 * line.length)];
            }
            System.arraycopy(bytes, start, line, 0, len);
            parseLine(line, len, raw.source());
            start = end + 1;
        }
    }

    private void parseLine(byte[] bytes, int length, String source) {
        counters.line(length);
        if (entries.mayHold(source, bytes, length)) {
            // A line of an entry over several lines (a JSON document, an nginx error whose
            // message spans lines), or one that may open one: put together first.
            String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
            for (LineAssembler.Entry e : entries.feed(source, text)) {
                parsedEntry(parser.parse(e.line(), source), e.lines());
            }
            watermarkEvery();
            return;
        }
        AccessView v = parser.scanAccess(bytes, length);
        StepStats step =
                v != null && RequestClassifier.isHealthy(v)
                        ? pending.step(service(v), v.timeMillis(), watermark)
                        : null;
        if (step != null) {
            if (source != gatewaySource) {
                // Once per run of lines of one source: enough to say it is a gateway's.
                entries.recognised(source, false);
                gatewaySource = source;
            }
            request(v.timeMillis(), v.status());
            count(step, v);
            long hash = LineHash.of(bytes, length);
            if (step.requestSample.wants(hash)
                    && parser.parse(new String(bytes, 0, length, StandardCharsets.UTF_8), source)
                            instanceof AccessEvent a) {
                // One in many lines of a busy step: parsed in full for the sample's values.
                step.sampleRequest(hash, a);
            }
        } else {
            // Failed requests, late lines and every other kind of line (about one in a hundred in
            // a busy log) take the full parse: the view says enough only to count a request.
            parsed(parser.parse(new String(bytes, 0, length, StandardCharsets.UTF_8), source));
        }
        watermarkEvery();
    }

    private void watermarkEvery() {
        if (ownWatermarks && ++sinceWatermark >= WATERMARK_INTERVAL) {
            sinceWatermark = 0;
            generator.onPeriodicEmit(generated);
        }
    }

    private void parsed(LogEvent e) {
        parsedEntry(e, 1);
    }

    /**
     * A parsed entry read from {@code lines} physical lines (an entry over several lines is
     * rejected or late as many times as it had lines; a List document's later items count none).
     */
    private void parsedEntry(LogEvent e, int lines) {
        if (e instanceof Rejection r
                && Rejection.UNKNOWN_FORMAT.equals(r.reason())
                && entries.upstreamLog(r.source())) {
            return; // an application server's or the platform's other chatter
        }
        if (e instanceof Rejection r) {
            for (int i = 0; i < lines; i++) {
                counters.rejected(r.reason());
            }
            output.collect(REJECTED, new StreamRecord<>(r));
            return;
        }
        if (e instanceof IgnoredLine) {
            return;
        }
        entries.recognised(e.source(), e instanceof UpstreamEvent);
        if (e instanceof UpstreamEvent u) {
            // Joined to incidents whenever it comes (see TriggerJoiner): never late. A line
            // without a time of its own takes its source's last; before any, nothing places it.
            UpstreamEvent timed = entries.timed(u);
            // A line that says who the server is (its listen address) counts whenever it came.
            boolean identity = !timed.origin().addresses().isEmpty();
            if (shippedFrom != null
                    && timed.origin().addresses().isEmpty()
                    && timed.origin().pod().isEmpty()) {
                timed = timed.withOrigin(timed.origin().withAddresses(shippedFrom));
            }
            if ((timed.timeMillis() != Timestamps.INVALID || identity)
                    && !entries.repeatsRoutine(timed)) {
                emit(timed);
            }
            return;
        }
        if (e.timeMillis() != Timestamps.INVALID) {
            entries.seen(e.source(), e.timeMillis());
        }
        if (e.timeMillis() != Timestamps.INVALID && pending.passed(e.timeMillis(), watermark)) {
            // Late, judged here against this operator's own watermark: downstream, whether its
            // step was reported already would depend on which input a task happened to read
            // first, and the same log could give two different documents.
            // Counted, but outside the period the summary reports: it was not analysed.
            late(e);
            return;
        }
        if (e instanceof AccessEvent a) {
            request(a.timeMillis(), a.status());
            String named = RequestCorrelator.serviceName(a, config.defaultService());
            String service = services.admit(named);
            if (RequestClassifier.isHealthy(a)) {
                StepStats step = pending.step(service, a.timeMillis(), watermark);
                if (step != null) {
                    step.add(Observations.ofRequest(a, null, service));
                    step.sampleRequest(LineHash.of(a.raw()), a);
                    return;
                }
            }
            if (!service.equals(named)) {
                e = a.withService(service);
            }
        } else {
            seen(e.timeMillis());
            if (e instanceof ErrorEvent err
                    && !err.host().isEmpty()
                    && !services.admit(err.host()).equals(err.host())) {
                e = err.withHost(ServiceAdmission.OVERFLOW);
            }
        }
        emit(e);
    }

    private void late(LogEvent e) {
        counters.late(e.source());
        String service;
        if (e instanceof AccessEvent a) {
            counters.request(a.status());
            service = services.admit(RequestCorrelator.serviceName(a, config.defaultService()));
        } else if (e instanceof ErrorEvent err) {
            service = services.admit(err.host().isEmpty() ? config.defaultService() : err.host());
        } else if (e instanceof io.gatescope.ingest.event.HealthEvent h) {
            service = services.admit(h.backend());
        } else {
            return;
        }
        lateSteps.add(service, e.timeMillis(), e instanceof ErrorEvent);
    }

    private void request(long time, int status) {
        counters.request(status);
        seen(time);
    }

    private void seen(long time) {
        counters.seen(time);
        if (ownWatermarks) {
            generator.observe("", time); // one file (or range of one) per operator
        }
    }

    private String service(AccessView v) {
        String s = v.service();
        return services.admit(s.isEmpty() ? config.defaultService() : s);
    }

    /** What {@link Observations#ofRequest} adds to a step for a request that went well. */
    private static void count(StepStats step, AccessView v) {
        String peer = v.lastPeer();
        double rt = v.lastResponseTime();
        double session = v.status() == 101 ? v.requestTime() : 0;
        step.countRequest(
                v.timeMillis(),
                v.gateway().name(),
                peer == null || "-".equals(peer) ? "" : peer,
                v.status(),
                UpstreamTry.measured(rt) ? Math.round(rt * 1000) : -1,
                v.upgrade(),
                Double.isNaN(session) ? 0 : session);
    }

    private void emit(LogEvent e) {
        output.collect(reuse.replace(e, e.timeMillis()));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // With own watermarks only the end of the input (MAX) comes from the source.
        if (!ownWatermarks || mark.getTimestamp() == Long.MAX_VALUE) {
            advance(mark);
        }
    }

    private void advance(Watermark mark) {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            // The end of the input: entries still open are read line by line, as they are.
            for (String source : entries.sources()) {
                for (LineAssembler.Entry e : entries.flush(source)) {
                    parsedEntry(parser.parse(e.line(), source), e.lines());
                }
            }
        }
        watermark = mark.getTimestamp();
        pending.flush(watermark, s -> output.collect(PARTIALS, new StreamRecord<>(s, s.stepStart)));
        lateSteps.drain(s -> output.collect(LATE_LINES, new StreamRecord<>(s, s.stepStart)));
        output.emitWatermark(mark);
    }
}
