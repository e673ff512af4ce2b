package io.gatescope.analyzer.job;

import io.gatescope.analyzer.classify.Observations;
import io.gatescope.analyzer.classify.RequestClassifier;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.LogEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Sums healthy requests into partial steps right behind the parser, before any shuffle: most lines
 * are healthy and need no correlation, so only failures, error lines and a few partial steps travel
 * on. A partial step is emitted to {@link #PARTIALS} when the watermark passes its end plus the
 * hold; pending partials are kept in operator state across checkpoints.
 */
public class HealthyRequestPreAggregator extends AbstractStreamOperator<LogEvent>
        implements OneInputStreamOperator<LogEvent, LogEvent> {

    /** Partial steps of healthy requests. */
    public static final OutputTag<StepStats> PARTIALS = new OutputTag<>("healthy-partials") {};

    private final long stepMillis;
    private final long holdMillis;
    private transient Map<String, Map<Long, StepStats>> pending;
    private transient ListState<StepStats> checkpointed;
    private transient long watermark;

    private final String defaultService;

    public HealthyRequestPreAggregator(long stepMillis, long holdMillis, String defaultService) {
        this.defaultService = defaultService;
        this.stepMillis = stepMillis;
        this.holdMillis = holdMillis;
    }

    @Override
    public void initializeState(StateInitializationContext ctx) throws Exception {
        super.initializeState(ctx);
        pending = new HashMap<>();
        watermark = Long.MIN_VALUE;
        checkpointed =
                ctx.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "pending-partials", TypeInformation.of(StepStats.class)));
        for (StepStats s : checkpointed.get()) {
            pending.computeIfAbsent(s.service, k -> new HashMap<>())
                    .merge(
                            s.stepStart,
                            s,
                            (a, b) -> {
                                a.merge(b);
                                return a;
                            });
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext ctx) throws Exception {
        super.snapshotState(ctx);
        List<StepStats> all = new ArrayList<>();
        pending.values().forEach(m -> all.addAll(m.values()));
        checkpointed.update(all);
    }

    @Override
    public void processElement(StreamRecord<LogEvent> record) {
        if (record.getValue() instanceof AccessEvent a && isHealthy(a)) {
            String service = RequestCorrelator.serviceName(a, defaultService);
            long step = Math.floorDiv(a.timeMillis(), stepMillis) * stepMillis;
            if (step + stepMillis - 1 + holdMillis > watermark) {
                pending.computeIfAbsent(service, k -> new HashMap<>())
                        .computeIfAbsent(step, k -> new StepStats(service, k, stepMillis))
                        .add(Observations.ofRequest(a, null, service));
                return;
            }
        }
        output.collect(record); // failures, error lines, and lines too late to pre-aggregate
    }

    static boolean isHealthy(AccessEvent a) {
        return !RequestClassifier.isGatewayError(a)
                && RequestClassifier.failedPeers(a, false).isEmpty();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        for (Map<Long, StepStats> steps : pending.values()) {
            Iterator<Map.Entry<Long, StepStats>> it = steps.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Long, StepStats> e = it.next();
                if (e.getKey() + stepMillis - 1 + holdMillis <= watermark) {
                    output.collect(PARTIALS, new StreamRecord<>(e.getValue(), e.getKey()));
                    it.remove();
                }
            }
        }
        super.processWatermark(mark);
    }
}
