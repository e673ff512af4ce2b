package io.gatescope.analyzer.job;

import io.gatescope.analyzer.model.StepStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Partial steps of healthy requests per service, held until the watermark passes a step's end plus
 * the correlator's hold (so the step operator still has it open). Not thread-safe.
 */
final class PendingSteps {

    private final long stepMillis;
    private final long holdMillis;
    private final Map<String, Map<Long, StepStats>> byService = new HashMap<>();
    // The step of the last call, by far the likeliest next one: lines arrive in time order.
    private StepStats recent;

    PendingSteps(long stepMillis, long holdMillis) {
        this.stepMillis = stepMillis;
        this.holdMillis = holdMillis;
    }

    /** The step that {@code time} falls in, or null when the watermark has passed it already. */
    StepStats step(String service, long time, long watermark) {
        StepStats r = recent;
        // No division on the path nearly every line takes: a 64-bit divide costs more than the
        // rest of this method.
        if (r != null
                && time >= r.stepStart
                && time - r.stepStart < stepMillis
                && r.service.equals(service)
                && r.stepStart + stepMillis - 1 + holdMillis > watermark) {
            return r;
        }
        if (passed(time, watermark)) {
            return null;
        }
        long start = Math.floorDiv(time, stepMillis) * stepMillis;
        recent =
                byService
                        .computeIfAbsent(service, k -> new HashMap<>())
                        .computeIfAbsent(start, k -> new StepStats(service, k, stepMillis));
        return recent;
    }

    /**
     * The watermark has passed the step {@code time} falls in, with its hold: downstream that step
     * may be reported already, so a line from it is late.
     */
    boolean passed(long time, long watermark) {
        return Math.floorDiv(time, stepMillis) * stepMillis + stepMillis - 1 + holdMillis
                <= watermark;
    }

    /** Hands over (and forgets) every step the watermark has passed. */
    void flush(long watermark, Consumer<StepStats> out) {
        for (Map<Long, StepStats> steps : byService.values()) {
            Iterator<Map.Entry<Long, StepStats>> it = steps.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Long, StepStats> e = it.next();
                if (e.getKey() + stepMillis - 1 + holdMillis <= watermark) {
                    if (e.getValue() == recent) {
                        recent = null;
                    }
                    out.accept(e.getValue());
                    it.remove();
                }
            }
        }
    }

    List<StepStats> all() {
        List<StepStats> out = new ArrayList<>();
        byService.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    void restore(StepStats s) {
        byService
                .computeIfAbsent(s.service, k -> new HashMap<>())
                .merge(
                        s.stepStart,
                        s,
                        (a, b) -> {
                            a.merge(b);
                            return a;
                        });
    }
}
