-- Every operator change to a promotion or a promotion variant: who (the token's user id; NULL for the service
-- itself, e.g. the demo sale), when, what (the action and its target), and each changed field before and after, as
-- JSON {"field": {"before": …, "after": …}}. Written in the transaction of the change it records.
CREATE TABLE audit_entry (
    id                   BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    promotion_id         BIGINT      NOT NULL,
    promotion_variant_id BIGINT      NULL,
    actor_id             BIGINT      NULL,
    action               VARCHAR(32) NOT NULL,
    changes              TEXT        NOT NULL,
    created_at           DATETIME(6) NOT NULL,
    INDEX ix_audit_entry_promotion (promotion_id, id),
    INDEX ix_audit_entry_variant (promotion_variant_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
