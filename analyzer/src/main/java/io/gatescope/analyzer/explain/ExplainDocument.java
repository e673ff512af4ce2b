package io.gatescope.analyzer.explain;

import io.gatescope.analyzer.model.Cause;
import java.util.List;

/**
 * The answer to a paste: every pasted line with what it says, the ranked causes in the shape of the
 * analyze document, and the checks that tell the leading ones apart.
 */
public record ExplainDocument(
        List<LineReading> lines, List<Cause> causes, List<TellApart> tellApart) {}
