package io.gatescope.analyzer.model;

import java.util.List;

/** One ranked explanation of an incident, as in the contract's JSON document. */
public record Cause(
        String cause,
        double confidence,
        String proxyStatus,
        String summary,
        List<Evidence> evidence,
        List<Fix> fixes) {}
