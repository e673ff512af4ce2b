package io.gatescope.analyzer.index;

/** A search query that Lucene cannot parse, or that exceeds the bounds; the message says why. */
public class BadQueryException extends RuntimeException {
    public BadQueryException(String message) {
        super(message);
    }
}
