package io.gatescope.ingest.envelope;

/**
 * A log line as a shipper delivered it, unwrapped.
 *
 * @param line the log line itself
 * @param source the file path or stream the shipper named, behind the shipper's host where it names
 *     one ({@code web-1:/var/log/nginx/access.log}), or the caller's source
 * @param shipperTime when the shipper read the line (epoch ms), or {@code Long.MIN_VALUE}: used
 *     only when the line has no time of its own
 * @param json the line was not wrapped and is itself a JSON object (nginx {@code escape=json})
 */
public record Envelope(String line, String source, long shipperTime, boolean json) {}
