-- How many promotion variants one buyer holds unpaid at once, across all of them: a key of the buyer's own (its
-- own hash tag), apart from every promotion variant's live state.
-- KEYS: the buyer's held promotion variants (hash: promotion variant id → until when it may still be held, epoch ms)
-- ARGV: now (epoch ms), promotion variant id, until (epoch ms; empty to forget it: paid), the most held at once
-- Invariants:
--  * an entry lapses by itself once its time is past, so nothing needs to give it back and nothing can drift;
--  * a buyer already holding this promotion variant may hold more of it (its own limit applies);
--  * otherwise the buyer may hold at most the given number of promotion variants at once.
-- Returns 1 when the buyer may hold it (now recorded), 0 when the buyer holds too many others.
local key, now, variant = KEYS[1], tonumber(ARGV[1]), ARGV[2]
if ARGV[3] == '' then
  redis.call('HDEL', key, variant)
  return 1
end
local held = redis.call('HGETALL', key)
local count, latest = 0, tonumber(ARGV[3])
for i = 1, #held, 2 do
  local until_ = tonumber(held[i + 1])
  if until_ <= now then
    redis.call('HDEL', key, held[i])
  elseif held[i] ~= variant then
    count = count + 1
    latest = math.max(latest, until_)
  end
end
if count >= tonumber(ARGV[4]) then
  return 0
end
local current = tonumber(redis.call('HGET', key, variant) or '0')
redis.call('HSET', key, variant, math.max(current, tonumber(ARGV[3])))
redis.call('PEXPIREAT', key, math.max(latest, current))
return 1
