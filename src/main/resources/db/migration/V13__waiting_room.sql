-- The waiting room of a promotion variant: the operator's switch (off unless a row says on), how long before the
-- start buyers may join, and how many buyers a second are let through. The draw at the start is recorded here for
-- the audit: its seed, when it ran and how many buyers it placed (the arrivals it shuffled stay in Redis).
CREATE TABLE waiting_room (
    promotion_variant_id BIGINT      NOT NULL PRIMARY KEY,
    enabled              BOOLEAN     NOT NULL DEFAULT FALSE,
    opens_before_seconds INT         NOT NULL,
    rate_per_second      INT         NOT NULL,
    draw_seed            BIGINT      NULL,
    drawn_at             DATETIME(3) NULL,
    drawn_count          INT         NULL,
    updated_at           DATETIME(3) NOT NULL,
    CONSTRAINT fk_waiting_room_promotion_variant FOREIGN KEY (promotion_variant_id) REFERENCES promotion_variant (id)
        ON DELETE CASCADE,
    CONSTRAINT ck_waiting_room_terms CHECK (opens_before_seconds >= 0 AND rate_per_second > 0)
);
