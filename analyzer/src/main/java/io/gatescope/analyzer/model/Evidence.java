package io.gatescope.analyzer.model;

import java.util.List;

/** One thing counted in support of a cause, with verbatim example lines. */
public record Evidence(String text, long count, List<String> examples) {}
