-- Admission: admits one checkout or says why not, in one atomic step (one round trip, nobody waits on a lock).
-- KEYS: state, bought, holds, idempotency, undone, claimed, unpaid, cooling, closed, moves, received (one hash tag)
-- ARGV: user id, quantity, new checkout id, now (epoch ms), Idempotency-Key ('' for none), stock channel,
--       promotion variant id, client address ('' for none)
-- Invariants:
--  * an Idempotency-Key the user already used answers that checkout again and reserves nothing;
--  * admitted only while enabled and startsAt <= now < endsAt, within the user's limit, after the user's cool-down
--    (set when one of their checkouts ended unpaid), within the units the client address may hold unpaid (0: no
--    bound), with quantity available;
--  * on admission, available drops and the user's bought count and the address's unpaid count rise by exactly the
--    quantity, and the hold (user:quantity:expiresAt:unitPrice:holdSeconds:address) is recorded under the checkout
--    id until the worker has written the checkout (it is queued until then);
--  * when available reaches zero, every instance is told on the stock channel (its local sold-out short cut) — if
--    the promotion variant has one bucket; with more, this one bucket being dry says nothing of the others, and the
--    caller announces it once every bucket is (see StockBuckets);
--  * nothing is admitted while the bucket is paused (another bucket of the promotion variant is being rebuilt).
-- Returns {'OK', checkoutId, expiresAt, unitPrice, holdSeconds, availableLeft} | {'DUPLICATE', checkoutId, expiresAt}
--       | {'COOLING_DOWN', until} | {'SOLD_OUT'} | {'LIMIT_EXCEEDED'} | {'ADDRESS_LIMIT_EXCEEDED'} | {'NOT_STARTED'}
--       | {'ENDED'} | {'MISSING'}
local user, quantity, checkout, now, key = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]), ARGV[5]
local address = ARGV[8]
if key ~= '' then
  local previous = redis.call('HGET', KEYS[4], user .. ':' .. key)
  if previous then
    local sep = string.find(previous, ':', 1, true)
    return {'DUPLICATE', string.sub(previous, 1, sep - 1), string.sub(previous, sep + 1)}
  end
end
local state = redis.call('HMGET', KEYS[1], 'enabled', 'startsAt', 'endsAt', 'limit', 'available', 'holdSeconds',
  'unitPrice', 'expireAt', 'maxUnpaidPerAddress', 'buckets', 'paused')
local announce = (state[10] or '1') == '1'
if not state[1] or state[11] == '1' then
  return {'MISSING'}
end
if state[1] ~= '1' or now >= tonumber(state[3]) then
  return {'ENDED'}
end
if now < tonumber(state[2]) then
  return {'NOT_STARTED'}
end
local bought = tonumber(redis.call('HGET', KEYS[2], user) or '0')
if bought + quantity > tonumber(state[4]) then
  return {'LIMIT_EXCEEDED'}
end
local coolingUntil = tonumber(redis.call('HGET', KEYS[8], user) or '0')
if now < coolingUntil then
  return {'COOLING_DOWN', tostring(coolingUntil)}
end
local perAddress = tonumber(state[9] or '0')
if address ~= '' and perAddress > 0
    and tonumber(redis.call('HGET', KEYS[7], address) or '0') + quantity > perAddress then
  return {'ADDRESS_LIMIT_EXCEEDED'}
end
local available = tonumber(state[5])
if available < quantity then
  if available <= 0 and announce then
    redis.call('PUBLISH', ARGV[6], 'out:' .. ARGV[7])
  end
  return {'SOLD_OUT'}
end
local left = redis.call('HINCRBY', KEYS[1], 'available', -quantity)
redis.call('HINCRBY', KEYS[2], user, quantity)
if address ~= '' then
  redis.call('HINCRBY', KEYS[7], address, quantity)
end
-- deadlines are whole seconds (what every database keeps), rounded up so a hold is never shorter than configured
local expiresAt = (math.floor((now + 999) / 1000) + tonumber(state[6])) * 1000
redis.call('HSET', KEYS[3], checkout,
  user .. ':' .. quantity .. ':' .. expiresAt .. ':' .. state[7] .. ':' .. state[6] .. ':' .. address)
if key ~= '' then
  redis.call('HSET', KEYS[4], user .. ':' .. key, checkout .. ':' .. expiresAt)
end
for _, i in ipairs({2, 3, 4, 7}) do
  redis.call('PEXPIREAT', KEYS[i], state[8])
end
if left <= 0 and announce then
  redis.call('PUBLISH', ARGV[6], 'out:' .. ARGV[7])
end
return {'OK', checkout, tostring(expiresAt), state[7], state[6], tostring(left)}
