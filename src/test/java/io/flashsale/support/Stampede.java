package io.flashsale.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Many snap-ups at once, released together, each on its own virtual thread; answers counted by status. */
public final class Stampede {

    private Stampede() {
    }

    /**
     * @param tokens one token per attempt (repeat a token for one user's parallel attempts)
     * @return how many answers each status got
     */
    public static Result run(String baseUrl, long promotionVariantId, List<String> tokens) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> accepted = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        String body = "{\"promotionVariantId\":" + promotionVariantId + ",\"quantity\":1}";
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> attempts = new ArrayList<>();
            for (String token : tokens) {
                attempts.add(threads.submit(() -> {
                    start.await();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create(baseUrl + "/api/snap-up/checkouts"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    if (response.statusCode() == 202) {
                        accepted.add(response.body());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> attempt : attempts) {
                attempt.get();
            }
        }
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return new Result(counts, List.copyOf(accepted));
    }

    /** @param accepted the bodies of the 202 answers */
    public record Result(Map<Integer, Integer> statuses, List<String> accepted) {
        public int count(int status) {
            return statuses.getOrDefault(status, 0);
        }
    }
}
