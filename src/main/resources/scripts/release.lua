-- Gives a checkout's units back to the sale, exactly once per checkout.
-- KEYS: sale, bought, holds, idempotency, undone (one hash tag)
-- ARGV: mode, checkout id, user id, quantity, Idempotency-Key ('' for none), stock channel, sale id, undone ttl (ms)
-- Modes:
--  'hold'    a checkout refused after admission (no publish confirm) or dead-lettered before it was persisted:
--            only if its hold is still recorded, which makes a repeat harmless; marks the checkout undone so a
--            late copy of its message creates nothing, and forgets its Idempotency-Key.
--  'order'   a persisted checkout that expired, was cancelled or failed: the database's compare-and-set on the
--            status already made this the only release of these units.
-- When available climbs back above zero, every instance is told on the stock channel.
-- Returns 1 when units were given back, 0 when there was nothing to give back.
local mode, checkout, user, quantity = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
if mode == 'hold' then
  if redis.call('HDEL', KEYS[3], checkout) == 0 then
    return 0
  end
  redis.call('SADD', KEYS[5], checkout)
  redis.call('PEXPIRE', KEYS[5], ARGV[8])
  if ARGV[5] ~= '' then
    redis.call('HDEL', KEYS[4], user .. ':' .. ARGV[5])
  end
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0 -- the live state is gone; its rebuild counts from the database
end
local left = redis.call('HINCRBY', KEYS[1], 'available', quantity)
local bought = redis.call('HINCRBY', KEYS[2], user, -quantity)
if bought <= 0 then
  redis.call('HDEL', KEYS[2], user)
end
if left > 0 and left - quantity <= 0 then
  redis.call('PUBLISH', ARGV[6], 'in:' .. ARGV[7])
end
return 1
