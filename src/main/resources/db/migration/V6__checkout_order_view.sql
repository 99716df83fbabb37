-- For one release: instances of the previous version, still running during a rolling deploy, read and write their
-- table under its old name. A single-table view is updatable and insertable in MySQL and MariaDB alike. The next
-- release drops it.
CREATE VIEW checkout_order AS
SELECT id, checkout_id, user_id, promotion_variant_id, quantity, unit_price, status, expires_at, hold_seconds, address,
       created_at, confirmed_at, paid_at, closed_at
FROM checkout;
