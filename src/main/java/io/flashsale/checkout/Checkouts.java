package io.flashsale.checkout;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.ListCrudRepository;

/**
 * The written checkouts. Every status change is a compare-and-set: an UPDATE guarded by the expected status (and
 * the deadline), so of two racing transitions exactly one changes the row.
 */
interface Checkouts extends ListCrudRepository<Checkout, Long>, JpaSpecificationExecutor<Checkout> {

    Optional<Checkout> findByCheckoutIdAndUserId(CheckoutId checkoutId, UserId userId);

    /** Checkouts in one of the given statuses whose deadline has passed, earliest first. */
    List<Checkout> findByStatusInAndExpiresAtLessThanEqualOrderByExpiresAt(List<CheckoutStatus> statuses,
            Instant now, Limit limit);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Checkout c set c.status = io.flashsale.checkout.CheckoutStatus.CONFIRMED, c.address = :address, "
            + "c.confirmedAt = :now, c.expiresAt = :paymentDue where c.checkoutId = :checkoutId "
            + "and c.userId = :userId and c.status = io.flashsale.checkout.CheckoutStatus.CHECKOUT and c.expiresAt > :now")
    int confirm(CheckoutId checkoutId, UserId userId, String address, Instant now, Instant paymentDue);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Checkout c set c.status = io.flashsale.checkout.CheckoutStatus.PAID, c.paidAt = :now "
            + "where c.checkoutId = :checkoutId and c.userId = :userId "
            + "and c.status = io.flashsale.checkout.CheckoutStatus.CONFIRMED and c.expiresAt > :now")
    int pay(CheckoutId checkoutId, UserId userId, Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Checkout c set c.status = io.flashsale.checkout.CheckoutStatus.CANCELLED, c.closedAt = :now "
            + "where c.checkoutId = :checkoutId and c.userId = :userId and c.status in "
            + "(io.flashsale.checkout.CheckoutStatus.CHECKOUT, io.flashsale.checkout.CheckoutStatus.CONFIRMED)")
    int cancel(CheckoutId checkoutId, UserId userId, Instant now);

    /** Locks those of these checkouts that are still open (unconfirmed, or confirmed and unpaid). */
    @Query(value = "SELECT * FROM checkout WHERE checkout_id IN (:checkoutIds) "
            + "AND status IN ('CHECKOUT', 'CONFIRMED') ORDER BY id FOR UPDATE", nativeQuery = true)
    List<Checkout> findOpenForUpdate(Collection<String> checkoutIds);

    /** Expires open checkouts (unconfirmed, or confirmed and unpaid) that are past their deadline. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Checkout c set c.status = io.flashsale.checkout.CheckoutStatus.EXPIRED, c.closedAt = :now "
            + "where c.checkoutId in :checkoutIds and c.expiresAt <= :now and c.status in "
            + "(io.flashsale.checkout.CheckoutStatus.CHECKOUT, io.flashsale.checkout.CheckoutStatus.CONFIRMED)")
    int expireAll(Collection<CheckoutId> checkoutIds, Instant now);
}
