package io.gatescope.analyzer.explain;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import java.util.Map;

/**
 * What one pasted line says about a gateway error, and the causes it points to.
 *
 * @param failure the failure's signature, null when the line shows no failure
 * @param weights how strongly the line alone points to each cause, summing to at most 1
 * @param evidence the words that stand for the line in a cause's evidence
 * @param peer the upstream it names, "" when none
 */
record Clue(FailureClass failure, Map<CauseCode, Double> weights, String evidence, String peer) {}
