-- Denial of inventory: operators may bound how many units one client address may hold unpaid in a promotion
-- variant (0: no bound — buyers behind one NAT share an address, so only an operator who knows the audience sets
-- it), and how long an account that let a checkout end unpaid (expired or cancelled) waits before it may snap up
-- the same promotion variant again. Each checkout remembers the client address it was admitted from.
ALTER TABLE promotion_variant
    ADD COLUMN max_unpaid_per_address INT NOT NULL DEFAULT 0 AFTER hold_seconds,
    ADD COLUMN abandon_cool_down_seconds INT NOT NULL DEFAULT 60 AFTER max_unpaid_per_address,
    ADD CONSTRAINT ck_promotion_variant_scalpers CHECK (max_unpaid_per_address >= 0 AND abandon_cool_down_seconds >= 0);

ALTER TABLE checkout ADD COLUMN client_address VARCHAR(45) NULL AFTER user_id;
