package io.flashsale.promotion;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The record of every operator change to a promotion or a promotion variant: who, when, what, and each changed
 * field before and after. Written inside the change's own transaction (it must join one), so a change that rolls
 * back leaves no entry and no change goes unrecorded.
 */
@Component
class AuditTrail {

    static final String PROMOTION_CREATED = "PROMOTION_CREATED";
    static final String PROMOTION_CHANGED = "PROMOTION_CHANGED";
    static final String VARIANT_CREATED = "PROMOTION_VARIANT_CREATED";
    static final String VARIANT_CHANGED = "PROMOTION_VARIANT_CHANGED";

    private static final TypeReference<Map<String, Change>> CHANGES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AuditTrail(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** One field's value before and after a change; a side that was empty (before: it was created) is left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Change(Object before, Object after) {
    }

    /**
     * @param actorId the operator's user id; {@code null} for the service itself
     * @param changes field → before and after
     */
    @Schema(name = "AuditEntry")
    record Entry(long id, long promotionId, @Schema(types = {"integer", "null"}, format = "int64") PromotionVariantId promotionVariantId,
            @Schema(types = {"integer", "null"}, format = "int64") UserId actorId, String action,
            Map<String, Change> changes, Instant at) {
    }

    /** Records a change of the fields that differ between the two snapshots; nothing when none does. */
    @Transactional(propagation = Propagation.MANDATORY)
    void record(String action, long promotionId, PromotionVariantId variant, UserId actor,
            Map<String, Object> before, Map<String, Object> after) {
        Map<String, Change> changes = diff(before, after);
        if (changes.isEmpty()) {
            return;
        }
        jdbc.update("INSERT INTO audit_entry (promotion_id, promotion_variant_id, actor_id, action, changes, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)",
                promotionId, variant == null ? null : variant.value(), actor == null ? null : actor.value(), action,
                json.writeValueAsString(changes), Timestamp.from(clock.instant()));
    }

    /** Each field whose value differs, in the order of {@code after}, then any only {@code before} had. */
    static Map<String, Change> diff(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Change> changes = new LinkedHashMap<>();
        Set<String> fields = new HashSet<>(before.keySet());
        after.forEach((field, value) -> {
            fields.remove(field);
            if (!Objects.equals(before.get(field), value)) {
                changes.put(field, new Change(before.get(field), value));
            }
        });
        fields.forEach(field -> changes.put(field, new Change(before.get(field), null)));
        return changes;
    }

    /** A promotion's entries, its variants' included, newest first. */
    @Transactional(readOnly = true)
    Page<Entry> ofPromotion(long promotionId, Pageable page) {
        return page("promotion_id = ?", promotionId, page);
    }

    /** One promotion variant's entries, newest first. */
    @Transactional(readOnly = true)
    Page<Entry> ofVariant(PromotionVariantId id, Pageable page) {
        return page("promotion_variant_id = ?", id.value(), page);
    }

    private Page<Entry> page(String where, long id, Pageable page) {
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE " + where, Long.class, id);
        List<Entry> entries = jdbc.query("SELECT * FROM audit_entry WHERE " + where + " ORDER BY id DESC LIMIT ? OFFSET ?",
                rows(), id, page.getPageSize(), page.getOffset());
        return new PageImpl<>(entries, page, total == null ? 0 : total);
    }

    private RowMapper<Entry> rows() {
        return (rs, n) -> {
            long variant = rs.getLong("promotion_variant_id");
            PromotionVariantId variantId = rs.wasNull() ? null : PromotionVariantId.of(variant);
            long actor = rs.getLong("actor_id");
            UserId actorId = rs.wasNull() ? null : UserId.of(actor);
            return new Entry(rs.getLong("id"), rs.getLong("promotion_id"), variantId, actorId, rs.getString("action"),
                    json.readValue(rs.getString("changes"), CHANGES), rs.getTimestamp("created_at").toInstant());
        };
    }
}
