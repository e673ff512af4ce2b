package io.gatescope.analyzer.job;

import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.Observation;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The analyzer's dataflow, independent of where lines come from and where findings go: parse →
 * correlate requests with error lines → per-service steps → episodes and ranked causes. {@code
 * analyze} feeds it files, the service feeds it Kafka; tests feed it anything.
 */
public final class AnalyzerWorkflow {

    private AnalyzerWorkflow() {}

    /** The workflow's outputs. */
    public record Outputs(DataStream<Finding> findings, DataStream<Long> late) {}

    /** One source's parsed events and its rejected lines. */
    public record Parsed(
            DataStream<LogEvent> events,
            DataStream<StepStats> partials,
            DataStream<Rejection> rejected) {}

    /**
     * Parses one source's lines and assigns event time right there, per source: a watermark over a
     * union of files read at different speeds would make the slower file's lines late.
     *
     * @param name a stable name for the operators (uids derive from it)
     */
    public static Parsed parse(DataStream<RawLine> lines, AnalyzerConfig config, String name) {
        SingleOutputStreamOperator<LogEvent> parsed =
                lines.process(new ParseLinesFunction(config))
                        .name("parse " + name)
                        .uid("parse-" + name)
                        .setParallelism(lines.getParallelism());
        DataStream<LogEvent> timed =
                parsed.assignTimestampsAndWatermarks(eventTime(config))
                        .name("event time " + name)
                        .uid("event-time-" + name)
                        .setParallelism(lines.getParallelism());
        SingleOutputStreamOperator<LogEvent> remaining = preAggregate(timed, config, name);
        return new Parsed(
                remaining,
                remaining.getSideOutput(HealthyRequestPreAggregator.PARTIALS),
                parsed.getSideOutput(ParseLinesFunction.REJECTED));
    }

    /**
     * Parses lines whose source already assigned event time and watermarks (the Kafka source does,
     * per partition, see {@link LineTimestampAssigner}).
     */
    public static Parsed parseTimestamped(DataStream<RawLine> lines, AnalyzerConfig config) {
        SingleOutputStreamOperator<LogEvent> parsed =
                lines.process(new ParseLinesFunction(config))
                        .name("parse lines")
                        .uid("parse-lines")
                        .setParallelism(lines.getParallelism());
        SingleOutputStreamOperator<LogEvent> remaining = preAggregate(parsed, config, "lines");
        return new Parsed(
                remaining,
                remaining.getSideOutput(HealthyRequestPreAggregator.PARTIALS),
                parsed.getSideOutput(ParseLinesFunction.REJECTED));
    }

    private static SingleOutputStreamOperator<LogEvent> preAggregate(
            DataStream<LogEvent> events, AnalyzerConfig config, String name) {
        return events.transform(
                        "pre-aggregate healthy " + name,
                        TypeInformation.of(LogEvent.class),
                        new HealthyRequestPreAggregator(
                                config.step().toMillis(),
                                RequestCorrelator.MAX_HOLD_MS,
                                config.defaultService()))
                .setParallelism(events.getParallelism())
                .uid("pre-aggregate-" + name);
    }

    /**
     * Wires correlation, steps and detection onto parsed, timestamped events.
     *
     * @param streaming the input never ends (Kafka): chronic findings are checked periodically
     */
    public static Outputs defineWorkflow(
            DataStream<LogEvent> events,
            DataStream<StepStats> partials,
            AnalyzerConfig config,
            boolean streaming) {
        SingleOutputStreamOperator<Observation> observations =
                events.keyBy(RequestCorrelator::correlationKey)
                        .process(new RequestCorrelator(config.defaultService()))
                        .name("correlate requests and error lines")
                        .uid("correlate");
        SingleOutputStreamOperator<StepStats> steps =
                observations
                        .keyBy(Observation::service)
                        .connect(partials.keyBy(p -> p.service))
                        .process(
                                new StepAggregator(
                                        config.step().toMillis(), RequestCorrelator.MAX_HOLD_MS))
                        .name("service steps")
                        .uid("service-steps");
        SingleOutputStreamOperator<Finding> findings =
                steps.keyBy(s -> s.service)
                        .process(new IncidentDetectorFunction(streaming))
                        .name("detect incidents and rank causes")
                        .uid("detect-incidents");
        return new Outputs(findings, steps.getSideOutput(StepAggregator.LATE));
    }

    /**
     * Event time from each event, bounded out-of-orderness, robust to far-future lines; idle inputs
     * do not stall.
     */
    public static WatermarkStrategy<LogEvent> eventTime(AnalyzerConfig config) {
        long ooo = config.outOfOrderness().toMillis();
        return WatermarkStrategy.<LogEvent>forGenerator(ctx -> new SkewTolerantWatermarks<>(ooo))
                .withTimestampAssigner((e, ts) -> e.timeMillis())
                .withIdleness(java.time.Duration.ofSeconds(10));
    }
}
