package io.gatescope.analyzer.report;

import java.util.Map;

/** The {@code summary} object of the analyze document, plus rejections by reason and late lines. */
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
        long late) {}
