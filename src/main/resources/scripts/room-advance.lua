-- Waiting room, one tick: brings the room's terms up to date and lets buyers through at the serving rate.
-- Every instance runs it every tick; the result is the same as if one did, since it credits the time since the
-- last tick by anyone (Redis's own clock), whoever runs it.
-- KEYS: room, arrivals, positions (the promotion variant's hash tag {pv:ID}: one slot)
-- ARGV: opensAt, startsAt, endsAt (epoch ms), rate (buyers a second), available ('' when unknown), expireAt
-- Invariants:
--  * from startsAt on the arrivals are frozen (state DRAWING) — the same step join.lua takes, whichever comes first;
--  * while SERVING, served (the last position let through) rises by rate x elapsed time, with the fraction
--    carried, and never beyond the room's length; a room that caught up banks no credit for later;
--  * no stock left (available <= 0) turns SERVING into SOLD_OUT and stops the line where it is; stock again turns
--    it back to SERVING for the next in line; the draw (DRAWING -> SERVING) is draw.lua's.
-- Returns {state, served, length, rate, seed or '', now, pre, drawnAt or ''}
local opensAt, startsAt, endsAt, rate = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
local available = ARGV[5]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

redis.call('HSET', KEYS[1], 'opensAt', opensAt, 'startsAt', startsAt, 'endsAt', endsAt, 'rate', rate)
local state = redis.call('HGET', KEYS[1], 'state') or 'WAITING'
if state == 'WAITING' then
  if now >= startsAt then
    state = 'DRAWING'
    redis.call('HSET', KEYS[1], 'state', state, 'pre', redis.call('LLEN', KEYS[2]))
  else
    redis.call('HSET', KEYS[1], 'state', state)
  end
end

local room = redis.call('HMGET', KEYS[1], 'served', 'carry', 'lastTick', 'pre', 'late')
local served, carry, lastTick = tonumber(room[1] or '0'), tonumber(room[2] or '0'), tonumber(room[3] or now)
local pre, late = tonumber(room[4] or '0'), tonumber(room[5] or '0')
local length = pre + late
if state == 'WAITING' then
  length = redis.call('LLEN', KEYS[2])
end

if state == 'SERVING' or state == 'SOLD_OUT' then
  if available ~= '' and tonumber(available) <= 0 then
    if state == 'SERVING' then
      state = 'SOLD_OUT'
      redis.call('HSET', KEYS[1], 'state', state, 'soldOutAt', now)
    end
    redis.call('HSET', KEYS[1], 'lastTick', now, 'carry', 0)
  elseif state == 'SOLD_OUT' then
    state = 'SERVING'
    redis.call('HSET', KEYS[1], 'state', state, 'lastTick', now, 'carry', 0)
  else
    local credit = carry + rate * math.max(0, now - lastTick) / 1000
    local step = math.floor(credit)
    local next = math.min(length, served + step)
    if next == length then
      credit = 0
    else
      credit = credit - step
    end
    served = next
    redis.call('HSET', KEYS[1], 'served', served, 'carry', credit, 'lastTick', now)
  end
end
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    redis.call('PEXPIREAT', key, ARGV[6])
  end
end
local drawn = redis.call('HMGET', KEYS[1], 'seed', 'drawnAt')
return {state, served, length, rate, drawn[1] or '', now, pre, drawn[2] or ''}
