package io.gatescope.analyzer.explain;

import io.gatescope.analyzer.causes.CauseRanker;
import io.gatescope.analyzer.causes.CauseRule;
import io.gatescope.analyzer.causes.IncidentFeatures;
import io.gatescope.analyzer.classify.ErrorLineClassifier;
import io.gatescope.analyzer.classify.Observations;
import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.analyzer.model.TriggerKind;
import io.gatescope.analyzer.triggers.IncidentEnricher;
import io.gatescope.analyzer.triggers.TriggerBuilder;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.parse.ParseContext;
import io.gatescope.ingest.paste.PasteReader;
import io.gatescope.ingest.paste.PasteRecognizer;
import io.gatescope.ingest.paste.PastedEntry;
import io.gatescope.ingest.redact.SecretRedactor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Explains a paste: every line recognised as well as it can be (see {@link PasteRecognizer}), each
 * gateway failure weighed towards the causes it can mean ({@link ClueWeights}), the upstream's and
 * platform's own lines turned into the trigger as in {@code analyze}, the fixes of each cause for
 * the gateway at hand, and the checks that tell the leaders apart. Confidence grows with the number
 * of lines and of kinds of lines (an access line with its timings, an error line, the upstream's
 * log): a single line keeps it modest.
 */
public final class PasteExplainer {

    /** The most a paste may hold; past it, {@code analyze} is the tool. */
    public static final int MAX_BYTES = 1 << 20;

    /**
     * The name the fixes give the upstream block: a paste rarely says what the user called it, and
     * a placeholder reads better in a config snippet than the host name.
     */
    static final String SERVICE = "backend";

    static final double FLOOR = 0.05;
    static final int MAX_EXAMPLES = 3;
    static final int MAX_EVIDENCE = 4;

    private final ParseContext ctx;

    public PasteExplainer(ParseContext ctx) {
        this.ctx = ctx;
    }

    /** The answer for {@code text}. */
    public ExplainDocument explain(String text) {
        PasteRecognizer recognizer = new PasteRecognizer(ctx);
        List<LineReading> lines = new ArrayList<>();
        List<Clue> clues = new ArrayList<>();
        List<String> clueLines = new ArrayList<>();
        List<Integer> clueAt = new ArrayList<>();
        Set<String> clueSources = new LinkedHashSet<>();
        List<UpstreamEvent> upstream = new ArrayList<>();
        StepStats window = new StepStats(SERVICE, 0, 60_000);
        for (PastedEntry entry : PasteReader.entries(text)) {
            PasteRecognizer.Recognized r = recognizer.recognize(entry.text());
            LineReadings.Read read = LineReadings.of(entry.lines().get(0), r.event(), r.how());
            lines.add(read.reading());
            for (int i = 1; i < entry.lines().size(); i++) {
                lines.add(
                        LineReading.continuation(entry.lines().get(i), read.reading().source(), i));
            }
            if (read.clue() != null) {
                clues.add(read.clue());
                clueLines.add(SecretRedactor.redact(String.join("\n", entry.lines())));
                clueAt.add(lines.size() - entry.lines().size() + 1);
                clueSources.add(read.reading().source());
                observe(window, r.event(), read.clue());
            }
            if (r.event() instanceof UpstreamEvent u) {
                upstream.add(u);
                clueSources.add(read.reading().source());
            }
        }
        Map<TriggerKind, List<UpstreamEvent>> kinds = TriggerBuilder.kinds(upstream);
        Map<CauseCode, Double> scores = scores(clues, kinds, clueSources.size());
        String peer = mainPeer(clues);
        IncidentFeatures f =
                new IncidentFeatures(
                        window, new StepStats(SERVICE, 0, 60_000), List.of(window), false);
        List<Cause> causes = new ArrayList<>();
        for (CauseRule rule : CauseRanker.rules()) {
            double s = scores.getOrDefault(rule.code(), 0.0);
            if (s >= FLOOR) {
                causes.add(cause(rule, f, s, clues, clueLines, peer, clueAt));
            }
        }
        long start = upstream.stream().mapToLong(UpstreamEvent::timeMillis).min().orElse(0);
        causes = IncidentEnricher.withTriggers(causes, upstream, start, e -> "pasted together");
        return new ExplainDocument(
                List.copyOf(lines), causes, TellApartChecks.of(causes, peer, window.gateway));
    }

    /**
     * Scores per cause: the mean of the weights of the lines that say most (a bare 502 or "no live
     * upstreams" beside a line that says why only confirms it), what the upstream's own lines add,
     * and a factor for how much the paste shows.
     */
    static Map<CauseCode, Double> scores(
            List<Clue> clues, Map<TriggerKind, List<UpstreamEvent>> kinds, int kindsOfLines) {
        // Lines that say why count; a bare 502 or "no live upstreams" beside them only confirms.
        int level = clues.stream().mapToInt(c -> informative(c.failure())).max().orElse(0);
        List<Clue> counted = clues.stream().filter(c -> informative(c.failure()) == level).toList();
        Map<CauseCode, Double> sum = new EnumMap<>(CauseCode.class);
        for (Clue c : counted) {
            c.weights().forEach((k, v) -> sum.merge(k, v / counted.size(), Double::sum));
        }
        TriggerWeights.add(sum, kinds.keySet(), !counted.isEmpty());
        int n = clues.size() + kinds.size();
        double factor =
                Math.min(
                        1.0,
                        0.8 + 0.04 * Math.max(0, n - 1) + 0.08 * Math.max(0, kindsOfLines - 1));
        Map<CauseCode, Double> out = new EnumMap<>(CauseCode.class);
        double best = 0;
        for (Map.Entry<CauseCode, Double> e : sum.entrySet()) {
            double v = Math.round(Math.max(0, Math.min(0.95, e.getValue() * factor)) * 100) / 100.0;
            out.put(e.getKey(), v);
            best = Math.max(best, v);
        }
        if (!counted.isEmpty() && best < 0.3) {
            out.merge(CauseCode.UNKNOWN, Math.round((0.5 - best) * 100) / 100.0, Math::max);
        }
        return out;
    }

    /** 2 for a line that says why, 1 for a bare gateway error, 0 for a consequence. */
    private static int informative(FailureClass c) {
        if (Consequences.only(c)) {
            return 0;
        }
        return c == FailureClass.UNCLASSIFIED ? 1 : 2;
    }

    private static Cause cause(
            CauseRule rule,
            IncidentFeatures f,
            double score,
            List<Clue> clues,
            List<String> clueLines,
            String peer,
            List<Integer> clueAt) {
        Map<String, List<String>> byText = new LinkedHashMap<>();
        Set<String> consequences = new HashSet<>();
        for (int i = 0; i < clues.size(); i++) {
            Clue c = clues.get(i);
            if (c.weights().getOrDefault(rule.code(), 0.0) >= FLOOR
                    || Consequences.only(c.failure())) {
                byText.computeIfAbsent(c.evidence(), k -> new ArrayList<>()).add(clueLines.get(i));
                if (Consequences.only(c.failure())) {
                    consequences.add(c.evidence());
                }
            }
        }
        List<Evidence> evidence = new ArrayList<>();
        byText.entrySet().stream()
                .sorted(
                        // What found no peer left is the consequence; the cause's own lines lead.
                        Comparator.comparing(
                                        (Map.Entry<String, List<String>> e) ->
                                                consequences.contains(e.getKey()))
                                .thenComparingInt(e -> -e.getValue().size()))
                .limit(MAX_EVIDENCE)
                .forEach(
                        e ->
                                evidence.add(
                                        new Evidence(
                                                e.getKey(),
                                                e.getValue().size(),
                                                e.getValue().stream()
                                                        .limit(MAX_EXAMPLES)
                                                        .toList())));
        String lead =
                evidence.isEmpty()
                        ? "The pasted upstream lines"
                        : evidence.get(0).count()
                                + " pasted line"
                                + (evidence.get(0).count() == 1 ? " shows " : "s show ")
                                + evidence.get(0).text();
        return new Cause(
                rule.code().name(),
                score,
                rule.code().proxyStatus(),
                PasteSummaries.of(rule.code(), lead, peer)
                        + mostTelling(rule.code(), clues, clueAt),
                evidence,
                CauseRanker.fixes(rule, f));
    }

    /**
     * Which pasted line says most for {@code code}, when the lines disagree: the reader sees what
     * moved the ranking.
     */
    private static String mostTelling(CauseCode code, List<Clue> clues, List<Integer> clueAt) {
        int best = -1;
        double max = 0;
        double min = 1;
        for (int i = 0; i < clues.size(); i++) {
            double w = clues.get(i).weights().getOrDefault(code, 0.0);
            if (w > max) {
                max = w;
                best = i;
            }
            min = Math.min(min, w);
        }
        return best >= 0 && max - min >= 0.1
                ? " Line " + clueAt.get(best) + " says most for it."
                : "";
    }

    private static void observe(StepStats window, Object event, Clue clue) {
        if (event instanceof AccessEvent a) {
            window.add(Observations.ofRequest(a, null, SERVICE));
        } else if (event instanceof ErrorEvent e) {
            window.add(Observations.ofErrorLine(e, ErrorLineClassifier.classify(e), SERVICE));
        }
    }

    /** The peer most lines name, "" when none does. */
    private static String mainPeer(List<Clue> clues) {
        Map<String, Integer> n = new LinkedHashMap<>();
        for (Clue c : clues) {
            if (!c.peer().isEmpty()) {
                n.merge(c.peer(), 1, Integer::sum);
            }
        }
        return n.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse("");
    }
}
