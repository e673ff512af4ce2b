package io.gatescope.analyzer.job;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.parse.LogLineParser;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses raw lines into events. Rejected lines go to {@link #REJECTED} with their reason; lines
 * that carry no signal (controller messages, blank lines) are counted as parsed and dropped here.
 * Counts are kept as accumulators for the analyze summary.
 */
public class ParseLinesFunction extends ProcessFunction<RawLine, LogEvent> {

    /** Lines that could not be parsed. */
    public static final OutputTag<Rejection> REJECTED = new OutputTag<>("rejected") {};

    public static final String LINES = "lines";
    public static final String REJECTED_COUNT = "rejected";
    public static final String REQUESTS = "requests";
    public static final String STATUS_502 = "status502";
    public static final String FIRST = "first";
    public static final String LAST = "last";

    private final AnalyzerConfig config;
    private transient LogLineParser parser;
    private transient LongCounter lines;
    private transient LongCounter rejected;
    private transient LongCounter requests;
    private transient LongCounter status502;
    private transient LongMinimum first;
    private transient LongMaximum last;

    public ParseLinesFunction(AnalyzerConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
        parser = new LogLineParser(config.parseContext());
        lines = getRuntimeContext().getLongCounter(LINES);
        rejected = getRuntimeContext().getLongCounter(REJECTED_COUNT);
        requests = getRuntimeContext().getLongCounter(REQUESTS);
        status502 = getRuntimeContext().getLongCounter(STATUS_502);
        first = new LongMinimum();
        last = new LongMaximum();
        getRuntimeContext().addAccumulator(FIRST, first);
        getRuntimeContext().addAccumulator(LAST, last);
    }

    @Override
    public void processElement(RawLine raw, Context ctx, Collector<LogEvent> out) {
        lines.add(1);
        LogEvent e = parser.parse(raw.line(), raw.source());
        if (e instanceof Rejection r) {
            rejected.add(1);
            ctx.output(REJECTED, r);
            return;
        }
        if (e instanceof IgnoredLine) {
            return;
        }
        if (e instanceof AccessEvent a) {
            requests.add(1);
            if (a.status() == 502) {
                status502.add(1);
            }
        }
        first.add(e.timeMillis());
        last.add(e.timeMillis());
        out.collect(e);
    }
}
