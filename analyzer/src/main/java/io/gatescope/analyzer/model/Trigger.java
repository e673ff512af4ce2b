package io.gatescope.analyzer.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What made the upstream fail, from its own logs and the platform's, joined to the incident by
 * address, Kubernetes object or host name (never by time alone): the contract's {@code trigger}.
 *
 * @param kind one of {@link TriggerKind}'s names
 * @param markers when it happened, for the incident's timeline (an extension of the contract's
 *     trigger): the kill, the rollout's first and last step, the restart
 */
public record Trigger(
        String kind,
        String summary,
        List<Evidence> evidence,
        List<Fix> fixes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Marker> markers) {

    /** At most this many markers: a timeline with more says nothing more. */
    public static final int MAX_MARKERS = 12;

    public Trigger {
        markers = markers == null ? List.of() : markers;
    }

    /**
     * One moment on the timeline.
     *
     * @param time ISO-8601 UTC of its first line
     * @param signal what the lines say ({@code OOM_KILL}, {@code STARTED}...)
     * @param text what happened, in words
     * @param count how many lines said it within the minute after
     */
    public record Marker(String time, String signal, String text, long count) {}
}
