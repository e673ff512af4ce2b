package io.gatescope.analyzer.job;

import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.Timestamps;
import org.apache.flink.api.common.eventtime.TimestampAssigner;

/**
 * Event time for a raw line at the source, so that watermarks are generated per Kafka partition
 * (see shared/PLATFORM.md): the time the line itself carries, or the Kafka record's time for a line
 * that does not parse. One per source split; not thread-safe.
 */
public class LineTimestampAssigner implements TimestampAssigner<RawLine> {

    private final LogLineParser parser;

    public LineTimestampAssigner(AnalyzerConfig config) {
        this.parser = new LogLineParser(config.parseContext());
    }

    @Override
    public long extractTimestamp(RawLine line, long recordTimestamp) {
        if (line.control() != null) {
            return recordTimestamp; // a notice, not a line: its time is not read
        }
        long quick = parser.accessLineTime(line.bytes(), line.bytes().length);
        if (quick != Timestamps.INVALID) {
            return quick; // the common case: an access line's [time_local], nothing else parsed
        }
        LogEvent e = parser.parse(line.line(), line.source());
        long t = e.timeMillis();
        return e instanceof Rejection || t == Timestamps.INVALID ? recordTimestamp : t;
    }
}
