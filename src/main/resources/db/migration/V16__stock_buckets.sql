-- A promotion variant's live stock may be split into several buckets, each under its own Redis hash tag, so that one
-- hot sale's admissions spread over several Redis Cluster shards. Fixed when the promotion variant is created: a
-- buyer's bucket is chosen from their user id and the number of buckets, so changing it would move buyers between
-- buckets mid-sale. 1 (every existing promotion variant) is the live state as it always was.
ALTER TABLE promotion_variant
    ADD COLUMN stock_buckets INT NOT NULL DEFAULT 1,
    ADD CONSTRAINT ck_promotion_variant_stock_buckets CHECK (stock_buckets BETWEEN 1 AND 16);
