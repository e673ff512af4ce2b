package io.gatescope.ingest.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRedactorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "GET /cb?access_token=S3CR3T&user=bob HTTP/1.1|GET /cb?access_token=REDACTED&user=bob HTTP/1.1",
                "GET /v1?page=2&api_key=K3Y HTTP/1.1|GET /v1?page=2&api_key=REDACTED HTTP/1.1",
                "POST /login?next=/a&password=hunter2 HTTP/1.1|POST /login?next=/a&password=REDACTED HTTP/1.1",
                "/b.txt?X-Amz-Credential=AKIA/x&X-Amz-Signature=ab12cd|/b.txt?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED",
                "`{\"request\":\"GET / HTTP/1.1\",\"http_authorization\":\"Bearer abc.def.ghi\"}`|`{\"request\":\"GET / HTTP/1.1\",\"http_authorization\":\"REDACTED\"}`",
                "`rt=0.1 cookie=\"sid=abc; theme=dark\" host=x`|`rt=0.1 cookie=\"REDACTED\" host=x`",
                "upstream sent invalid header: Authorization: Basic dXNlcjpwYXNzd29yZA==|upstream sent invalid header: Authorization: REDACTED",
                "GET /p/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sgnature1 HTTP/1.1|GET /p/REDACTED HTTP/1.1",
                "upstream: \"http://svc:Pa55w0rd@10.0.0.5:80/x\"|upstream: \"http://svc:REDACTED@10.0.0.5:80/x\"",
            })
    void secretsAreBlankedAndTheRestOfTheLineStays(String line, String expected) {
        assertThat(SecretRedactor.redact(line)).isEqualTo(expected);
        assertThat(SecretRedactor.redact(expected)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET /a?page=2&sort=asc HTTP/1.1\" 502 157 \"-\" \"curl/8.5.0\" rt=0.001 uct=\"-\" ua=\"10.0.3.11:8080\" us=\"502\" host=shop.example.com cn=42",
                "2026/03/14 09:10:00 [error] 2211#2211: *42 connect() failed (111: Connection refused) while connecting to upstream, client: 10.1.2.3, server: shop.example.com, request: \"GET / HTTP/1.1\", upstream: \"http://10.0.3.11:8080/\", host: \"shop.example.com\"",
                "Mar 14 09:10:00 lb1 haproxy[2211]: Server be_api/api1 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\"",
            })
    void linesWithoutSecretsAreReturnedAsTheyAre(String line) {
        assertThat(SecretRedactor.redact(line)).isSameAs(line);
    }

    @Test
    void nothingAndEmptyStayAsTheyAre() {
        assertThat(SecretRedactor.redact(null)).isNull();
        assertThat(SecretRedactor.redact("")).isEmpty();
    }
}
