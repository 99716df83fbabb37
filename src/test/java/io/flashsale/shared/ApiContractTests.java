package io.flashsale.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed OpenAPI document ({@code frontend/openapi.json}, from which the web page's client is generated) is
 * the one the service serves. When the API changes on purpose, {@code bin/openapi} writes the served one over it.
 */
@FlashsaleTest
class ApiContractTests {

    static final Path COMMITTED = Path.of("frontend/openapi.json");
    static final String REGENERATE = "bin/openapi";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    @Autowired
    TestApi api;

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        String served = canonical(served());
        if (Boolean.parseBoolean(System.getenv("FLASHSALE_OPENAPI_WRITE"))) {
            Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "{}";
        if (!served.equals(committed)) {
            fail("The served OpenAPI document differs from %s (- committed, + served):%n%s%n"
                    + "If the change is meant, run %s and commit %s (the page's client is generated from it).",
                    COMMITTED, diff(JSON.readTree(committed), JSON.readTree(served)), REGENERATE, COMMITTED);
        }
    }

    @Test
    void theDocumentIsTheContractClientsAreGeneratedFrom() throws IOException {
        JsonNode doc = JSON.readTree(served());
        JsonNode paths = doc.get("paths");
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(paths.has("/error")).as("framework endpoints are hidden").isFalse();
        assertThat(paths.propertyNames()).noneMatch(p -> p.startsWith("/actuator"));
        assertThat(paths.at("/~1api~1snap-up~1checkouts/post/responses").has("202")).isTrue();
        assertThat(paths.at("/~1api~1admin~1promotion-variants/post/responses").has("201")).isTrue();
        assertThat(paths.at("/~1api~1snap-up~1checkouts/post/responses/409/content/application~1problem+json/examples")
                .propertyNames()).contains("SOLD_OUT", "LIMIT_EXCEEDED", "NOT_STARTED", "ENDED");
        assertThat(doc.at("/components/schemas/PromotionVariant/properties/salePrice/type").asString()).isEqualTo("string");
        List<String> ids = new ArrayList<>();
        paths.forEach(path -> path.forEach(operation -> ids.add(operation.get("operationId").asString())));
        assertThat(ids).doesNotHaveDuplicates().noneMatch(id -> id.matches(".*_\\d+"));
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            boolean open = operation.getValue().has("security");
            if (!open) {
                assertThat(operation.getValue().at("/responses/401/content/application~1problem+json/examples")
                        .has("UNAUTHORIZED")).as("%s %s documents 401", operation.getKey(), path.getKey()).isTrue();
            }
        }));
    }

    private String served() {
        return api.client().get().uri("/v3/api-docs")
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
    }

    /** The document as committed: keys sorted, indented, one trailing newline. */
    static String canonical(String document) {
        return JSON.writeValueAsString(JSON.readValue(document, Object.class)) + "\n";
    }

    /** Every leaf that differs, by its JSON pointer: short enough to read in a failed build. */
    static String diff(JsonNode committed, JsonNode served) {
        Map<String, String> before = new TreeMap<>();
        Map<String, String> after = new TreeMap<>();
        flatten("", committed, before);
        flatten("", served, after);
        List<String> lines = new ArrayList<>();
        before.forEach((pointer, value) -> {
            if (!Objects.equals(value, after.get(pointer))) {
                lines.add("- " + pointer + " = " + value);
            }
        });
        after.forEach((pointer, value) -> {
            if (!Objects.equals(value, before.get(pointer))) {
                lines.add("+ " + pointer + " = " + value);
            }
        });
        lines.sort((a, b) -> a.substring(2).compareTo(b.substring(2)));
        int shown = Math.min(lines.size(), 60);
        return String.join("\n", lines.subList(0, shown))
                + (lines.size() > shown ? "\n… and " + (lines.size() - shown) + " more" : "");
    }

    private static void flatten(String pointer, JsonNode node, Map<String, String> leaves) {
        if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(e -> flatten(pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"),
                    e.getValue(), leaves));
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(pointer + "/" + i, node.get(i), leaves);
            }
        } else {
            leaves.put(pointer, node.toString());
        }
    }
}
