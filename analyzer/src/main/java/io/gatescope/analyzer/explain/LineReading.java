package io.gatescope.analyzer.explain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One pasted line and what it says, as in the contract's {@code explain --json} document.
 *
 * @param line the line verbatim
 * @param source {@code nginx-error}, {@code nginx-access}, {@code alb}, {@code elb}, {@code
 *     haproxy}, {@code envoy}, {@code traefik}, {@code caddy}, {@code upstream}, {@code platform}
 *     or {@code unknown}
 * @param status the status the client got, when the line says or implies it
 * @param failure the RFC 9209 error type of the failure it shows, when it shows one
 * @param upstream the upstream it names, when it names one
 * @param note what the line says, in words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LineReading(
        String line, String source, Integer status, String failure, String upstream, String note) {

    static final String CONTINUES = "continues the entry that starts ";

    /** A reading for a later physical line of an entry that began {@code back} lines above. */
    static LineReading continuation(String line, String source, int back) {
        return new LineReading(line, source, null, null, null, CONTINUES + back + " line(s) above");
    }

    /** Whether this line only continues an entry begun above. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isContinuation() {
        return note.startsWith(CONTINUES);
    }
}
