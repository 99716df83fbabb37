package io.flashsale.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flashsale.support.FlashsaleTest;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The migration to promotions, on a database of the previous version with sales and checkouts in it: each promotion
 * variant becomes a promotion of one, and nothing of it or of its checkouts is lost. Runs in a schema of its own.
 */
@FlashsaleTest
class PromotionMigrationTests {


    @Autowired
    Environment environment;

    @Autowired
    JdbcTemplate jdbc;

    private SingleConnectionDataSource dataSource;
    /** Beside the test database, under its name (what the test account may create). */
    private String schema;

    @AfterEach
    void dropTheSchema() {
        if (schema != null) {
            jdbc.execute("DROP DATABASE IF EXISTS " + schema);
        }
        if (dataSource != null) {
            dataSource.destroy();
        }
    }

    @Test
    void everyPromotionVariantBecomesAPromotionOfOneLosingNothing() {
        schema = jdbc.queryForObject("SELECT DATABASE()", String.class) + "_migration";
        jdbc.execute("DROP DATABASE IF EXISTS " + schema);
        dataSource = new SingleConnectionDataSource(environment.getRequiredProperty("spring.datasource.url"),
                environment.getRequiredProperty("spring.datasource.username"),
                environment.getRequiredProperty("spring.datasource.password"), true);
        // the last version before promotions, whichever versions exist below it
        MigrationVersion beforePromotions = Arrays.stream(Flyway.configure().dataSource(dataSource).schemas(schema)
                        .load().info().all())
                .map(MigrationInfo::getVersion).filter(v -> v.isNewerThan("0") && !v.isAtLeast("9"))
                .max(MigrationVersion::compareTo).orElseThrow();
        Flyway.configure().dataSource(dataSource).schemas(schema).target(beforePromotions).load().migrate();
        JdbcTemplate old = new JdbcTemplate(dataSource);
        old.execute("USE " + schema);
        old.update("""
                INSERT INTO promotion_variant (id, variant_id, name, description, image_url, price, discount_rate, stock,
                    reserved, sold, quantity_limit, hold_seconds, max_unpaid_per_address, abandon_cool_down_seconds,
                    starts_at, ends_at, enabled, version, created_at, updated_at)
                VALUES (7, 1001, 'Aurora X1, 128 GB', 'A phone', '/a.png', 799.00, 0.75, 100, 3, 2, 1, 120, 4, 60,
                    '2026-01-01 10:00:00', '2026-01-08 10:00:00', TRUE, 5, '2025-12-01 09:00:00', '2025-12-02 09:00:00'),
                       (9, 1002, 'Nova, 256 GB', NULL, NULL, 10.00, 1, 5, 0, 0, 2, 60, 0, 0,
                    '2026-02-01 10:00:00', '2026-02-02 10:00:00', FALSE, 0, '2025-12-03 09:00:00', '2025-12-03 09:00:00')""");
        old.update("""
                INSERT INTO checkout (checkout_id, user_id, promotion_variant_id, quantity, unit_price, status, expires_at,
                    hold_seconds, created_at)
                VALUES ('00000000-0000-0000-0000-000000000001', 42, 7, 2, 599.25, 'PAID', '2026-01-01 10:02:00', 120,
                    '2026-01-01 10:00:00')""");
        List<Map<String, Object>> variantsBefore = old.queryForList("SELECT * FROM promotion_variant ORDER BY id");
        List<Map<String, Object>> checkoutsBefore = old.queryForList("SELECT * FROM checkout ORDER BY id");

        Flyway.configure().dataSource(dataSource).schemas(schema).load().migrate();
        old.execute("USE " + schema);

        assertThat(old.queryForList("SELECT id, name, promotion_type, product_id, description, image_url, currency, "
                + "CAST(starts_at AS CHAR) AS starts_at, CAST(ends_at AS CHAR) AS ends_at FROM promotion ORDER BY id")).containsExactly(
                row(7L, "Aurora X1, 128 GB", "snap_up", 1001L, "A phone", "/a.png", "EUR", "2026-01-01 10:00:00.000000",
                        "2026-01-08 10:00:00.000000"),
                row(9L, "Nova, 256 GB", "snap_up", 1002L, null, null, "EUR", "2026-02-01 10:00:00.000000",
                        "2026-02-02 10:00:00.000000"));
        List<Map<String, Object>> variantsAfter = old.queryForList("SELECT * FROM promotion_variant ORDER BY id");
        for (int i = 0; i < variantsBefore.size(); i++) {
            assertThat(variantsAfter.get(i)).containsAllEntriesOf(variantsBefore.get(i))
                    .containsEntry("promotion_id", variantsBefore.get(i).get("id"));
        }
        assertThat(old.queryForList("SELECT * FROM checkout ORDER BY id")).isEqualTo(checkoutsBefore);
        assertThat(old.queryForObject("SELECT COUNT(*) FROM audit_entry", Integer.class)).isZero();
    }

    private static Map<String, Object> row(Long id, String name, String type, Long product, String description,
            String image, String currency, String startsAt, String endsAt) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("name", name);
        row.put("promotion_type", type);
        row.put("product_id", product);
        row.put("description", description);
        row.put("image_url", image);
        row.put("currency", currency);
        row.put("starts_at", startsAt);
        row.put("ends_at", endsAt);
        return row;
    }
}
