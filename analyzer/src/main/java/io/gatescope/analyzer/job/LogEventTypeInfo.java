package io.gatescope.analyzer.job;

import io.gatescope.ingest.event.LogEvent;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information for parsed events: they travel with {@link LogEventSerializer}. */
public final class LogEventTypeInfo extends TypeInformation<LogEvent> {

    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final LogEventTypeInfo INSTANCE = new LogEventTypeInfo();

    private LogEventTypeInfo() {}

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<LogEvent> getTypeClass() {
        return LogEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<LogEvent> createSerializer(SerializerConfig config) {
        return LogEventSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "LogEvent";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return LogEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof LogEventTypeInfo;
    }
}
