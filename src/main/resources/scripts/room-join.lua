-- Waiting room, join: puts a buyer in a promotion variant's room once (a second join answers the first's place);
-- or, in mode 'place', only reads the buyer's place and the room's figures together.
-- KEYS: room, arrivals, positions (the promotion variant's hash tag {pv:ID}: one slot)
-- ARGV: 'join', user id, opensAt, startsAt, endsAt, expireAt (epoch ms) | 'place', user id
-- Invariants:
--  * the time is Redis's own (TIME), so every instance draws the line between "before the start" and "after" alike;
--  * a buyer is in the room at most once: positions holds one entry per buyer, never overwritten here;
--  * before the start a joiner is appended to arrivals (position 0: placed by the draw); from the start on, the
--    arrivals are frozen (their count recorded as pre) and a joiner gets position pre + n, n counting later
--    joiners in the order they came — so later arrivals keep their order, behind everyone drawn;
--  * nobody joins before opensAt or from endsAt on.
-- Returns {'JOINED' | 'ALREADY' | 'NOT_OPEN' | 'ENDED' | 'PLACE', position (-1: not in the room; 0: awaiting the
--         draw), state, served, length, rate, now}
local user = ARGV[2]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local function answer(outcome, position)
  local room = redis.call('HMGET', KEYS[1], 'state', 'served', 'pre', 'late', 'rate')
  local state = room[1] or 'WAITING'
  local length = tonumber(room[4] or '0')
  if state ~= 'WAITING' then
    length = length + tonumber(room[3] or '0')
  else
    length = length + redis.call('LLEN', KEYS[2])
  end
  return {outcome, tonumber(position), state, tonumber(room[2] or '0'), length, tonumber(room[5] or '0'), now}
end

local known = redis.call('HGET', KEYS[3], user)
if ARGV[1] == 'place' then
  return answer('PLACE', known or -1)
end
if known then
  return answer('ALREADY', known)
end
local opensAt, startsAt, endsAt = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
if now < opensAt then
  return answer('NOT_OPEN', -1)
end
if now >= endsAt then
  return answer('ENDED', -1)
end
local state = redis.call('HGET', KEYS[1], 'state') or 'WAITING'
if state == 'WAITING' and now >= startsAt then
  state = 'DRAWING'
  redis.call('HSET', KEYS[1], 'state', state, 'pre', redis.call('LLEN', KEYS[2]))
end
local position
if state == 'WAITING' then
  redis.call('RPUSH', KEYS[2], user)
  position = 0
else
  local pre = tonumber(redis.call('HGET', KEYS[1], 'pre') or '0')
  position = pre + redis.call('HINCRBY', KEYS[1], 'late', 1)
end
redis.call('HSET', KEYS[3], user, position)
for _, key in ipairs(KEYS) do
  redis.call('PEXPIREAT', key, ARGV[6])
end
return answer('JOINED', position)
