-- Writes an operator's saved sale into its live state, atomically.
-- KEYS: sale, bought, holds, idempotency (one hash tag)
-- ARGV: version, stock, committed (reserved + sold in the database), enabled (0/1), startsAt, endsAt (epoch ms),
--       quantity limit, hold seconds, unit price, expireAt (epoch ms)
-- Invariants:
--  * an older version never overwrites a newer one (after-commit writes may arrive out of order);
--  * a stock change moves `available` by exactly the change, so holds taken meanwhile stay counted;
--    `available` may go below zero after a withdrawal: nothing more is admitted until checkouts give stock back,
--    and the database guard turns away what the queue still holds beyond the new stock;
--  * only a missing sale is initialised from the database's committed count.
-- Returns 1 when written, 0 when the live state already had this version or a newer one.
local sale = KEYS[1]
local version = tonumber(ARGV[1])
local current = redis.call('HGET', sale, 'version')
if current and tonumber(current) >= version then
  return 0
end
local stock = tonumber(ARGV[2])
if current then
  redis.call('HINCRBY', sale, 'available', stock - tonumber(redis.call('HGET', sale, 'stock')))
else
  redis.call('HSET', sale, 'available', stock - tonumber(ARGV[3]))
end
redis.call('HSET', sale, 'version', ARGV[1], 'stock', ARGV[2], 'enabled', ARGV[4], 'startsAt', ARGV[5],
  'endsAt', ARGV[6], 'limit', ARGV[7], 'holdSeconds', ARGV[8], 'unitPrice', ARGV[9], 'expireAt', ARGV[10])
for i = 1, #KEYS do
  redis.call('PEXPIREAT', KEYS[i], ARGV[10])
end
return 1
