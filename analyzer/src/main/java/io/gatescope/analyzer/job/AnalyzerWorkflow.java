package io.gatescope.analyzer.job;

import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.Observation;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.analyzer.triggers.TriggerJoiner;
import io.gatescope.analyzer.wire.LogEventSerializer;
import io.gatescope.analyzer.wire.StepStatsSerializer;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamEvent;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The analyzer's dataflow, independent of where lines come from and where findings go: parse →
 * correlate requests with error lines → per-service steps → episodes and ranked causes. {@code
 * analyze} feeds it files, the service feeds it Kafka; tests feed it anything.
 */
public final class AnalyzerWorkflow {

    private AnalyzerWorkflow() {}

    /**
     * One source's parsed events, its pre-counted healthy requests, its rejected lines, and the
     * counts of its lines that came too late (see {@link ParseLinesOperator#LATE_LINES}).
     */
    public record Parsed(
            DataStream<LogEvent> events,
            DataStream<StepStats> partials,
            DataStream<Rejection> rejected,
            DataStream<StepStats> late) {

        /** Both sources' streams as one. */
        public Parsed union(Parsed o) {
            return new Parsed(
                    events.union(o.events),
                    partials.union(o.partials),
                    rejected.union(o.rejected),
                    late.union(o.late));
        }
    }

    /**
     * Parses one source's lines with event time generated right there, per source: a watermark over
     * a union of files read at different speeds would make the slower file's lines late.
     *
     * @param name a stable name for the operators (uids derive from it)
     */
    public static Parsed parse(DataStream<RawLine> lines, AnalyzerConfig config, String name) {
        return parse(lines, new ParseLinesOperator(config, true), "parse " + name, "parse-" + name);
    }

    /**
     * Parses lines whose source already assigned event time and watermarks (the Kafka source does,
     * per partition, see {@link LineTimestampAssigner}).
     */
    public static Parsed parseTimestamped(DataStream<RawLine> lines, AnalyzerConfig config) {
        return parse(lines, new ParseLinesOperator(config, false), "parse lines", "parse-lines");
    }

    private static Parsed parse(
            DataStream<RawLine> lines, ParseLinesOperator parser, String name, String uid) {
        SingleOutputStreamOperator<LogEvent> parsed =
                lines.transform(name, LogEventSerializer.TYPE, parser)
                        .setParallelism(lines.getParallelism())
                        .uid(uid);
        return new Parsed(
                parsed,
                parsed.getSideOutput(ParseLinesOperator.PARTIALS),
                parsed.getSideOutput(ParseLinesOperator.REJECTED),
                parsed.getSideOutput(ParseLinesOperator.LATE_LINES));
    }

    /**
     * Wires correlation, steps and detection onto parsed, timestamped events; returns the findings
     * (incidents and timeline steps). Late lines are counted in the {@code late} accumulator.
     *
     * @param streaming the input never ends (Kafka): chronic findings are checked periodically
     */
    public static DataStream<Finding> defineWorkflow(
            Parsed parsed, AnalyzerConfig config, boolean streaming) {
        DataStream<LogEvent> all = parsed.events();
        DataStream<StepStats> partials = parsed.partials();
        // The upstream's own lines and the platform's go to the trigger joiner, the gateways'
        // to the correlator (a filter chained to the parser: no extra hop).
        DataStream<LogEvent> events =
                all.filter(e -> !(e instanceof UpstreamEvent))
                        .returns(LogEventSerializer.TYPE)
                        .name("gateway lines")
                        .uid("gateway-lines");
        DataStream<LogEvent> upstream =
                all.filter(e -> e instanceof UpstreamEvent)
                        .returns(LogEventSerializer.TYPE)
                        .name("upstream and platform lines")
                        .uid("upstream-lines");
        SingleOutputStreamOperator<Observation> observations =
                events.keyBy(RequestCorrelator::correlationKey)
                        .process(new RequestCorrelator(config.defaultService()))
                        .name("correlate requests and error lines")
                        .uid("correlate");
        SingleOutputStreamOperator<StepStats> steps =
                observations
                        .keyBy(Observation::service)
                        .connect(partials.keyBy(p -> p.service))
                        .transform(
                                "service steps",
                                StepStatsSerializer.TYPE,
                                new StepAggregatorOperator(
                                        new StepAggregator(
                                                config.step().toMillis(),
                                                RequestCorrelator.MAX_HOLD_MS)))
                        .uid("service-steps");
        DataStream<StepStats> toDetect = steps.union(parsed.late());
        if (streaming) {
            String defaultService = config.defaultService();
            DataStream<StepStats> early =
                    events.filter(EarlyFailureCounter::counts)
                            .name("gateway errors")
                            .uid("gateway-errors")
                            .keyBy(e -> EarlyFailureCounter.service(e, defaultService))
                            .process(
                                    new EarlyFailureCounter(
                                            config.step().toMillis(), defaultService))
                            .name("early warning counts")
                            .uid("early-warning");
            toDetect = toDetect.union(early);
        }
        SingleOutputStreamOperator<Finding> findings =
                toDetect.keyBy(s -> s.service)
                        .process(new IncidentDetectorFunction(streaming))
                        .name("detect incidents and rank causes")
                        .uid("detect-incidents");
        return findings.keyBy(TriggerJoiner::key)
                .connect(upstream.broadcast(TriggerJoiner.EVENTS, TriggerJoiner.IDENTITIES))
                .process(new TriggerJoiner(config.hosts()))
                .name("join the upstream's side: triggers")
                .uid("triggers");
    }
}
