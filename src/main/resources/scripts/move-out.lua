-- Moves part of one bucket's stock towards another bucket of the same promotion variant that ran dry: the giving
-- half, on the giving bucket (see StockBuckets).
-- KEYS: state, bought, holds, idempotency, undone, claimed, unpaid, cooling, closed, moves, received (one hash tag)
-- ARGV: move id, receiving bucket, units wanted, now (epoch ms)
-- Invariants:
--  * the bucket gives only what it has available, at least one unit, half of it or the units wanted if more; its
--    share of the stock drops with its available, so its own equation (available = share − committed − held)
--    holds and the shares of all buckets plus the moves not yet taken add up to the stock;
--  * the move is recorded (recipient:units:epoch:at) until the receiving bucket has taken it (move-in.lua), so one
--    that a process death interrupted is completed later, exactly once;
--  * nothing moves out of a paused bucket or one without a live state.
-- Returns {units given (0: none), the buckets' epoch}
local state = redis.call('HMGET', KEYS[1], 'available', 'epoch', 'paused', 'expireAt')
if not state[1] or state[3] == '1' then
  return {0, ''}
end
local available = tonumber(state[1])
if available <= 0 then
  return {0, ''}
end
local units = math.min(available, math.max(math.ceil(available / 2), tonumber(ARGV[3])))
redis.call('HINCRBY', KEYS[1], 'available', -units)
redis.call('HINCRBY', KEYS[1], 'stock', -units)
local epoch = state[2] or '0'
redis.call('HSET', KEYS[10], ARGV[1], ARGV[2] .. ':' .. units .. ':' .. epoch .. ':' .. ARGV[4])
redis.call('PEXPIREAT', KEYS[10], state[4])
return {units, epoch}
