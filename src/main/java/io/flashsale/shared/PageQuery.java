package io.flashsale.shared;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * One page of a list, as the query parameters {@code page} (from 0) and {@code size} ask for it. Bound and checked
 * like a request body: a negative page, a size outside 1–{@value #MAX_SIZE} or a non-number is {@code 400
 * VALIDATION_FAILED} naming the parameter. An absent size is the list's own default.
 */
public record PageQuery(@Min(0) @Max(MAX_PAGE) Integer page, @Min(1) @Max(MAX_SIZE) Integer size) {

    /** The largest page any list answers. */
    public static final int MAX_SIZE = 200;
    /** The default page size of a list that doesn't say otherwise. */
    public static final int DEFAULT_SIZE = 50;
    /** Far beyond any list an operator pages through; keeps {@code page × size} inside an int. */
    public static final int MAX_PAGE = 1_000_000;

    public int pageOrFirst() {
        return page == null ? 0 : page;
    }

    public int sizeOr(int defaultSize) {
        return size == null ? defaultSize : size;
    }

    public Pageable pageable(int defaultSize, Sort sort) {
        return PageRequest.of(pageOrFirst(), sizeOr(defaultSize), sort);
    }
}
