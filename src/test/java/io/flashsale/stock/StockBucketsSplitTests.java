package io.flashsale.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

/** How buyers, stock and hash tags are split over a promotion variant's buckets (pure logic). */
class StockBucketsSplitTests {

    @Test
    void buyersSpreadEvenlyOverTheBucketsAndEachAlwaysLandsInTheSameOne() {
        int[] counts = new int[3];
        for (long user = 1; user <= 30_000; user++) {
            int bucket = StockBuckets.of(UserId.of(user), 3);
            assertThat(StockBuckets.of(UserId.of(user), 3)).isEqualTo(bucket);
            counts[bucket]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(9_500, 10_500);
        }
        assertThat(StockBuckets.of(UserId.of(12345), 1)).isZero();
    }

    @Test
    void theSharesAddUpToTheUnitsAndDifferByOneAtMost() {
        for (int units : new int[] {0, 1, 2, 10, 100, 99_999}) {
            for (int buckets = 1; buckets <= StockBuckets.MAX; buckets++) {
                int of = buckets;
                int[] shares = IntStream.range(0, of).map(b -> StockBuckets.share(units, b, of)).toArray();
                assertThat(IntStream.of(shares).sum()).isEqualTo(units);
                assertThat(IntStream.of(shares).max().orElseThrow() - IntStream.of(shares).min().orElseThrow())
                        .isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void eachBucketsKeysShareOneSlotAndTheBucketsFallInDistinctPartsOfTheSlotSpace() {
        for (long id = 1; id <= 500; id++) {
            for (int buckets : new int[] {2, 3, 5}) {
                Set<Integer> parts = new HashSet<>();
                for (int bucket = 0; bucket < buckets; bucket++) {
                    StockKeys keys = StockKeys.of(PromotionVariantId.of(id), bucket, buckets);
                    Set<Integer> slots = new HashSet<>();
                    keys.all().forEach(key -> slots.add(SlotHash.getSlot(key)));
                    assertThat(slots).hasSize(1);
                    parts.add(slots.iterator().next() * buckets / SlotHash.SLOT_COUNT);
                }
                assertThat(parts).as("promotion variant %d of %d buckets", id, buckets).hasSize(buckets);
            }
        }
        assertThat(StockKeys.of(PromotionVariantId.of(7)).state()).isEqualTo("{pv:7}:sale");
        assertThat(StockKeys.of(PromotionVariantId.of(7), 0, 3).state()).isEqualTo("{pv:7}:sale");
    }
}
