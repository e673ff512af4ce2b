package io.gatescope.analyzer.report;

import io.gatescope.analyzer.model.Incident;
import java.util.List;

/** The document {@code analyze --json} prints (shared/CONTRACT.md section 2). */
public record AnalysisDocument(Summary summary, List<Incident> incidents) {}
