package io.gatescope.analyzer.model;

import java.util.List;

/**
 * What made the upstream fail, from its own logs and the platform's, joined to the incident by
 * address, Kubernetes object or host name (never by time alone): the contract's {@code trigger}.
 *
 * @param kind one of {@link TriggerKind}'s names
 */
public record Trigger(String kind, String summary, List<Evidence> evidence, List<Fix> fixes) {}
