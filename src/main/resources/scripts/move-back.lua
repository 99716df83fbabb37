-- Takes back a move the receiving bucket refused (move-in.lua answered 0: it has no live state, or it was created in
-- another epoch), on the giving bucket, so the units it gave are never lost between the two.
-- KEYS: state, bought, holds, idempotency, undone, claimed, unpaid, cooling, closed, moves, received (one hash tag)
-- ARGV: move id, stock channel, promotion variant id
-- Invariants:
--  * only a move still recorded here, given in this bucket's current epoch: one of an earlier epoch was counted
--    afresh by the rebuild that started this one, and is only forgotten;
--  * the share and available rise together by the units given, and the move is forgotten, in one step.
-- Returns 1 when taken back, 0 when only forgotten (or no longer recorded).
local move = redis.call('HGET', KEYS[10], ARGV[1])
if not move then
  return 0
end
redis.call('HDEL', KEYS[10], ARGV[1])
local _, units, epoch = string.match(move, '^([^:]*):([^:]*):([^:]*):')
local state = redis.call('HMGET', KEYS[1], 'available', 'epoch')
if not state[1] or (state[2] or '0') ~= epoch then
  return 0
end
units = tonumber(units)
redis.call('HINCRBY', KEYS[1], 'stock', units)
local available = redis.call('HINCRBY', KEYS[1], 'available', units)
if available > 0 and available - units <= 0 then
  redis.call('PUBLISH', ARGV[2], 'in:' .. ARGV[3])
end
return 1
