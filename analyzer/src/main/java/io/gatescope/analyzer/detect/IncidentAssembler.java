package io.gatescope.analyzer.detect;

import io.gatescope.analyzer.causes.CauseRanker;
import io.gatescope.analyzer.causes.IncidentFeatures;
import io.gatescope.analyzer.dimensions.CommonValues;
import io.gatescope.analyzer.dimensions.DimensionWording;
import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.Dimension;
import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.Fix;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.ingest.parse.Timestamps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Turns an {@link Episode} into an {@link Incident}: window, peers, ranked causes, a stable id. */
public final class IncidentAssembler {

    /**
     * Chronic findings must be explained this well to be reported: a trickle without pattern is
     * noise.
     */
    static final double CHRONIC_MIN_CONFIDENCE = 0.45;

    /**
     * A chronic finding whose top cause leads the next by less than this (and is not sure on its
     * own, {@link #CHRONIC_CLEAR_CONFIDENCE}) is a mix of unrelated failures: no pattern.
     */
    static final double CHRONIC_MIN_LEAD = 0.1;

    static final double CHRONIC_CLEAR_CONFIDENCE = 0.7;

    private IncidentAssembler() {}

    /**
     * The incident, its id seeded by the episode's {@link Episode#idStep}; null for a chronic
     * candidate that no cause explains.
     */
    public static Incident assemble(Episode e, long now) {
        StepStats window =
                new StepStats(e.service(), e.steps().get(0).stepStart, e.steps().get(0).stepMillis);
        for (StepStats s : e.steps()) {
            window.merge(s);
        }
        boolean chronic = "chronic".equals(e.kind());
        // One chronic finding per service, updated as evidence accumulates.
        IncidentFeatures f = new IncidentFeatures(window, e.baseline(), e.steps(), chronic);
        List<Dimension> dims = CommonValues.of(window.failingSample, window.requestSample);
        List<Cause> causes =
                withCommonValues(CauseRanker.rank(f), dims, window.errors, window.gateway);
        if (chronic && !explainsATrickle(causes)) {
            return null;
        }
        long start = window.firstError != Long.MAX_VALUE ? window.firstError : window.stepStart;
        long end = window.lastError != Long.MIN_VALUE ? window.lastError : start;
        List<String> targets =
                f.spells().stream()
                        .sorted(
                                (a, b) ->
                                        a.errors() != b.errors()
                                                ? Long.compare(b.errors(), a.errors())
                                                : a.peer().compareTo(b.peer()))
                        .map(IncidentFeatures.PeerSpell::peer)
                        .toList();
        String idSeed = chronic ? e.service() + "|chronic" : e.service() + "|spike|" + e.idStep();
        StepStats last = e.steps().get(e.steps().size() - 1);
        return new Incident(
                id(idSeed),
                e.kind(),
                e.service(),
                targets,
                Timestamps.format(start),
                Timestamps.format(end),
                window.requests,
                window.errors,
                causes,
                e.open() ? "open" : "closed",
                window.gateway,
                now,
                Timestamps.format(chronic ? start : e.steps().get(0).stepStart),
                Timestamps.format(chronic ? end : last.stepStart + last.stepMillis),
                0,
                0,
                null,
                List.of(),
                dims);
    }

    /**
     * The top cause says what the failing requests had in common, and a timeout's band at a whole
     * second becomes evidence: a cut at exactly 60.0 s is a configured limit, not a slow server.
     */
    static List<Cause> withCommonValues(
            List<Cause> causes, List<Dimension> dims, long errors, String gateway) {
        String sentence = DimensionWording.sentence(dims, errors);
        if (causes.isEmpty() || sentence.isEmpty()) {
            return causes;
        }
        Cause top = causes.get(0);
        List<Evidence> evidence = new ArrayList<>(top.evidence());
        List<Fix> fixes = new ArrayList<>(top.fixes());
        dims.stream()
                .filter(d -> DimensionWording.timeoutSeconds(d) > 0)
                .findFirst()
                .ifPresent(
                        band -> {
                            fixes.add(0, DimensionWording.timeoutFix(band, dims, gateway));
                            evidence.add(
                                    new Evidence(
                                            "failing requests cut at "
                                                    + band.value()
                                                    + ": "
                                                    + DimensionWording.timeoutNote(band),
                                            Math.round(band.failing() * errors),
                                            List.of()));
                        });
        List<Cause> out = new ArrayList<>(causes);
        out.set(
                0,
                new Cause(
                        top.cause(),
                        top.confidence(),
                        top.proxyStatus(),
                        top.summary() + " " + sentence,
                        List.copyOf(evidence),
                        List.copyOf(fixes),
                        top.trigger()));
        return List.copyOf(out);
    }

    static String id(String seed) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A chronic candidate's causes name one pattern clearly enough to report it. */
    static boolean explainsATrickle(List<Cause> causes) {
        if (causes.isEmpty() || CauseCode.UNKNOWN.name().equals(causes.get(0).cause())) {
            return false;
        }
        double top = causes.get(0).confidence();
        double next = causes.size() > 1 ? causes.get(1).confidence() : 0;
        return top >= CHRONIC_MIN_CONFIDENCE
                && (top >= CHRONIC_CLEAR_CONFIDENCE || top - next >= CHRONIC_MIN_LEAD);
    }
}
