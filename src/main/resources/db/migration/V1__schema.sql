-- Accounts of the local issuer. Users of an external identity provider need no row here.
CREATE TABLE app_user (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name          VARCHAR(100) NOT NULL,
    email         VARCHAR(254) NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    roles         VARCHAR(100) NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    CONSTRAINT uk_app_user_email UNIQUE (email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A product variant on sale: its stock, price and window. The database is the record of what is
-- reserved (held by checkouts) and sold; the CHECK makes overselling impossible whatever Redis says.
CREATE TABLE promotion_variant (
    id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    variant_id     BIGINT        NOT NULL,
    name           VARCHAR(200)  NOT NULL,
    description    VARCHAR(2000) NULL,
    image_url      VARCHAR(1000) NULL,
    price          DECIMAL(12, 2) NOT NULL,
    discount_rate  DECIMAL(5, 4) NOT NULL,
    stock          INT           NOT NULL,
    reserved       INT           NOT NULL DEFAULT 0,
    sold           INT           NOT NULL DEFAULT 0,
    quantity_limit INT           NOT NULL,
    hold_seconds   INT           NOT NULL,
    starts_at      DATETIME(6)   NOT NULL,
    ends_at        DATETIME(6)   NOT NULL,
    enabled        BOOLEAN       NOT NULL,
    version        BIGINT        NOT NULL DEFAULT 0,
    created_at     DATETIME(6)   NOT NULL,
    updated_at     DATETIME(6)   NOT NULL,
    CONSTRAINT ck_promotion_variant_committed CHECK (reserved >= 0 AND sold >= 0 AND reserved + sold <= stock),
    CONSTRAINT ck_promotion_variant_price CHECK (price >= 0 AND discount_rate > 0 AND discount_rate <= 1),
    CONSTRAINT ck_promotion_variant_rules CHECK (quantity_limit >= 1 AND hold_seconds >= 10),
    CONSTRAINT ck_promotion_variant_window CHECK (ends_at > starts_at),
    INDEX ix_promotion_variant_ends_at (ends_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One snap-up that Redis admitted: created by the order worker, idempotent on checkout_id.
-- user_id is the token's subject and has no foreign key: tokens may come from an external issuer.
CREATE TABLE checkout_order (
    id                   BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
    checkout_id          CHAR(36)       NOT NULL,
    user_id              BIGINT         NOT NULL,
    promotion_variant_id BIGINT         NOT NULL,
    quantity             INT            NOT NULL,
    unit_price           DECIMAL(12, 2) NOT NULL,
    status               VARCHAR(16)    NOT NULL,
    expires_at           DATETIME(6)    NOT NULL,
    address              VARCHAR(500)   NULL,
    created_at           DATETIME(6)    NOT NULL,
    confirmed_at         DATETIME(6)    NULL,
    paid_at              DATETIME(6)    NULL,
    closed_at            DATETIME(6)    NULL,
    CONSTRAINT uk_checkout_order_checkout_id UNIQUE (checkout_id),
    CONSTRAINT fk_checkout_order_promotion_variant FOREIGN KEY (promotion_variant_id) REFERENCES promotion_variant (id),
    CONSTRAINT ck_checkout_order_quantity CHECK (quantity > 0),
    CONSTRAINT ck_checkout_order_status CHECK (status IN ('CHECKOUT', 'CONFIRMED', 'PAID', 'EXPIRED', 'CANCELLED', 'FAILED')),
    INDEX ix_checkout_order_user (user_id, created_at),
    INDEX ix_checkout_order_variant_user (promotion_variant_id, user_id),
    INDEX ix_checkout_order_open (status, expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
