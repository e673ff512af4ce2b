package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.StepStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Ranks every cause code for an episode: each rule scores the episode, the causes above a floor are
 * returned most likely first, each with its evidence (counted signatures with verbatim examples,
 * and the pattern the rule saw) and fixes. UNKNOWN leads only when nothing else explains the
 * failures.
 */
public final class CauseRanker {

    static final double FLOOR = 0.05;
    static final int MAX_EVIDENCE = 4;

    private static final List<CauseRule> RULES =
            List.of(
                    new UpstreamDownRule(),
                    new UpstreamRestartRule(),
                    new UpstreamOverloadRule(),
                    new KeepaliveRaceRule(),
                    new NetworkRule(),
                    new DnsFailureRule(),
                    new TlsFailureRule(),
                    new WebsocketUpgradeRule(),
                    new BadUpstreamResponseRule(),
                    new ProxyLimitsRule(),
                    new UnknownRule());

    private CauseRanker() {}

    /** The rules, one per cause code. */
    public static List<CauseRule> rules() {
        return RULES;
    }

    /** Ranked causes for the episode. */
    public static List<Cause> rank(IncidentFeatures f) {
        List<Cause> out = new ArrayList<>();
        double best = 0;
        for (CauseRule rule : RULES) {
            if (rule.code() == CauseCode.UNKNOWN) {
                continue;
            }
            double score = round(rule.score(f));
            best = Math.max(best, score);
            if (score >= FLOOR) {
                out.add(cause(rule, f, score));
            }
        }
        CauseRule unknown = RULES.get(RULES.size() - 1);
        double u = round(Math.max(unknown.score(f), best < 0.3 ? 0.5 - best : 0));
        if (u >= FLOOR) {
            out.add(cause(unknown, f, u));
        }
        out.sort(
                Comparator.comparingDouble(Cause::confidence)
                        .reversed()
                        .thenComparing(Cause::cause));
        return out;
    }

    private static Cause cause(CauseRule rule, IncidentFeatures f, double score) {
        IncidentFeatures.Cascade cascade = Cascades.of(rule, f);
        List<Evidence> evidence = evidence(rule, f);
        List<io.gatescope.analyzer.model.Fix> fixes = fixes(rule, f);
        if (Cascades.tripped(cascade)) {
            // The consequence as evidence of its own (a peer down in its own right shows its
            // "no live upstreams" among its signatures already).
            evidence = new ArrayList<>(evidence);
            evidence.add(Cascades.evidence(cascade, f.window()));
            fixes = new ArrayList<>(fixes);
            fixes.addAll(Cascades.fixes(f));
        }
        return new Cause(
                rule.code().name(),
                score,
                rule.proxyStatus(f),
                Cascades.summaryPrefix(cascade, f) + rule.summary(f),
                evidence,
                fixes);
    }

    /** A cause's fixes for the gateway at hand: the gateway's own first, then the rule's. */
    public static List<io.gatescope.analyzer.model.Fix> fixes(CauseRule rule, IncidentFeatures f) {
        List<io.gatescope.analyzer.model.Fix> own = ProxyFixes.of(rule.code(), f);
        if (own.isEmpty()) {
            return rule.fixes(f);
        }
        List<io.gatescope.analyzer.model.Fix> fixes = new ArrayList<>(own);
        fixes.addAll(rule.fixes(f));
        return fixes;
    }

    private static List<Evidence> evidence(CauseRule rule, IncidentFeatures f) {
        StepStats w = f.window();
        List<Evidence> items = new ArrayList<>();
        List<Map.Entry<String, Long>> texts = new ArrayList<>();
        for (Map.Entry<String, Long> e : w.evidence.entrySet()) {
            String cls = e.getKey().substring(0, e.getKey().indexOf(StepStats.EVIDENCE_SEPARATOR));
            if (rule.signatures().contains(FailureClass.valueOf(cls))) {
                texts.add(e);
            }
        }
        texts.sort(
                Map.Entry.<String, Long>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Long> e : texts) {
            if (items.size() >= MAX_EVIDENCE) {
                break;
            }
            String key = e.getKey();
            int sep = key.indexOf(StepStats.EVIDENCE_SEPARATOR);
            String cls = key.substring(0, sep);
            String text = key.substring(sep + 1);
            List<String> examples =
                    w.examples.getOrDefault(cls, List.of()).stream()
                            .filter(line -> mentions(line, text))
                            .limit(3)
                            .toList();
            if (examples.isEmpty()) {
                examples = w.examples.getOrDefault(cls, List.of()).stream().limit(2).toList();
            }
            items.add(new Evidence(text, e.getValue(), examples));
        }
        String pattern = rule.patternEvidence(f);
        if (!pattern.isEmpty()) {
            items.add(new Evidence(pattern, w.errors, List.of()));
        }
        return items;
    }

    private static boolean mentions(String example, String text) {
        int cut = text.indexOf(" while ");
        String head = cut > 0 ? text.substring(0, cut) : text;
        return example.contains(head.length() > 40 ? head.substring(0, 40) : head);
    }

    private static double round(double v) {
        return Math.round(Math.max(0, Math.min(1, v)) * 100) / 100.0;
    }
}
