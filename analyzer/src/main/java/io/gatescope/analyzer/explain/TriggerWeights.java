package io.gatescope.analyzer.explain;

import static io.gatescope.analyzer.model.CauseCode.KEEPALIVE_RACE;
import static io.gatescope.analyzer.model.CauseCode.NETWORK;
import static io.gatescope.analyzer.model.CauseCode.UPSTREAM_DOWN;
import static io.gatescope.analyzer.model.CauseCode.UPSTREAM_OVERLOAD;
import static io.gatescope.analyzer.model.CauseCode.UPSTREAM_RESTART;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.TriggerKind;
import java.util.Map;
import java.util.Set;

/**
 * What the upstream's own lines add to a paste's causes: a kill or a crash makes a dead peer
 * likelier than a keep-alive race, a worker killed at its limit or a full pool makes saturation
 * likelier, a rollout makes a restart likelier. Alone (no gateway line pasted), they give the
 * causes they can produce, modestly.
 */
final class TriggerWeights {

    private TriggerWeights() {}

    static void add(
            Map<CauseCode, Double> scores, Set<TriggerKind> kinds, boolean withGatewayLines) {
        double k = withGatewayLines ? 1.0 : 0.8;
        for (TriggerKind t : kinds) {
            switch (t) {
                case OOM_KILL, PROCESS_CRASH, CRASH_LOOP -> {
                    scores.merge(UPSTREAM_DOWN, .25 * k, Double::sum);
                    scores.merge(UPSTREAM_RESTART, .05 * k, Double::sum);
                    scores.merge(KEEPALIVE_RACE, -.1, Double::sum);
                }
                case NODE_FAILURE -> {
                    scores.merge(UPSTREAM_DOWN, .2 * k, Double::sum);
                    scores.merge(NETWORK, .1 * k, Double::sum);
                }
                case DEPLOY -> {
                    scores.merge(UPSTREAM_RESTART, .3 * k, Double::sum);
                    scores.merge(KEEPALIVE_RACE, -.1, Double::sum);
                }
                case WORKER_TIMEOUT, WORKER_POOL_EXHAUSTED -> {
                    scores.merge(UPSTREAM_OVERLOAD, .3 * k, Double::sum);
                    scores.merge(KEEPALIVE_RACE, -.1, Double::sum);
                }
                case PROBE_FAILURE -> {
                    scores.merge(UPSTREAM_OVERLOAD, .1 * k, Double::sum);
                    scores.merge(UPSTREAM_DOWN, .1 * k, Double::sum);
                }
            }
        }
    }
}
