package io.gatescope.analyzer.job;

import io.gatescope.analyzer.model.Observation;
import io.gatescope.analyzer.model.StepStats;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Runs the {@link StepAggregator} with both inputs always counted for event time. Its inputs are
 * two paths from the same parse operator: observations through the correlator, which holds failed
 * requests back for their error lines, and pre-counted healthy requests directly. When the parse
 * operator goes idle and back to active, the direct path announces both first; an operator that
 * left its idle input out would then advance on the direct path alone and find the held-back
 * observations late. Watermarks reach both paths alike, so waiting for both is never stuck.
 */
public class StepAggregatorOperator
        extends KeyedCoProcessOperator<String, Observation, StepStats, StepStats> {

    private static final long serialVersionUID = 1L;

    public StepAggregatorOperator(StepAggregator aggregator) {
        super(aggregator);
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int index) {
        // Neither input is ever left out: see the class comment.
    }
}
