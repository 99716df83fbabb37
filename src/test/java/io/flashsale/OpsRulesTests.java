package io.flashsale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What ships in {@code ops/} works with this service: the Prometheus alert rules are valid rule files (every rule
 * named, with an expression, a severity and a summary) and, like the Grafana dashboard's queries, use only metrics
 * that {@code /actuator/prometheus} of a running service serves.
 */
@FlashsaleTest
class OpsRulesTests {

    static final Path ALERTS = Path.of("ops/prometheus/alerts.yml");
    static final Path DASHBOARD = Path.of("ops/grafana/flashsale-dashboard.json");
    /** PromQL's own words that look like metric names: functions, aggregations, keywords. */
    private static final Set<String> PROMQL = Set.of("histogram_quantile", "label_replace", "label_join",
            "absent_over_time", "avg_over_time", "max_over_time", "min_over_time", "sum_over_time",
            "count_over_time", "quantile_over_time", "last_over_time", "predict_linear", "rate", "irate", "increase",
            "sum", "max", "min", "avg", "count", "by", "without", "on", "ignoring", "and", "or", "unless", "bool",
            "group_left", "group_right", "offset", "abs", "absent", "clamp_min", "clamp_max", "delta", "deriv", "topk",
            "bottomk", "time", "vector", "scalar");
    /** Series Prometheus makes itself, not the service. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @Autowired
    TestApi api;

    @Test
    @SuppressWarnings("unchecked")
    void theAlertRulesAreValidRules() throws IOException {
        List<Map<String, Object>> rules = rules();
        assertThat(rules).isNotEmpty();
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Object> rule : rules) {
            assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
            assertThat(names.add((String) rule.get("alert"))).as("alert names are unique").isTrue();
            assertThat((Map<String, Object>) rule.get("labels")).containsKey("severity");
            assertThat((Map<String, Object>) rule.get("annotations")).containsKeys("summary", "description");
            assertThat(rule.get("for") == null || String.valueOf(rule.get("for")).matches("\\d+[smh]"))
                    .as("%s: for", rule.get("alert")).isTrue();
            String expr = (String) rule.get("expr");
            assertThat(balanced(expr)).as("%s: brackets", rule.get("alert")).isTrue();
        }
    }

    @Test
    void everyMetricTheRulesAndTheDashboardUseIsServed() throws IOException {
        // the meters made on first use: a refused snap-up (an unknown promotion variant) and an accepted one
        api.snapUp(api.buyerToken(), 987_654_321L, 1).expectStatus().isNotFound();
        long sale = api.createSale(TestApi.saleRequest(5));
        api.snapUpAccepted(api.buyerToken(), sale);
        String scraped = api.client().get().uri("/actuator/prometheus")
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        Set<String> served = scraped.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());

        List<String> expressions = new ArrayList<>();
        rules().forEach(rule -> expressions.add((String) rule.get("expr")));
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        dashboard.get("panels").forEach(panel -> panel.get("targets")
                .forEach(target -> expressions.add(target.get("expr").asString())));

        Set<String> used = new LinkedHashSet<>();
        expressions.forEach(expr -> used.addAll(metrics(expr)));
        assertThat(used).contains("flashsale_snapup_seconds_bucket", "flashsale_checkout_dead_letters");
        assertThat(used).as("metrics used in ops/ that /actuator/prometheus does not serve")
                .allSatisfy(metric -> assertThat(served).contains(metric));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() throws IOException {
        try (Reader reader = Files.newBufferedReader(ALERTS)) {
            Map<String, Object> file = new Yaml().load(reader);
            List<Map<String, Object>> rules = new ArrayList<>();
            ((List<Map<String, Object>>) file.get("groups")).forEach(group -> {
                assertThat(group).containsKeys("name", "rules");
                rules.addAll((List<Map<String, Object>>) group.get("rules"));
            });
            return rules;
        }
    }

    /** The metric names of a PromQL expression: label matchers, groupings, ranges and strings taken out first. */
    static Set<String> metrics(String expr) {
        String bare = expr.replaceAll("\"[^\"]*\"", "")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "");
        Set<String> names = new LinkedHashSet<>();
        Matcher name = NAME.matcher(bare);
        while (name.find()) {
            String token = name.group();
            boolean number = name.start() > 0 && Character.isDigit(bare.charAt(name.start() - 1));
            if (!number && !PROMQL.contains(token) && !PROMETHEUS_OWN.contains(token)) {
                names.add(token);
            }
        }
        return names;
    }

    private static boolean balanced(String expr) {
        int depth = 0;
        for (char c : expr.toCharArray()) {
            depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}
