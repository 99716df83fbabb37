package io.flashsale.promotion;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

/** The promotions (campaigns). */
interface PromotionRepository extends JpaRepository<Promotion, Long>, JpaSpecificationExecutor<Promotion> {

    /**
     * Locks the row. Every change takes its promotion's lock before any of its variants' (the worker locks only
     * variants), so two changes never wait on each other in a circle.
     */
    @Query(value = "SELECT * FROM promotion WHERE id = :id FOR UPDATE", nativeQuery = true)
    Optional<Promotion> findForUpdate(long id);
}
