-- The export pages through one sale's orders in id order.
CREATE INDEX ix_checkout_order_variant_id ON checkout_order (promotion_variant_id, id);
