package io.gatescope.analyzer.job;

import io.gatescope.analyzer.detect.DetectorState;
import io.gatescope.analyzer.detect.EarlyWarning;
import io.gatescope.analyzer.detect.Episode;
import io.gatescope.analyzer.detect.EpisodeDetector;
import io.gatescope.analyzer.detect.IncidentAssembler;
import io.gatescope.analyzer.dimensions.DimensionSample;
import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.StepStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs the {@link EpisodeDetector} over one service's steps and emits each step as a timeline
 * finding and each new version of an incident (open, updated, closed). At the end of bounded input
 * the last timer closes open episodes and checks for a chronic finding. Counts of lines that
 * arrived too late to be analysed ({@link StepStats#late} steps) are added to the incident whose
 * window they fall in, open or recently closed, which is emitted again under its id.
 */
public class IncidentDetectorFunction extends KeyedProcessFunction<String, StepStats, Finding> {

    private static final long END_OF_INPUT = Long.MAX_VALUE - 1;
    static final java.time.Duration STREAMING_STATE_TTL = java.time.Duration.ofDays(7);

    /** Closed incidents a late count may still find. */
    static final int RECENT_CLOSED = 4;

    private final boolean streaming;
    private transient ValueState<DetectorState> state;
    private transient ListState<Incident> closed;
    private transient ListState<StepStats> lateWaiting;

    /**
     * @param streaming the input never ends: check for chronic findings periodically
     */
    public IncidentDetectorFunction(boolean streaming) {
        this.streaming = streaming;
    }

    @Override
    public void open(OpenContext ctx) {
        ValueStateDescriptor<DetectorState> d =
                new ValueStateDescriptor<>("detector", TypeInformation.of(DetectorState.class));
        ListStateDescriptor<Incident> c =
                new ListStateDescriptor<>("recently-closed", TypeInformation.of(Incident.class));
        if (streaming) {
            // A service unseen for a week (renamed, retired) gives its baseline back.
            StateTtlConfig ttl = StateTtlConfig.newBuilder(STREAMING_STATE_TTL).build();
            d.enableTimeToLive(ttl);
            c.enableTimeToLive(ttl);
        }
        state = getRuntimeContext().getState(d);
        closed = getRuntimeContext().getListState(c);
        lateWaiting =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "late-waiting", TypeInformation.of(StepStats.class)));
    }

    @Override
    public void processElement(StepStats step, Context ctx, Collector<Finding> out)
            throws Exception {
        DetectorState s = state.value();
        if (s == null) {
            s = new DetectorState();
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
        long now = step.stepStart + step.stepMillis;
        if (step.late) {
            lateWaiting.add(step);
            ctx.timerService()
                    .registerEventTimeTimer(
                            Math.max(
                                    ctx.timerService().currentWatermark() + 1,
                                    step.stepStart
                                            + step.stepMillis
                                            - 1
                                            + RequestCorrelator.MAX_HOLD_MS));
        } else if (step.provisional) {
            Episode early = EarlyWarning.onProvisionalStep(s, step);
            if (early != null) {
                emit(s, early, now, out, false);
            }
        } else {
            finalStep(s, step, now, out);
        }
        state.update(s);
    }

    /**
     * A step as a timeline point, without its request samples: they serve the incident's analysis
     * only, and every point kept for the timeline (analyze keeps them all) would carry them. The
     * finding is serialized as it is collected (the next operator is across a keyBy), so the step
     * gets its samples back for detection.
     */
    private static void timelinePoint(StepStats step, Collector<Finding> out) {
        DimensionSample failing = step.failingSample;
        DimensionSample requests = step.requestSample;
        step.failingSample = new DimensionSample();
        step.requestSample = DimensionSample.ofRequests();
        try {
            out.collect(Finding.of(step));
        } finally {
            step.failingSample = failing;
            step.requestSample = requests;
        }
    }

    private void finalStep(DetectorState s, StepStats step, long now, Collector<Finding> out)
            throws Exception {
        timelinePoint(step, out);
        boolean closedSpike = false;
        for (Episode e :
                streaming
                        ? EpisodeDetector.onStreamingStep(s, step)
                        : EpisodeDetector.onStep(s, step)) {
            supersedeEarly(s, e, now, out);
            emit(s, e, now, out, true);
            closedSpike |= !e.open() && "spike".equals(e.kind());
        }
        Episode unconfirmed = EarlyWarning.afterFinalStep(s, step, closedSpike);
        if (unconfirmed != null) {
            Incident i = IncidentAssembler.assemble(unconfirmed, now);
            if (i != null) {
                out.collect(Finding.of(i.retracted()));
            }
        }
    }

    /**
     * The complete data opened the episode on another step than the early warning did: the early
     * incident is withdrawn in favour of the final one, whose id is the one {@code analyze} gives.
     */
    private static void supersedeEarly(
            DetectorState s, Episode e, long now, Collector<Finding> out) {
        if (s.early == null || !"spike".equals(e.kind()) || s.early.stepStart == e.idStep()) {
            return;
        }
        Episode early =
                new Episode("spike", s.early.service, List.of(s.early), e.baseline(), false);
        s.early = null;
        Incident was = IncidentAssembler.assemble(early, now);
        Incident is = IncidentAssembler.assemble(e, now);
        if (was != null && is != null) {
            out.collect(Finding.of(was.retracted(is.id())));
        }
    }

    private void lateLines(DetectorState s, StepStats late, Collector<Finding> out)
            throws Exception {
        if (!s.episode.isEmpty() && late.stepStart >= s.episode.get(0).stepStart) {
            s.episodeLateLines += late.lateLines;
            s.episodeLateErrorLines += late.lateErrorLines;
            emit(s, EpisodeDetector.current(s), s.lastStepStart + late.stepMillis, out, true);
            return;
        }
        List<Incident> recent = new ArrayList<>();
        closed.get().forEach(recent::add);
        for (int k = 0; k < recent.size(); k++) {
            Incident i = recent.get(k);
            long from = Instant.parse(i.windowFrom()).toEpochMilli();
            long to = Instant.parse(i.windowTo()).toEpochMilli();
            if (late.stepStart >= from && late.stepStart < to) {
                Incident updated =
                        i.withLate(
                                i.lateLines() + late.lateLines,
                                i.lateErrorLines() + late.lateErrorLines);
                recent.set(k, updated);
                closed.update(recent);
                out.collect(Finding.of(updated));
                return;
            }
        }
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Finding> out) throws Exception {
        DetectorState s = state.value();
        if (s == null) {
            return;
        }
        if (ts != END_OF_INPUT) {
            List<StepStats> waiting = new ArrayList<>();
            lateWaiting.get().forEach(waiting::add);
            lateWaiting.clear();
            for (StepStats late : waiting) {
                lateLines(s, late, out);
            }
            state.update(s);
            return;
        }
        long now = s.lastStepStart;
        for (Episode e : EpisodeDetector.onEnd(s)) {
            emit(s, e, now, out, true);
        }
        state.update(s);
    }

    /**
     * @param detected the episode is the detector's own (not an early warning's): the late lines
     *     counted for it belong to it
     */
    private void emit(
            DetectorState s, Episode e, long now, Collector<Finding> out, boolean detected)
            throws Exception {
        Incident i = IncidentAssembler.assemble(e, now);
        if (i == null) {
            return;
        }
        boolean spike = "spike".equals(e.kind());
        if (spike && detected) {
            i = i.withLate(s.episodeLateLines, s.episodeLateErrorLines);
        }
        out.collect(Finding.of(i));
        if (spike && detected && !e.open()) {
            s.episodeLateLines = 0;
            s.episodeLateErrorLines = 0;
            List<Incident> recent = new ArrayList<>();
            closed.get().forEach(recent::add);
            recent.add(i);
            while (recent.size() > RECENT_CLOSED) {
                recent.remove(0);
            }
            closed.update(recent);
        }
    }
}
