-- One word per concept: a buyer's claim on units is a "checkout", so its table is `checkout` (it was
-- `checkout_order`). Every row, key and rule is kept; only names change.
RENAME TABLE checkout_order TO checkout;

ALTER TABLE checkout
    DROP FOREIGN KEY fk_checkout_order_promotion_variant,
    DROP CONSTRAINT ck_checkout_order_quantity,
    DROP CONSTRAINT ck_checkout_order_status;

ALTER TABLE checkout
    RENAME INDEX uk_checkout_order_checkout_id TO uk_checkout_checkout_id,
    RENAME INDEX ix_checkout_order_user TO ix_checkout_user,
    RENAME INDEX ix_checkout_order_variant_user TO ix_checkout_variant_user,
    RENAME INDEX ix_checkout_order_open TO ix_checkout_open,
    RENAME INDEX ix_checkout_order_variant_id TO ix_checkout_variant_id;

ALTER TABLE checkout
    ADD CONSTRAINT fk_checkout_promotion_variant FOREIGN KEY (promotion_variant_id) REFERENCES promotion_variant (id),
    ADD CONSTRAINT ck_checkout_quantity CHECK (quantity > 0),
    ADD CONSTRAINT ck_checkout_status CHECK (status IN ('CHECKOUT', 'CONFIRMED', 'PAID', 'EXPIRED', 'CANCELLED', 'FAILED'));
