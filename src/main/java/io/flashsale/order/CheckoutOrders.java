package io.flashsale.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.ListCrudRepository;

/**
 * The checkout orders. Every status change is a compare-and-set: an UPDATE guarded by the expected status (and the
 * deadline), so of two racing transitions exactly one changes the row.
 */
interface CheckoutOrders extends ListCrudRepository<CheckoutOrder, Long> {

    Optional<CheckoutOrder> findByCheckoutId(String checkoutId);

    Optional<CheckoutOrder> findByCheckoutIdAndUserId(String checkoutId, long userId);

    List<CheckoutOrder> findByUserIdOrderByCreatedAtDescIdDesc(long userId, Limit limit);

    /** One page of a sale's orders after the given id, for streaming exports. */
    List<CheckoutOrder> findByPromotionVariantIdAndIdGreaterThanOrderByIdAsc(long promotionVariantId, long afterId,
            Limit limit);

    @Query("select o.checkoutId from CheckoutOrder o where o.status in :open and o.expiresAt <= :now order by o.expiresAt")
    List<String> findOverdue(List<CheckoutStatus> open, Instant now, Limit limit);

    @Query("select o.userId as userId, sum(o.quantity) as quantity from CheckoutOrder o "
            + "where o.promotionVariantId = :promotionVariantId and o.status in :holding group by o.userId")
    List<UserQuantity> sumQuantityByUser(long promotionVariantId, List<CheckoutStatus> holding);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update CheckoutOrder o set o.status = io.flashsale.order.CheckoutStatus.CONFIRMED, o.address = :address, "
            + "o.confirmedAt = :now, o.expiresAt = :paymentDue where o.checkoutId = :checkoutId "
            + "and o.userId = :userId and o.status = io.flashsale.order.CheckoutStatus.CHECKOUT and o.expiresAt > :now")
    int confirm(String checkoutId, long userId, String address, Instant now, Instant paymentDue);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update CheckoutOrder o set o.status = io.flashsale.order.CheckoutStatus.PAID, o.paidAt = :now "
            + "where o.checkoutId = :checkoutId and o.userId = :userId "
            + "and o.status = io.flashsale.order.CheckoutStatus.CONFIRMED and o.expiresAt > :now")
    int pay(String checkoutId, long userId, Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update CheckoutOrder o set o.status = io.flashsale.order.CheckoutStatus.CANCELLED, o.closedAt = :now "
            + "where o.checkoutId = :checkoutId and o.userId = :userId and o.status in "
            + "(io.flashsale.order.CheckoutStatus.CHECKOUT, io.flashsale.order.CheckoutStatus.CONFIRMED)")
    int cancel(String checkoutId, long userId, Instant now);

    /** Expires an open checkout (unconfirmed, or confirmed and unpaid) that is past its deadline. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update CheckoutOrder o set o.status = io.flashsale.order.CheckoutStatus.EXPIRED, o.closedAt = :now "
            + "where o.checkoutId = :checkoutId and o.expiresAt <= :now and o.status in "
            + "(io.flashsale.order.CheckoutStatus.CHECKOUT, io.flashsale.order.CheckoutStatus.CONFIRMED)")
    int expire(String checkoutId, Instant now);

    interface UserQuantity {
        Long getUserId();

        Long getQuantity();
    }
}
