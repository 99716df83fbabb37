-- Writes a promotion variant's committed terms from the database into one bucket of its live state, atomically.
-- KEYS: state, bought, holds, idempotency, undone, claimed, unpaid, cooling, closed, moves, received (one hash tag)
-- ARGV: 1 version, 2 stock (the promotion variant's), 3 committed (reserved + sold in the database; of this bucket's
--       buyers), 4 enabled (0/1), 5 startsAt, 6 endsAt (epoch ms), 7 quantity limit, 8 hold seconds, 9 unit price,
--       10 expireAt (epoch ms), 11 create (0: never; 1: when missing; 2: afresh, whatever is there — a rebuild of
--       every bucket), 12 stock channel, 13 promotion variant id, 14 most units unpaid per address, 15 cool-down
--       seconds, 16 latest (1: these are the database's latest terms, not one commit's), 17 buckets, 18 this
--       bucket's share of the stock when creating, 19 main (1: this bucket takes the stock's changes — bucket 0),
--       20 epoch (when creating: the buckets' common creation, which voids moves between the buckets before it),
--       21 n, then, when creating, n pairs of user id and units bought, then pairs of client address and units held
--       unpaid
-- Invariants:
--  * an older version never overwrites a newer one (after-commit writes may arrive out of order) — unless the
--    caller says these are the database's latest terms: then a newer version in Redis can only have been written
--    behind the scripts' back, and is treated as this version;
--  * the same version rewrites every term (window, limits, hold, price, stock, enabled, cool-down) but leaves
--    `available` and a bucket's share alone: a term written into Redis behind the scripts' back does not survive the
--    periodic sync;
--  * a stock change moves the main bucket's `available` and share by exactly the change, so holds taken meanwhile
--    stay counted, and the shares still add up to the stock; `available` may go below zero after a withdrawal:
--    nothing more is admitted there until checkouts give stock back or another bucket's stock moves in, and the
--    database guard turns away what the queue still holds beyond the new stock;
--  * a missing live state is created only when the caller says the database's count is complete (a new promotion
--    variant, or a rebuild once the order queue has drained); otherwise it stays missing and admission stays paused.
-- Returns 1 when a new version was written, 0 when not (this version again: only its terms restored; a newer one;
-- or missing and not to be created).
local state = KEYS[1]
local current = redis.call('HGET', state, 'version')
local afresh = ARGV[11] == '2'
if afresh then
  current = nil
end
if current and tonumber(current) > tonumber(ARGV[1]) and ARGV[16] ~= '1' then
  return 0
end
if not current and ARGV[11] == '0' then
  return 0
end
local same = current and tonumber(current) >= tonumber(ARGV[1])
local single = ARGV[17] == '1'
local before = 0
local moved = not current -- created: its stock is new; otherwise only the main bucket's stock moves
if same then
  -- nothing moves: `available` is the scripts' own count
elseif current then
  if ARGV[19] == '1' then
    moved = true
    before = tonumber(redis.call('HGET', state, 'available') or '0')
    -- one bucket: the change from `stock`, exactly as before buckets (an older instance keeps only `stock`)
    local was = tonumber((not single and redis.call('HGET', state, 'saleStock')) or redis.call('HGET', state, 'stock')
      or ARGV[2])
    local change = tonumber(ARGV[2]) - was
    redis.call('HINCRBY', state, 'available', change)
    redis.call('HINCRBY', state, 'stock', change)
  end
else
  redis.call('DEL', state, KEYS[2], KEYS[3], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11])
  redis.call('HSET', state, 'available', tonumber(ARGV[18]) - tonumber(ARGV[3]), 'stock', ARGV[18],
    'epoch', ARGV[20])
  local buyersEnd = 21 + 2 * tonumber(ARGV[21])
  for i = 22, #ARGV, 2 do
    redis.call('HSET', i <= buyersEnd and KEYS[2] or KEYS[7], ARGV[i], ARGV[i + 1])
  end
end
redis.call('HSET', state, 'version', ARGV[1], 'saleStock', ARGV[2], 'enabled', ARGV[4], 'startsAt', ARGV[5],
  'endsAt', ARGV[6], 'limit', ARGV[7], 'holdSeconds', ARGV[8], 'unitPrice', ARGV[9], 'expireAt', ARGV[10],
  'maxUnpaidPerAddress', ARGV[14], 'coolDownSeconds', ARGV[15], 'buckets', ARGV[17])
if single then
  redis.call('HSET', state, 'stock', ARGV[2])
end
for i = 1, #KEYS do
  redis.call('PEXPIREAT', KEYS[i], ARGV[10])
end
if same then
  return 0
end
if moved and before <= 0 and tonumber(redis.call('HGET', state, 'available') or '0') > 0 then
  redis.call('PUBLISH', ARGV[12], 'in:' .. ARGV[13])
end
return 1
