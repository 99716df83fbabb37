package io.flashsale.order;

import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.repository.ListCrudRepository;

interface CheckoutOrders extends ListCrudRepository<CheckoutOrder, Long> {

    /** One page of a sale's orders after the given id, for streaming exports. */
    List<CheckoutOrder> findByPromotionVariantIdAndIdGreaterThanOrderByIdAsc(long promotionVariantId, long afterId,
            Limit limit);
}
