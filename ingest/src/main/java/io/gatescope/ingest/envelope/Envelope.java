package io.gatescope.ingest.envelope;

import io.gatescope.ingest.event.Origin;

/**
 * A log line as a shipper delivered it, unwrapped.
 *
 * @param line the log line itself
 * @param source the file path or stream the shipper named, behind the shipper's host where it names
 *     one ({@code web-1:/var/log/nginx/access.log}), or the caller's source
 * @param shipperTime when the shipper read the line (epoch ms), or {@code Long.MIN_VALUE}: used
 *     only when the line has no time of its own
 * @param json the line was not wrapped and is itself a JSON object (nginx {@code escape=json})
 * @param origin the machine or pod the shipper says the line came from ({@link Origin#NONE} when it
 *     says nothing): Filebeat's {@code host.ip} and {@code kubernetes.*}, Vector's and Fluent Bit's
 *     Kubernetes fields, the {@code [pod/NAME/CONTAINER]} prefix of {@code kubectl logs --prefix}
 */
public record Envelope(String line, String source, long shipperTime, boolean json, Origin origin) {

    /** An envelope that names no origin. */
    public Envelope(String line, String source, long shipperTime, boolean json) {
        this(line, source, shipperTime, json, Origin.NONE);
    }
}
