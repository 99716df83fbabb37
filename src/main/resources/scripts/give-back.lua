-- Gives a checkout's units back to its promotion variant, exactly once per checkout.
-- KEYS: state, bought, holds, idempotency, undone, claimed, unpaid, cooling (one hash tag)
-- ARGV: mode, checkout id, user id, quantity, Idempotency-Key ('' for none), stock channel, promotion variant id,
--       undone ttl (ms), client address ('' for none), now (epoch ms), abandoned (1: the buyer let it end unpaid)
-- Modes:
--  'undo'       the snap-up could not be queued (no broker confirm): if the worker already claimed the checkout
--               it is queued after all and nothing changes (returns 2); otherwise, if its hold is still recorded,
--               the units go back, the checkout is marked undone so a late copy of its message creates nothing,
--               and its Idempotency-Key is forgotten so a retry reserves afresh.
--  'queued'     a queued checkout that will never be written as a live one (its hold ran out in the queue, the
--               database guard refused it, or it was dead-lettered): only if its hold is still recorded, which
--               makes a repeat harmless.
--  'written'    a written checkout that expired or was cancelled: the database's compare-and-set on the status
--               already made this the only give-back of these units.
-- The units also stop counting as unpaid for the client address. A checkout its buyer abandoned (expired or
-- cancelled) starts the buyer's cool-down in this promotion variant, if the operator set one.
-- When available climbs back above zero, every instance is told on the stock channel.
-- Returns 1 when units were given back, 0 when there was nothing to give back, 2 when the worker has claimed it.
local mode, checkout, user, quantity = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local address = ARGV[9]
if mode == 'undo' and redis.call('SISMEMBER', KEYS[6], checkout) == 1 then
  return 2
end
if mode ~= 'written' then
  if redis.call('HDEL', KEYS[3], checkout) == 0 then
    return 0
  end
  redis.call('SREM', KEYS[6], checkout)
end
if mode == 'undo' then
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
if address ~= '' and redis.call('HINCRBY', KEYS[7], address, -quantity) <= 0 then
  redis.call('HDEL', KEYS[7], address)
end
local coolDown = tonumber(redis.call('HGET', KEYS[1], 'coolDownSeconds') or '0')
if ARGV[11] == '1' and coolDown > 0 then
  redis.call('HSET', KEYS[8], user, tonumber(ARGV[10]) + coolDown * 1000)
  redis.call('PEXPIREAT', KEYS[8], redis.call('HGET', KEYS[1], 'expireAt'))
end
if left > 0 and left - quantity <= 0 then
  redis.call('PUBLISH', ARGV[6], 'in:' .. ARGV[7])
end
return 1
