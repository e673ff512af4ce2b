package io.gatescope.analyzer.model;

/**
 * A concrete change or check.
 *
 * @param config the directive or setting to apply, or the diagnostic command to run; "" if none
 */
public record Fix(String title, String detail, String config) {}
