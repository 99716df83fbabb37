-- A promotion (a campaign): one product on sale for a window, with one or more promotion variants (a colour, a size),
-- each with its own stock, price and limit. Every promotion variant belongs to exactly one promotion. The
-- promotion's window is the span of its variants' windows; its currency (ISO 4217) is every variant's.
CREATE TABLE promotion (
    id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name           VARCHAR(200)  NOT NULL,
    promotion_type VARCHAR(16)   NOT NULL,
    product_id     BIGINT        NOT NULL,
    description    VARCHAR(2000) NULL,
    image_url      VARCHAR(1000) NULL,
    currency       CHAR(3)       NOT NULL,
    starts_at      DATETIME(6)   NOT NULL,
    ends_at        DATETIME(6)   NOT NULL,
    version        BIGINT        NOT NULL DEFAULT 0,
    created_at     DATETIME(6)   NOT NULL,
    updated_at     DATETIME(6)   NOT NULL,
    CONSTRAINT ck_promotion_type CHECK (promotion_type IN ('snap_up')),
    CONSTRAINT ck_promotion_currency CHECK (CHAR_LENGTH(currency) = 3),
    CONSTRAINT ck_promotion_window CHECK (ends_at > starts_at),
    INDEX ix_promotion_ends_at (ends_at),
    INDEX ix_promotion_starts_at (starts_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every existing promotion variant becomes a promotion of one, with the same id, name, product (its variant id),
-- description, image and window; nothing of the promotion variant changes. Prices had no currency: they were euros.
INSERT INTO promotion (id, name, promotion_type, product_id, description, image_url, currency, starts_at, ends_at,
                       version, created_at, updated_at)
SELECT id, name, 'snap_up', variant_id, description, image_url, 'EUR', starts_at, ends_at, 0, created_at, updated_at
FROM promotion_variant;

ALTER TABLE promotion_variant ADD COLUMN promotion_id BIGINT NULL AFTER id;
UPDATE promotion_variant SET promotion_id = id;
ALTER TABLE promotion_variant
    MODIFY promotion_id BIGINT NOT NULL,
    ADD CONSTRAINT fk_promotion_variant_promotion FOREIGN KEY (promotion_id) REFERENCES promotion (id),
    ADD INDEX ix_promotion_variant_promotion (promotion_id, id);
