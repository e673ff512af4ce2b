package io.gatescope.analyzer.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceAdmissionTest {

    @Test
    void theFirstNamesKeepTheirServiceAndLaterOnesShareTheOverflow() {
        ServiceAdmission a = new ServiceAdmission();
        for (int i = 0; i < ServiceAdmission.MAX; i++) {
            assertThat(a.admit("h" + i + ".example.com")).isEqualTo("h" + i + ".example.com");
        }
        assertThat(a.admit("late.example.com")).isEqualTo(ServiceAdmission.OVERFLOW);
        assertThat(a.admit("another.example.com")).isEqualTo(ServiceAdmission.OVERFLOW);
        // Admitted names stay admitted, asked again or as another instance of the same text.
        assertThat(a.admit("h7.example.com")).isEqualTo("h7.example.com");
        assertThat(a.admit(new String("h7.example.com"))).isEqualTo("h7.example.com");
        assertThat(a.admit("late.example.com")).isEqualTo(ServiceAdmission.OVERFLOW);
    }
}
