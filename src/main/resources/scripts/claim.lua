-- The order worker claims the checkouts of a batch before writing them, so that an undo can't race the write.
-- KEYS: state, bought, holds, idempotency, undone, claimed (one hash tag)
-- ARGV: checkout ids
-- Invariant: a checkout is either undone (its admission was taken back; the worker must create nothing) or
-- claimed (from now on only the worker settles it), never both; release.lua's 'undo' respects a claim.
-- Returns the ids that were undone.
local undone = {}
for i = 1, #ARGV do
  if redis.call('SISMEMBER', KEYS[5], ARGV[i]) == 1 then
    undone[#undone + 1] = ARGV[i]
  else
    redis.call('SADD', KEYS[6], ARGV[i])
  end
end
local expireAt = redis.call('HGET', KEYS[1], 'expireAt')
if expireAt then
  redis.call('PEXPIREAT', KEYS[6], expireAt)
end
return undone
