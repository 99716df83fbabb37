package io.flashsale.promotion;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.JpaRepository;

interface PromotionVariants extends JpaRepository<PromotionVariant, Long> {

    /**
     * Locks the row: {@code reserved} and {@code sold} can't move under a stock change. Native SQL, because the
     * JPA lock's {@code FOR UPDATE OF alias} is MySQL 8 syntax that MariaDB rejects.
     */
    @Query(value = "SELECT * FROM promotion_variant WHERE id = :id FOR UPDATE", nativeQuery = true)
    Optional<PromotionVariant> findForUpdate(long id);

    /** Locks the rows in id order (so two transactions never wait on each other in a circle). */
    @Query(value = "SELECT * FROM promotion_variant WHERE id IN (:ids) ORDER BY id FOR UPDATE", nativeQuery = true)
    List<PromotionVariant> findAllForUpdate(Collection<Long> ids);

    List<PromotionVariant> findByEnabledTrueAndEndsAtAfterOrderByStartsAtAscIdAsc(Instant now);

    List<PromotionVariant> findAllByOrderByIdDesc();

    List<PromotionVariant> findByEndsAtAfter(Instant instant);
}
