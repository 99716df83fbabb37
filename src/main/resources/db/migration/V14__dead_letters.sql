-- Dead-lettered checkouts: an order message the broker gave up on after its delivery limit, kept for operators to
-- re-drive or discard. Its units stay held (in Redis) until one of them does; each action is audited below.
CREATE TABLE dead_letter (
    id                   BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    checkout_id          CHAR(36)      NOT NULL,
    promotion_variant_id BIGINT        NOT NULL,
    user_id              BIGINT        NOT NULL,
    quantity             INT           NOT NULL,
    reason               VARCHAR(1000) NOT NULL,
    payload              TEXT          NOT NULL,
    status               VARCHAR(16)   NOT NULL,
    times_dead_lettered  INT           NOT NULL DEFAULT 1,
    dead_lettered_at     DATETIME(6)   NOT NULL,
    resolved_at          DATETIME(6)   NULL,
    CONSTRAINT uk_dead_letter_checkout_id UNIQUE (checkout_id),
    CONSTRAINT ck_dead_letter_status CHECK (status IN ('PENDING', 'REDRIVEN', 'DISCARDED')),
    INDEX ix_dead_letter_status (status, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Who did what to a dead letter, when, and why (the operator's note).
CREATE TABLE dead_letter_action (
    id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    dead_letter_id BIGINT        NOT NULL,
    action         VARCHAR(16)   NOT NULL,
    operator_id    BIGINT        NOT NULL,
    note           VARCHAR(1000) NULL,
    acted_at       DATETIME(6)   NOT NULL,
    CONSTRAINT fk_dead_letter_action_dead_letter FOREIGN KEY (dead_letter_id) REFERENCES dead_letter (id),
    CONSTRAINT ck_dead_letter_action CHECK (action IN ('REDRIVE', 'DISCARD')),
    INDEX ix_dead_letter_action (dead_letter_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
