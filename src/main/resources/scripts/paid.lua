-- A written checkout was paid: its units stay sold and counted against the buyer's limit, but no longer count as
-- unpaid for the client address it was admitted from.
-- KEYS: state, bought, holds, idempotency, undone, claimed, unpaid, cooling, closed, moves, received (one hash tag)
-- ARGV: client address, quantity, checkout id
-- The checkout is remembered as closed, so the same follow-up done again moves nothing.
-- Returns 1 when the address's count moved, 0 when there was nothing to move (no address, no live state, or done
-- already).
if ARGV[1] == '' or redis.call('EXISTS', KEYS[1]) == 0 or redis.call('SADD', KEYS[9], ARGV[3]) == 0 then
  return 0
end
redis.call('PEXPIREAT', KEYS[9], redis.call('HGET', KEYS[1], 'expireAt'))
if redis.call('HINCRBY', KEYS[7], ARGV[1], -tonumber(ARGV[2])) <= 0 then
  redis.call('HDEL', KEYS[7], ARGV[1])
end
return 1
