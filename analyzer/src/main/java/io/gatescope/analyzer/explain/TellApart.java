package io.gatescope.analyzer.explain;

import java.util.List;

/**
 * What to look at next to tell leading causes apart, as in the contract's {@code tellApart}.
 *
 * @param causes the cause codes it separates
 * @param check what to look at or collect, in words
 * @param command a command that shows it
 */
public record TellApart(List<String> causes, String check, String command) {}
