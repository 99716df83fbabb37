-- How long a checkout holds its stock, and a confirmed order waits for payment: fixed when the checkout was admitted.
ALTER TABLE checkout_order ADD COLUMN hold_seconds INT NOT NULL DEFAULT 0 AFTER expires_at;
