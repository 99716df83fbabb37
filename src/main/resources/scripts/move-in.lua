-- Takes the units another bucket of the same promotion variant gave this one (move-out.lua): the receiving half.
-- KEYS: state, bought, holds, idempotency, undone, claimed, unpaid, cooling, closed, moves, received (one hash tag)
-- ARGV: move id, units, the buckets' epoch when they were given, stock channel, promotion variant id
-- Invariants:
--  * a move is taken at most once (its id is remembered), so completing it again — by the refill that started it
--    and by the reaper after a process death — counts it once;
--  * a move given before the buckets were last created (another epoch: a rebuild counted every unit afresh from the
--    database) or towards a bucket without a live state (its rebuild will) is void;
--  * this bucket's share rises with its available, so its equation holds;
--  * when available climbs from zero or below to above zero, every instance is told on the stock channel.
-- Returns 1 when taken, 0 when void or taken before.
local state = redis.call('HMGET', KEYS[1], 'available', 'epoch', 'expireAt')
if not state[1] or (state[2] or '0') ~= ARGV[3] then
  return 0
end
if redis.call('SADD', KEYS[11], ARGV[1]) == 0 then
  return 0
end
redis.call('PEXPIREAT', KEYS[11], state[3])
local units = tonumber(ARGV[2])
redis.call('HINCRBY', KEYS[1], 'stock', units)
local available = redis.call('HINCRBY', KEYS[1], 'available', units)
if available > 0 and available - units <= 0 then
  redis.call('PUBLISH', ARGV[4], 'in:' .. ARGV[5])
end
return 1
