-- A waiting room may let buyers through at what the instances' snap-up lanes can take a second (their concurrency
-- limit over the snap-ups' latency) instead of a fixed rate; rate_per_second is then the most it lets through.
ALTER TABLE waiting_room ADD COLUMN rate_follows_lane BOOLEAN NOT NULL DEFAULT FALSE AFTER rate_per_second;
