-- The worker claims the checkouts of a batch before writing them, so that an undo can't race the write.
-- KEYS: state, bought, holds, idempotency, undone, claimed, unpaid, cooling, closed, moves, received (one hash tag)
-- ARGV: for each checkout of the batch: checkout id, the hold its message describes
--       (user:quantity:expiresAt:unitPrice:holdSeconds), the client address its message names ('' for none)
-- Invariant: a checkout is either undone (its admission was taken back; the worker must create nothing) or
-- claimed (from now on only the worker settles it), never both; give-back.lua's 'undo' respects a claim.
-- A checkout whose message does not describe the hold recorded for it — none recorded while the live state exists,
-- or another buyer, quantity, deadline, price, hold time or address — was not admitted as its message says (a
-- message forged on the broker, or a hold gone with a rebuilt live state): it is not claimed. (A hold recorded
-- without an address, by an earlier version, matches any.) Without a live state nothing can be told, and the
-- database guard alone decides.
-- Returns {undone ids, unknown ids}.
local undone, unknown = {}, {}
local live = redis.call('EXISTS', KEYS[1]) == 1
for i = 1, #ARGV, 3 do
  local checkout, described, address = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if redis.call('SISMEMBER', KEYS[5], checkout) == 1 then
    undone[#undone + 1] = checkout
  else
    local hold = redis.call('HGET', KEYS[3], checkout)
    if live and not (hold == described or hold == described .. ':' .. address) then
      unknown[#unknown + 1] = checkout
    else
      redis.call('SADD', KEYS[6], checkout)
    end
  end
end
local expireAt = redis.call('HGET', KEYS[1], 'expireAt')
if expireAt then
  redis.call('PEXPIREAT', KEYS[6], expireAt)
end
return {undone, unknown}
