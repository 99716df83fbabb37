-- Finds and repairs drift: brings a promotion variant's live counts back to what the record says, in one atomic step.
-- KEYS: state, bought, holds, idempotency, undone, claimed, unpaid, cooling, closed, moves, received (one hash tag)
-- ARGV: version, stock ('' for this bucket's own share: a promotion variant of several buckets), committed
--       (reserved + sold in the database, of this bucket's buyers), repair (1: write the figures; 0: only count),
--       stock channel, promotion variant id, then pairs of user id and the units of their live written checkouts
--       (CHECKOUT, CONFIRMED, PAID) — this bucket's buyers
-- The caller holds the promotion variant's row lock and has seen no follow-up of it outstanding: every change
-- committed so far has reached the live state, and none can commit until the caller is done. What the record does not
-- know yet is exactly the recorded holds (admitted, not yet written), read here in the same atomic step as the repair,
-- so an admission, an undo or a claim is either wholly before it or wholly after it. Then:
--   available      = stock − committed − units of the recorded holds
--   bought[buyer]  = units of the buyer's live written checkouts + units of the buyer's recorded holds
-- Nothing is done when the live state is missing (the rebuild's work) or at another version than the record's (an
-- operator's change whose sync is still on its way: it moves `available` by the stock's change itself).
-- A bucket's share moves only together with its available (move-out.lua, move-in.lua), so a move beside the
-- reconcile changes neither side of the equation.
-- Returns {'OK', available expected − found, buyers whose count differed} | {'MISSING'} | {'VERSION'}
local state = redis.call('HMGET', KEYS[1], 'version', 'available', 'expireAt', 'stock', 'buckets')
if not state[1] then
  return {'MISSING'}
end
if tonumber(state[1]) ~= tonumber(ARGV[1]) then
  return {'VERSION'}
end
local repair = ARGV[4] == '1'
local expected = {}
for i = 7, #ARGV, 2 do
  expected[ARGV[i]] = tonumber(ARGV[i + 1])
end
local held = 0
local holds = redis.call('HGETALL', KEYS[3])
for i = 1, #holds, 2 do
  local user, quantity = string.match(holds[i + 1], '^([^:]*):([^:]*):')
  quantity = tonumber(quantity)
  held = held + quantity
  expected[user] = (expected[user] or 0) + quantity
end
local found = tonumber(state[2])
local stock = ARGV[2] ~= '' and tonumber(ARGV[2]) or tonumber(state[4])
local available = stock - tonumber(ARGV[3]) - held
local buyers = 0
local seen = {}
local bought = redis.call('HGETALL', KEYS[2])
for i = 1, #bought, 2 do
  local user, units = bought[i], tonumber(bought[i + 1])
  local want = expected[user] or 0
  seen[user] = true
  if want ~= units then
    buyers = buyers + 1
    if repair then
      if want > 0 then
        redis.call('HSET', KEYS[2], user, want)
      else
        redis.call('HDEL', KEYS[2], user)
      end
    end
  end
end
for user, want in pairs(expected) do
  if not seen[user] and want > 0 then
    buyers = buyers + 1
    if repair then
      redis.call('HSET', KEYS[2], user, want)
    end
  end
end
if repair then
  redis.call('PEXPIREAT', KEYS[2], state[3])
  if available ~= found then
    redis.call('HSET', KEYS[1], 'available', available)
    if found <= 0 and available > 0 then
      redis.call('PUBLISH', ARGV[5], 'in:' .. ARGV[6])
    elseif found > 0 and available <= 0 and (state[5] or '1') == '1' then
      redis.call('PUBLISH', ARGV[5], 'out:' .. ARGV[6])
    end
  end
end
return {'OK', available - found, buyers}
