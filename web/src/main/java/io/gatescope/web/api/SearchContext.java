package io.gatescope.web.api;

import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.Incident;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A search hit with context: the incident's headline and the evidence lines that mention the
 * query's words.
 */
final class SearchContext {

    private SearchContext() {}

    static Map<String, Object> of(Incident i, String q) {
        List<String> words = new ArrayList<>();
        for (String w : q.toLowerCase(Locale.ROOT).split("[^a-z0-9_.:-]+")) {
            if (w.length() >= 2 && !List.of("and", "or", "not").contains(w)) {
                words.add(w);
            }
        }
        List<String> matches = new ArrayList<>();
        List<Evidence> all = new ArrayList<>();
        for (Cause c : i.causes()) {
            all.addAll(c.evidence());
            if (c.trigger() != null) {
                all.addAll(c.trigger().evidence());
            }
        }
        if (i.nearby() != null) {
            all.addAll(i.nearby());
        }
        for (Evidence e : all) {
            List<String> texts = new ArrayList<>(e.examples());
            texts.add(0, e.text());
            for (String t : texts) {
                String lower = t.toLowerCase(Locale.ROOT);
                if (words.stream().anyMatch(lower::contains)
                        && !matches.contains(t)
                        && matches.size() < 5) {
                    matches.add(t);
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("service", i.service());
        m.put("start", i.start());
        m.put("end", i.end());
        m.put("status", i.status());
        m.put("cause", i.topCause());
        m.put("confidence", i.causes().isEmpty() ? 0 : i.causes().get(0).confidence());
        m.put("matches", matches);
        return m;
    }
}
