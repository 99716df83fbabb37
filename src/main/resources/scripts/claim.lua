-- The worker claims the checkouts of a batch before writing them, so that an undo can't race the write.
-- KEYS: state, bought, holds, idempotency, undone, claimed, unpaid, cooling (one hash tag)
-- ARGV: checkout ids
-- Invariant: a checkout is either undone (its admission was taken back; the worker must create nothing) or
-- claimed (from now on only the worker settles it), never both; give-back.lua's 'undo' respects a claim.
-- A checkout with no hold recorded while the live state exists was never admitted here (a message forged on the
-- broker, or a hold already settled): it is not claimed, and the worker must create nothing for it. Without a live
-- state (Redis lost it) nothing can be told, and the database guard alone decides.
-- Returns {undone ids, unknown ids}.
local undone, unknown = {}, {}
local live = redis.call('EXISTS', KEYS[1]) == 1
for i = 1, #ARGV do
  if redis.call('SISMEMBER', KEYS[5], ARGV[i]) == 1 then
    undone[#undone + 1] = ARGV[i]
  elseif live and redis.call('HEXISTS', KEYS[3], ARGV[i]) == 0 then
    unknown[#unknown + 1] = ARGV[i]
  else
    redis.call('SADD', KEYS[6], ARGV[i])
  end
end
local expireAt = redis.call('HGET', KEYS[1], 'expireAt')
if expireAt then
  redis.call('PEXPIREAT', KEYS[6], expireAt)
end
return {undone, unknown}
