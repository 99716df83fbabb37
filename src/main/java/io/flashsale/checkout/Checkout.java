package io.flashsale.checkout;

import java.math.BigDecimal;
import java.time.Instant;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.stock.Hold;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A written checkout, from its hold to payment or its end. Its status moves only by the compare-and-set updates of
 * {@link Checkouts}.
 */
@Entity
@Table(name = "checkout")
class Checkout {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "checkout_id", nullable = false, unique = true, length = 36)
    private CheckoutId checkoutId;

    @Column(name = "user_id", nullable = false)
    private UserId userId;

    @Column(name = "client_address", length = 45)
    private String clientAddress;

    @Column(name = "promotion_variant_id", nullable = false)
    private PromotionVariantId promotionVariantId;

    @Column(nullable = false)
    private int quantity;

    @Column(name = "unit_price", nullable = false, precision = 12, scale = 2)
    private BigDecimal unitPrice;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private CheckoutStatus status;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "hold_seconds", nullable = false)
    private int holdSeconds;

    private String address;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "confirmed_at")
    private Instant confirmedAt;

    @Column(name = "paid_at")
    private Instant paidAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    protected Checkout() {
    }

    /** The units it holds, as the live stock knows them (the Idempotency-Key no longer matters once written). */
    Hold hold() {
        return new Hold(promotionVariantId, checkoutId, userId, quantity, null, clientAddress);
    }

    Long id() {
        return id;
    }

    CheckoutId checkoutId() {
        return checkoutId;
    }

    UserId userId() {
        return userId;
    }

    PromotionVariantId promotionVariantId() {
        return promotionVariantId;
    }

    int quantity() {
        return quantity;
    }

    BigDecimal unitPrice() {
        return unitPrice;
    }

    CheckoutStatus status() {
        return status;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    int holdSeconds() {
        return holdSeconds;
    }

    String address() {
        return address;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant confirmedAt() {
        return confirmedAt;
    }

    Instant closedAt() {
        return closedAt;
    }

    Instant paidAt() {
        return paidAt;
    }
}
