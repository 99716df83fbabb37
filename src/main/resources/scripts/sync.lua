-- Writes a promotion variant's committed terms from the database into its live state, atomically.
-- KEYS: state, bought, holds, idempotency, undone, claimed, unpaid, cooling, closed (one hash tag)
-- ARGV: version, stock, committed (reserved + sold in the database), enabled (0/1), startsAt, endsAt (epoch ms),
--       quantity limit, hold seconds, unit price, expireAt (epoch ms), create (0/1), stock channel,
--       promotion variant id, most units unpaid per address, cool-down seconds, latest (1: these are the database's
--       latest terms, not one commit's), n, then, when creating, n pairs of user id and units bought, then pairs of
--       client address and units held unpaid
-- Invariants:
--  * an older version never overwrites a newer one (after-commit writes may arrive out of order) — unless the
--    caller says these are the database's latest terms: then a newer version in Redis can only have been written
--    behind the scripts' back, and is treated as this version;
--  * the same version rewrites every term (window, limits, hold, price, stock, enabled, cool-down) but leaves `available`
--    alone: a term written into Redis behind the scripts' back does not survive the periodic sync;
--  * a stock change moves `available` by exactly the change, so holds taken meanwhile stay counted;
--    `available` may go below zero after a withdrawal: nothing more is admitted until checkouts give stock back,
--    and the database guard turns away what the queue still holds beyond the new stock;
--  * a missing live state is created only when the caller says the database's count is complete (a new promotion
--    variant, or a rebuild once the order queue has drained); otherwise it stays missing and admission stays paused.
-- Returns 1 when a new version was written, 0 when not (this version again: only its terms restored; a newer one;
-- or missing and not to be created).
local state = KEYS[1]
local current = redis.call('HGET', state, 'version')
if current and tonumber(current) > tonumber(ARGV[1]) and ARGV[16] ~= '1' then
  return 0
end
if not current and ARGV[11] ~= '1' then
  return 0
end
local same = current and tonumber(current) >= tonumber(ARGV[1])
local stock = tonumber(ARGV[2])
local before = 0
if same then
  -- nothing moves: `available` is the scripts' own count
elseif current then
  before = tonumber(redis.call('HGET', state, 'available') or '0')
  redis.call('HINCRBY', state, 'available', stock - tonumber(redis.call('HGET', state, 'stock') or ARGV[2]))
else
  redis.call('HSET', state, 'available', stock - tonumber(ARGV[3]))
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[6], KEYS[7], KEYS[8], KEYS[9])
  local buyersEnd = 17 + 2 * tonumber(ARGV[17])
  for i = 18, #ARGV, 2 do
    redis.call('HSET', i <= buyersEnd and KEYS[2] or KEYS[7], ARGV[i], ARGV[i + 1])
  end
end
redis.call('HSET', state, 'version', ARGV[1], 'stock', ARGV[2], 'enabled', ARGV[4], 'startsAt', ARGV[5],
  'endsAt', ARGV[6], 'limit', ARGV[7], 'holdSeconds', ARGV[8], 'unitPrice', ARGV[9], 'expireAt', ARGV[10],
  'maxUnpaidPerAddress', ARGV[14], 'coolDownSeconds', ARGV[15])
for i = 1, #KEYS do
  redis.call('PEXPIREAT', KEYS[i], ARGV[10])
end
if same then
  return 0
end
if before <= 0 and tonumber(redis.call('HGET', state, 'available') or '0') > 0 then
  redis.call('PUBLISH', ARGV[12], 'in:' .. ARGV[13])
end
return 1
