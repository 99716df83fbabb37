-- The snap-up capacity of the whole cluster: writes this instance's figure, answers the sum of every instance's
-- figure younger than the freshness bound, and removes the older ones (instances that stopped or lost Redis).
-- KEYS: the hash (instance id -> "perSecond:atMillis"); one key, so Cluster-safe
-- ARGV: instance id, this instance's snap-ups a second, freshness bound (ms)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. now)
local fresh = tonumber(ARGV[3])
redis.call('PEXPIRE', KEYS[1], fresh * 2)
local total, instances = 0, 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local perSecond, at = string.match(all[i + 1], '^([^:]+):(%d+)$')
  if perSecond == nil or now - tonumber(at) > fresh then
    redis.call('HDEL', KEYS[1], all[i])
  else
    total = total + tonumber(perSecond)
    instances = instances + 1
  end
end
return {tostring(total), instances}
