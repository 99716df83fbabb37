package io.flashsale.promotion;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface PromotionVariants extends JpaRepository<PromotionVariant, Long>, JpaSpecificationExecutor<PromotionVariant> {

    /**
     * Locks the row: {@code reserved} and {@code sold} can't move under a stock change. Native SQL, because the
     * JPA lock's {@code FOR UPDATE OF alias} is MySQL 8 syntax that MariaDB rejects.
     */
    @Query(value = "SELECT * FROM promotion_variant WHERE id = :id FOR UPDATE", nativeQuery = true)
    Optional<PromotionVariant> findForUpdate(long id);

    /** Locks the rows in id order (so two transactions never wait on each other in a circle). */
    @Query(value = "SELECT * FROM promotion_variant WHERE id IN (:ids) ORDER BY id FOR UPDATE", nativeQuery = true)
    List<PromotionVariant> findAllForUpdate(Collection<Long> ids);

    /** Locks a promotion's variants in id order, after its promotion's row. */
    @Query(value = "SELECT * FROM promotion_variant WHERE promotion_id = :promotionId ORDER BY id FOR UPDATE",
            nativeQuery = true)
    List<PromotionVariant> findByPromotionForUpdate(long promotionId);

    List<PromotionVariant> findByPromotionIdInOrderByIdAsc(Collection<Long> promotionIds);

    @Query("select v.promotionId from PromotionVariant v where v.id = :id")
    Optional<Long> findPromotionIdById(long id);

    List<PromotionVariant> findByEnabledTrueAndEndsAtAfterOrderByStartsAtAscIdAsc(Instant now);

    List<PromotionVariant> findByEndsAtAfter(Instant instant);
}
