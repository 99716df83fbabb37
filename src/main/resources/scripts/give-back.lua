-- Gives checkouts' units back to their promotion variant, exactly once per checkout.
-- KEYS: state, bought, holds, idempotency, undone, claimed, unpaid, cooling, closed, moves, received (one hash tag)
-- ARGV: mode, stock channel, promotion variant id, undone ttl (ms), now (epoch ms), abandoned (1: the buyers let
--       them end unpaid), then for each checkout: checkout id, user id, quantity, Idempotency-Key ('' for none),
--       client address ('' for none)
-- Modes:
--  'undo'       the snap-up could not be queued (no broker confirm): if the worker already claimed the checkout
--               it is queued after all and nothing changes (2); otherwise, if its hold is still recorded, the units
--               go back, the checkout is marked undone so a late copy of its message creates nothing, and its
--               Idempotency-Key is forgotten so a retry reserves afresh. With no live state at all (Redis lost it)
--               there is nothing to give back, but the checkout is marked undone all the same, so a message that
--               did reach the broker creates nothing (3): the snap-up is then refused, never answered 202 unwritten.
--  'queued'     a queued checkout that will never be written as a live one (written FAILED by the database guard
--               or the terms, or dead-lettered): only if its hold is still recorded, which
--               makes a repeat harmless.
--  'reap'       a queued checkout whose hold ran out long ago while nothing wrote it (its message was never queued:
--               the process died between admission and the broker's confirm): like 'undo' (nothing if claimed, 2;
--               marked undone, so a late copy of its message creates nothing), and only while its hold is recorded.
--  In 'undo', 'queued' and 'reap' the buyer, quantity and address are the recorded hold's, whatever the caller says.
--  'written'    a written checkout that expired or was cancelled: the database's compare-and-set on the status
--               already made this the only give-back of these units; the checkout is remembered as closed, so the
--               same follow-up done again (after a process died before recording it done) gives back nothing (0).
-- The units also stop counting as unpaid for the client address. A checkout its buyer abandoned (expired or
-- cancelled) starts the buyer's cool-down in this promotion variant, if the operator set one.
-- When available climbs from zero or below to above zero, every instance is told on the stock channel.
-- Returns, per checkout: 1 when its units were given back, 0 when there was nothing to give back, 2 when the worker
-- has claimed it, 3 when an undo found no live state.
local mode, now, abandoned = ARGV[1], tonumber(ARGV[5]), ARGV[6] == '1'
local live = redis.call('EXISTS', KEYS[1]) == 1
local before = live and tonumber(redis.call('HGET', KEYS[1], 'available')) or 0
local coolDown = live and tonumber(redis.call('HGET', KEYS[1], 'coolDownSeconds') or '0') or 0
local results = {}
for i = 7, #ARGV, 5 do
  local checkout, user, quantity, key, address = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3], ARGV[i + 4]
  local stored = mode ~= 'written' and redis.call('HGET', KEYS[3], checkout)
  local result = 1
  if (mode == 'undo' or mode == 'reap') and redis.call('SISMEMBER', KEYS[6], checkout) == 1 then
    result = 2
  elseif mode ~= 'written' and not stored then
    result = 0
    if mode == 'undo' and not live then
      redis.call('SADD', KEYS[5], checkout)
      redis.call('PEXPIRE', KEYS[5], ARGV[4])
      result = 3
    end
  elseif mode == 'written' and live and redis.call('SADD', KEYS[9], checkout) == 0 then
    result = 0
  else
    if mode ~= 'written' then
      -- what the hold recorded at admission counts, not what a caller (or a message) says of it
      local u, q, rest = string.match(stored, '^([^:]*):([^:]*):[^:]*:[^:]*:[^:]*:?(.*)$')
      user, quantity, address = u, tonumber(q), rest
      redis.call('HDEL', KEYS[3], checkout)
      redis.call('SREM', KEYS[6], checkout)
    end
    if mode == 'undo' or mode == 'reap' then
      redis.call('SADD', KEYS[5], checkout)
      redis.call('PEXPIRE', KEYS[5], ARGV[4])
      if key ~= '' then
        redis.call('HDEL', KEYS[4], user .. ':' .. key)
      end
    end
    if not live then
      result = mode == 'undo' and 3 or 0 -- the live state is gone; its rebuild counts from the database
    else
      redis.call('HINCRBY', KEYS[1], 'available', quantity)
      if redis.call('HINCRBY', KEYS[2], user, -quantity) <= 0 then
        redis.call('HDEL', KEYS[2], user)
      end
      if address ~= '' and redis.call('HINCRBY', KEYS[7], address, -quantity) <= 0 then
        redis.call('HDEL', KEYS[7], address)
      end
      if abandoned and coolDown > 0 then
        redis.call('HSET', KEYS[8], user, now + coolDown * 1000)
      end
    end
  end
  results[#results + 1] = result
end
if live then
  if abandoned and coolDown > 0 then
    redis.call('PEXPIREAT', KEYS[8], redis.call('HGET', KEYS[1], 'expireAt'))
  end
  if mode == 'written' then
    redis.call('PEXPIREAT', KEYS[9], redis.call('HGET', KEYS[1], 'expireAt'))
  end
  if before <= 0 and tonumber(redis.call('HGET', KEYS[1], 'available')) > 0 then
    redis.call('PUBLISH', ARGV[2], 'in:' .. ARGV[3])
  end
end
return results
