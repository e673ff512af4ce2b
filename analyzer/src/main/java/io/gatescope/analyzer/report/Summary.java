package io.gatescope.analyzer.report;

import java.util.Map;

/**
 * The {@code summary} object of the analyze document, plus rejections by reason and late lines.
 * Every line is counted once: {@code lines = parsed + rejected + late}.
 *
 * @param late lines that arrived after the period they belong to was decided: counted, not analysed
 * @param lateBySource of those, how many per source (file or shipped path)
 */
public record Summary(
        int files,
        long lines,
        long parsed,
        long rejected,
        long requests,
        long status502,
        String from,
        String to,
        Map<String, Long> rejectedByReason,
        long late,
        Map<String, Long> lateBySource) {}
