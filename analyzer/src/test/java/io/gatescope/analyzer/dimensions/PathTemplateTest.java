package io.gatescope.analyzer.dimensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplateTest {

    @ParameterizedTest(name = "{0} folds to {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/v2/invoices/8812/render | /v2/invoices/{id}/render",
                "/v2/invoices/8812/render?format=pdf&token=abc | /v2/invoices/{id}/render",
                "/api/v1/orders/7731 | /api/v1/orders/{id}",
                "/users/3f2a9c1e-8b7d-4c2e-9f1a-2b3c4d5e6f70/avatar | /users/{id}/avatar",
                "/git/objects/9fceb02d0ae598e95dc970b74767f19372d61af8 | /git/objects/{id}",
                "/static/js/app.3f9a8c1b.js | /static/js/app.{id}.js",
                "/static/css/main.css | /static/css/main.css",
                "/reports/2024-06-01/daily | /reports/{id}/daily",
                "/v1/keys/sk_live_4eC39HqLyjWDarjtT1zdp7dc | /v1/keys/sk_live_{id}",
                "/v1/tokens/4eC39HqLyjWDarjtT1zdp7dcX9 | /v1/tokens/{id}",
                "/healthz | /healthz",
                "/ | /",
                "https://api.example.com:443/v2/items/42?x=1 | /v2/items/{id}",
                "/api/v1/users/me | /api/v1/users/me",
                "/socket.io/?EIO=4&transport=websocket | /socket.io",
                "/api//double//slash/ | /api/double/slash",
            })
    void idsAreFoldedByTheirShape(String uri, String template) {
        assertThat(PathTemplate.fold(uri)).isEqualTo(template);
    }

    @Test
    void wordsThatAreEndpointsStay() {
        assertThat(PathTemplate.fold("/api/v1/search")).isEqualTo("/api/v1/search");
        assertThat(PathTemplate.fold("/v2/checkout/confirm")).isEqualTo("/v2/checkout/confirm");
        assertThat(PathTemplate.fold("/assets/logo-2x.png")).isEqualTo("/assets/logo-2x.png");
    }

    @Test
    void aMissingOrDashUriHasNoPath() {
        assertThat(PathTemplate.fold("-")).isEmpty();
        assertThat(PathTemplate.fold(null)).isEmpty();
    }

    @Test
    void namesThatAreIdsAreLearnedFromTheTraffic() {
        Map<String, Long> paths = new HashMap<>();
        for (String name : new String[] {"acme", "globex", "initech", "umbrella", "hooli"}) {
            paths.put("/v2/accounts/" + name + "/settings", 2L);
        }
        paths.put("/v2/invoices/{id}", 40L);
        Map<String, String> learned = PathTemplate.learn(paths);
        assertThat(learned.get("/v2/accounts/acme/settings"))
                .isEqualTo("/v2/accounts/{id}/settings");
        assertThat(learned.get("/v2/invoices/{id}")).isEqualTo("/v2/invoices/{id}");
    }

    @Test
    void endpointsThatRepeatAreNotLearnedAsIds() {
        Map<String, Long> paths = new HashMap<>();
        for (String endpoint : new String[] {"orders", "cart", "search", "users", "login"}) {
            paths.put("/api/v1/" + endpoint, 25L);
        }
        Map<String, String> learned = PathTemplate.learn(paths);
        assertThat(learned.get("/api/v1/cart")).isEqualTo("/api/v1/cart");
    }

    @Test
    void aHandfulOfRequestsTeachesNothing() {
        Map<String, Long> paths = new HashMap<>();
        for (String endpoint : new String[] {"orders", "cart", "search", "users", "login"}) {
            paths.put("/api/v1/" + endpoint, 1L);
        }
        assertThat(PathTemplate.learn(paths).get("/api/v1/cart")).isEqualTo("/api/v1/cart");
    }

    @Test
    void veryLongPathsAreCut() {
        String deep = "/a".repeat(40);
        assertThat(PathTemplate.fold(deep)).endsWith("/…").hasSizeLessThan(40);
    }
}
