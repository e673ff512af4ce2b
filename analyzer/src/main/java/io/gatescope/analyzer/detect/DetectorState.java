package io.gatescope.analyzer.detect;

import io.gatescope.analyzer.model.StepStats;
import java.util.ArrayList;
import java.util.List;

/**
 * What the detector remembers about one service between steps; kept in Flink keyed state. A POJO
 * with public fields so that Flink serializes it without Kryo surprises.
 */
public class DetectorState {

    /** Decayed baseline counts of errors and requests outside episodes. */
    public double baselineErrors;

    public double baselineRequests;

    /** The last steps outside episodes (for latency and load baselines), oldest first. */
    public List<StepStats> recent = new ArrayList<>();

    /** Steps of the open episode; empty when none is open. */
    public List<StepStats> episode = new ArrayList<>();

    /** Quiet steps after the episode's last elevated step, not yet part of it. */
    public List<StepStats> quietTail = new ArrayList<>();

    /** Everything outside episodes since the start: the input for chronic findings. */
    public StepStats residual;

    /** Minutes (epoch minute numbers) in which the residual saw gateway errors; capped. */
    public List<Long> residualErrorMinutes = new ArrayList<>();

    public long lastStepStart = Long.MIN_VALUE;

    /** The step that opened the current episode: it seeds the incident's id. */
    public long openStep = Long.MIN_VALUE;

    /** Lines of the open episode's period that arrived too late to be analysed, and error lines. */
    public long episodeLateLines;

    public long episodeLateErrorLines;

    public long stepsSinceChronicCheck;

    /**
     * The provisional step on which an incident was opened early (streaming), null when none is
     * pending: the final episode keeps its id, or it is closed if the final steps never confirm.
     */
    public StepStats early;
}
