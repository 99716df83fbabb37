-- A written checkout was paid: its units stay sold and counted against the buyer's limit, but no longer count as
-- unpaid for the client address it was admitted from.
-- KEYS: state, bought, holds, idempotency, undone, claimed, unpaid, cooling (one hash tag)
-- ARGV: client address, quantity
-- Returns 1 when the address's count moved, 0 when there was nothing to move (no address, or no live state).
if ARGV[1] == '' or redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
if redis.call('HINCRBY', KEYS[7], ARGV[1], -tonumber(ARGV[2])) <= 0 then
  redis.call('HDEL', KEYS[7], ARGV[1])
end
return 1
