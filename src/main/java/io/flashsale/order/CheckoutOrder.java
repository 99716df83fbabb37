package io.flashsale.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One admitted snap-up, from its checkout hold to payment or release. */
@Entity
@Table(name = "checkout_order")
class CheckoutOrder {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "checkout_id", nullable = false, unique = true, length = 36)
    private String checkoutId;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(name = "promotion_variant_id", nullable = false)
    private long promotionVariantId;

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

    protected CheckoutOrder() {
    }


    Long id() {
        return id;
    }

    UUID checkoutId() {
        return UUID.fromString(checkoutId);
    }

    long userId() {
        return userId;
    }

    long promotionVariantId() {
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

    Instant paidAt() {
        return paidAt;
    }
}
