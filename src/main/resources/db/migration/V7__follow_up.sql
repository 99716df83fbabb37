-- Follow-ups: what must follow a commit outside the database (the live stock in Redis, expiry messages, the buyers'
-- events), written in the same transaction as the change it follows and deleted once done. A process that dies
-- between the commit and those steps leaves them here; they are done on a later pass, on any instance.
CREATE TABLE follow_up (
    id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
    promotion_variant_id BIGINT   NOT NULL,
    work                 LONGTEXT NOT NULL,
    created_at           DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    INDEX follow_up_by_promotion_variant (promotion_variant_id),
    INDEX follow_up_by_created_at (created_at)
);
