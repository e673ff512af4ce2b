package io.gatescope.ingest.paste;

import java.util.List;

/**
 * One entry of a paste: the physical lines a person pasted (verbatim) and the text read as one log
 * entry (a pretty-printed JSON entry or an nginx entry continued over lines is one entry).
 *
 * @param firstLine the 0-based index of its first physical line among the pasted non-blank lines
 */
public record PastedEntry(int firstLine, List<String> lines, String text) {}
