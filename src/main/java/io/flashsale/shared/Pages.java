package io.flashsale.shared;

import java.util.ArrayList;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A page of a list as the API answers it: the body stays a plain JSON array (as every list was before it was paged),
 * and the paging travels in headers — {@code X-Total-Count} (every match), {@code X-Page} and {@code X-Page-Size},
 * and {@code Link} with {@code first}, {@code prev}, {@code next} and {@code last} (RFC 8288), each the request's
 * own URL with its other parameters kept.
 */
public final class Pages {

    public static final String TOTAL_COUNT = "X-Total-Count";
    public static final String PAGE = "X-Page";
    public static final String PAGE_SIZE = "X-Page-Size";

    private Pages() {
    }

    public static <T> ResponseEntity<List<T>> of(Page<T> page) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(TOTAL_COUNT, Long.toString(page.getTotalElements()));
        headers.add(PAGE, Integer.toString(page.getNumber()));
        headers.add(PAGE_SIZE, Integer.toString(page.getSize()));
        List<String> links = new ArrayList<>();
        int last = Math.max(0, page.getTotalPages() - 1);
        links.add(link(0, page.getSize(), "first"));
        if (page.hasPrevious()) {
            links.add(link(Math.min(page.getNumber() - 1, last), page.getSize(), "prev"));
        }
        if (page.hasNext()) {
            links.add(link(page.getNumber() + 1, page.getSize(), "next"));
        }
        links.add(link(last, page.getSize(), "last"));
        headers.add(HttpHeaders.LINK, String.join(", ", links));
        return ResponseEntity.ok().headers(headers).body(page.getContent());
    }

    private static String link(int number, int size, String rel) {
        String url = ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("page", number).replaceQueryParam("size", size)
                .build().toUriString();
        return "<" + url + ">; rel=\"" + rel + "\"";
    }
}
