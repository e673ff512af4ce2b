package io.gatescope.analyzer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Observation;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract on observations of every kind, with nulls and NaN. */
class ObservationSerializerTest extends ImmutableSerializerContract<Observation> {

    @Override
    protected TypeSerializer<Observation> createSerializer() {
        return ObservationSerializer.INSTANCE;
    }

    @Override
    protected Class<Observation> getTypeClass() {
        return Observation.class;
    }

    @Override
    protected Observation[] getTestData() {
        return new Observation[] {
            new Observation(
                    Observation.Kind.REQUEST,
                    "shop",
                    1_700_000_000_000L,
                    "NGINX",
                    "10.0.3.11:8080",
                    502,
                    true,
                    FailureClass.CONNECT_REFUSED,
                    3,
                    List.of("10.0.3.11:8080", "10.0.3.12:8080"),
                    false,
                    0,
                    "connect() failed (111: Connection refused)",
                    "line one\nline two",
                    "web-1",
                    new io.gatescope.analyzer.dimensions.RequestDimensions(
                            "POST",
                            "/v2/invoices/{id}/render",
                            "203.0.113.9",
                            "curl/8.5.0",
                            "shop.example.com",
                            502,
                            "10.0.3.11:8080",
                            60_000),
                    -4_242_424_242L),
            new Observation(
                    Observation.Kind.ERROR_LINE,
                    "",
                    -5,
                    "",
                    "",
                    -1,
                    false,
                    null,
                    -1,
                    List.of(),
                    true,
                    Double.NaN,
                    "",
                    null),
            new Observation(
                    Observation.Kind.HEALTH,
                    "be_api",
                    7,
                    "HAPROXY",
                    "api1",
                    0,
                    false,
                    FailureClass.PEER_MARKED_DOWN,
                    -1,
                    null,
                    false,
                    12.5,
                    "Layer4 timeout",
                    "ü")
        };
    }

    @Test
    void flinkPicksThisSerializerForObservations() {
        assertThat(TypeInformation.of(Observation.class)).isEqualTo(ObservationSerializer.TYPE);
    }
}
