-- Waiting room, the draw at the start: who shuffles the frozen arrivals, with which seed, and its end.
-- KEYS: room (the promotion variant's hash tag {pv:ID})
-- ARGV: 'claim', a new seed, lease (ms) | 'finish', the seed
-- Invariants:
--  * the seed is chosen once (the first claim's) and kept, so a draw redone after a lost instance places every
--    buyer exactly where the first would have: the positions are a function of the arrivals and the seed;
--  * one instance at a time holds the draw (a lease); another may take it over once the lease ran out;
--  * finish turns DRAWING into SERVING only with that seed, and starts the serving clock (served 0, no credit).
-- Returns claim: {seed, pre}, or {} (no draw to do, or someone else's lease runs) | finish: {1} or {0}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HGET', KEYS[1], 'state')
if ARGV[1] == 'claim' then
  if state ~= 'DRAWING' then
    return {}
  end
  local lease = tonumber(redis.call('HGET', KEYS[1], 'drawLease') or '0')
  if lease > now then
    return {}
  end
  redis.call('HSET', KEYS[1], 'drawLease', now + tonumber(ARGV[3]))
  redis.call('HSETNX', KEYS[1], 'seed', ARGV[2])
  return {redis.call('HGET', KEYS[1], 'seed'), tonumber(redis.call('HGET', KEYS[1], 'pre') or '0')}
end
if state ~= 'DRAWING' or redis.call('HGET', KEYS[1], 'seed') ~= ARGV[2] then
  return {0}
end
redis.call('HSET', KEYS[1], 'state', 'SERVING', 'served', 0, 'carry', 0, 'lastTick', now, 'drawnAt', now)
redis.call('HDEL', KEYS[1], 'drawLease')
return {1}
