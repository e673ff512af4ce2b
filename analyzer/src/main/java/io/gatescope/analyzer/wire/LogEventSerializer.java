package io.gatescope.analyzer.wire;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.HealthEvent;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Origin;
import io.gatescope.ingest.event.ProxyDetail;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamTry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes the parsed events field by field, a tag byte first. Without it Flink falls back to Kryo
 * for the {@link LogEvent} interface, whose reflective record serializer was the costliest
 * compilation of a whole {@code analyze} run (seconds of C2 time on two cores) for the few events
 * that travel one by one. The events are immutable records, so copies are the events themselves.
 */
public final class LogEventSerializer extends ImmutableSerializer<LogEvent> {

    private static final long serialVersionUID = 1L;

    /** The one instance (the serializer has no state). */
    public static final LogEventSerializer INSTANCE = new LogEventSerializer();

    /** The type information that selects it. */
    public static final SerializerTypeInfo<LogEvent> TYPE =
            new SerializerTypeInfo<>(LogEvent.class, INSTANCE);

    private static final byte ACCESS = 1;
    private static final byte ERROR = 2;
    private static final byte HEALTH = 3;
    private static final byte IGNORED = 4;
    private static final byte REJECTION = 5;
    private static final byte UPSTREAM = 6;
    // An error line with the gateway that wrote it (ERROR, from before Traefik and Caddy, is
    // nginx's and is still read).
    private static final byte GATEWAY_ERROR = 7;
    private static final UpstreamEvent.Signal[] SIGNALS = UpstreamEvent.Signal.values();
    private static final GatewayKind[] GATEWAYS = GatewayKind.values();
    private static final HealthEvent.HealthState[] STATES = HealthEvent.HealthState.values();

    @Override
    public void serialize(LogEvent e, DataOutputView out) throws IOException {
        if (e instanceof AccessEvent a) {
            out.writeByte(ACCESS);
            writeAccess(a, out);
        } else if (e instanceof ErrorEvent r) {
            out.writeByte(GATEWAY_ERROR);
            writeError(r, out);
            writeEnum(r.gateway(), out);
        } else if (e instanceof HealthEvent h) {
            out.writeByte(HEALTH);
            out.writeLong(h.timeMillis());
            writeEnum(h.gateway(), out);
            writeStrings(out, h.backend(), h.server());
            writeEnum(h.state(), out);
            writeStrings(out, h.reason(), h.source(), h.raw());
        } else if (e instanceof IgnoredLine i) {
            out.writeByte(IGNORED);
            out.writeLong(i.timeMillis());
            writeStrings(out, i.what(), i.source(), i.raw());
        } else if (e instanceof Rejection r) {
            out.writeByte(REJECTION);
            out.writeLong(r.timeMillis());
            writeStrings(out, r.reason(), r.source(), r.raw());
        } else if (e instanceof UpstreamEvent u) {
            out.writeByte(UPSTREAM);
            out.writeLong(u.timeMillis());
            writeEnum(u.signal(), out);
            Origin o = u.origin();
            writeStrings(out, u.software(), o.host(), o.addresses(), o.namespace(), o.pod());
            writeStrings(out, o.workload(), u.subject(), u.id());
            out.writeInt(u.count());
            writeStrings(out, u.source(), u.raw());
        } else {
            throw new IOException("cannot serialize event type " + e);
        }
    }

    @Override
    public LogEvent deserialize(DataInputView in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case ACCESS -> readAccess(in);
            case ERROR -> readError(in);
            case GATEWAY_ERROR -> {
                ErrorEvent r = readError(in);
                yield new ErrorEvent(
                        r.timeMillis(),
                        r.level(),
                        r.connection(),
                        r.message(),
                        r.errno(),
                        r.phase(),
                        r.client(),
                        r.server(),
                        r.request(),
                        r.upstream(),
                        r.host(),
                        r.source(),
                        r.raw(),
                        readEnum(GATEWAYS, in));
            }
            case HEALTH ->
                    new HealthEvent(
                            in.readLong(),
                            readEnum(GATEWAYS, in),
                            str(in),
                            str(in),
                            readEnum(STATES, in),
                            str(in),
                            str(in),
                            str(in));
            case IGNORED -> new IgnoredLine(in.readLong(), str(in), str(in), str(in));
            case REJECTION -> new Rejection(in.readLong(), str(in), str(in), str(in));
            case UPSTREAM -> {
                long time = in.readLong();
                UpstreamEvent.Signal signal = readEnum(SIGNALS, in);
                String software = str(in);
                Origin o = new Origin(str(in), str(in), str(in), str(in), str(in));
                yield new UpstreamEvent(
                        time,
                        signal,
                        software,
                        o,
                        str(in),
                        str(in),
                        in.readInt(),
                        str(in),
                        str(in));
            }
            default -> throw new IOException("corrupt event stream: unknown tag " + tag);
        };
    }

    @Override
    public TypeSerializerSnapshot<LogEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    private static void writeAccess(AccessEvent a, DataOutputView out) throws IOException {
        out.writeLong(a.timeMillis());
        writeEnum(a.gateway(), out);
        writeStrings(out, a.service(), a.host(), a.client(), a.method(), a.uri());
        out.writeInt(a.status());
        out.writeDouble(a.requestTime());
        out.writeLong(a.connection());
        out.writeBoolean(a.upgrade());
        List<UpstreamTry> tries = a.tries();
        out.writeInt(tries == null ? -1 : tries.size());
        if (tries != null) {
            for (UpstreamTry t : tries) {
                StringValue.writeString(t.address(), out);
                out.writeInt(t.status());
                out.writeDouble(t.connectTime());
                out.writeDouble(t.headerTime());
                out.writeDouble(t.responseTime());
            }
        }
        ProxyDetail d = a.detail();
        out.writeBoolean(d != null);
        if (d != null) {
            StringValue.writeString(d.terminationState(), out);
            out.writeInt(d.queueMillis());
            out.writeInt(d.serverQueue());
            out.writeInt(d.backendQueue());
            out.writeInt(d.backendConnections());
            writeStrings(out, d.errorName(), d.classification());
        }
        writeStrings(out, a.source(), a.raw());
    }

    private static AccessEvent readAccess(DataInputView in) throws IOException {
        long time = in.readLong();
        GatewayKind gateway = readEnum(GATEWAYS, in);
        String service = str(in);
        String host = str(in);
        String client = str(in);
        String method = str(in);
        String uri = str(in);
        int status = in.readInt();
        double requestTime = in.readDouble();
        long connection = in.readLong();
        boolean upgrade = in.readBoolean();
        int n = in.readInt();
        List<UpstreamTry> tries = n < 0 ? null : new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            tries.add(
                    new UpstreamTry(
                            str(in),
                            in.readInt(),
                            in.readDouble(),
                            in.readDouble(),
                            in.readDouble()));
        }
        ProxyDetail detail =
                in.readBoolean()
                        ? new ProxyDetail(
                                str(in),
                                in.readInt(),
                                in.readInt(),
                                in.readInt(),
                                in.readInt(),
                                str(in),
                                str(in))
                        : null;
        return new AccessEvent(
                time,
                gateway,
                service,
                host,
                client,
                method,
                uri,
                status,
                requestTime,
                connection,
                upgrade,
                tries == null ? null : List.copyOf(tries),
                detail,
                str(in),
                str(in));
    }

    private static void writeError(ErrorEvent r, DataOutputView out) throws IOException {
        out.writeLong(r.timeMillis());
        StringValue.writeString(r.level(), out);
        out.writeLong(r.connection());
        StringValue.writeString(r.message(), out);
        out.writeInt(r.errno());
        writeStrings(
                out,
                r.phase(),
                r.client(),
                r.server(),
                r.request(),
                r.upstream(),
                r.host(),
                r.source(),
                r.raw());
    }

    private static ErrorEvent readError(DataInputView in) throws IOException {
        return new ErrorEvent(
                in.readLong(),
                str(in),
                in.readLong(),
                str(in),
                in.readInt(),
                str(in),
                str(in),
                str(in),
                str(in),
                str(in),
                str(in),
                str(in),
                str(in));
    }

    private static void writeStrings(DataOutputView out, String... values) throws IOException {
        for (String v : values) {
            StringValue.writeString(v, out); // writes null as null
        }
    }

    private static String str(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    /** The serializer's snapshot: it has no configuration, only a version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LogEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
