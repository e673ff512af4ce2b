package io.gatescope.analyzer.job;

import io.gatescope.analyzer.model.StepStats;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The lines that came too late to be analysed, counted per service and step between two watermarks,
 * so that the incidents of that time can say how many of their lines they lack.
 */
final class LateSteps {

    private final long stepMillis;
    private final Map<String, StepStats> steps = new HashMap<>();

    LateSteps(long stepMillis) {
        this.stepMillis = stepMillis;
    }

    /** A late line of {@code service} at {@code time}; {@code errorLine} for an error-log line. */
    void add(String service, long time, boolean errorLine) {
        long step = Math.floorDiv(time, stepMillis) * stepMillis;
        StepStats s =
                steps.computeIfAbsent(
                        service + "|" + step,
                        k -> {
                            StepStats n = new StepStats(service, step, stepMillis);
                            n.late = true;
                            return n;
                        });
        s.lateLines++;
        if (errorLine) {
            s.lateErrorLines++;
        }
    }

    /** Hands over the counted steps and starts afresh. */
    void drain(Consumer<StepStats> out) {
        steps.values().forEach(out);
        steps.clear();
    }
}
