import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stampede of browser-like buyers: every buyer presses "snap up" when the sale opens and, unless the answer settles
 * it, presses again a few seconds later with the same token, as the page lets a person do. A 202 (won) or
 * {@code LIMIT_EXCEEDED}/{@code ENDED} ends a buyer's presses; after any other answer ({@code SOLD_OUT}, a 429 or 503,
 * no answer) the buyer waits GAP_MIN..GAP_MAX ms (uniform jitter), or longer when {@code Retry-After} says so, and
 * presses again, at most PRESSES times. Every press carries a fresh {@code Idempotency-Key}, except the one after a 503
 * or no answer, which reuses it (the page's rule). All buyers share CONNECTIONS keep-alive connections (a buyer
 * waits for a free one), so the load is comparable with wrk's closed loop over as many connections.
 *
 * <pre>
 * java -cp CLASSES Buyers HOST PORT TOKENS BUYERS SALE_ID CONNECTIONS PRESSES GAP_MIN_MS GAP_MAX_MS OUT.json
 * </pre>
 */
public class Buyers {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int buyers = Integer.parseInt(args[3]);
        List<String> tokens = Files.readAllLines(Path.of(args[2])).stream().filter(s -> !s.isBlank()).limit(buyers)
                .toList();
        long sale = Long.parseLong(args[4]);
        int connections = Integer.parseInt(args[5]);
        int presses = Integer.parseInt(args[6]);
        int gapMin = Integer.parseInt(args[7]);
        int gapMax = Integer.parseInt(args[8]);
        Path out = Path.of(args[9]);

        String body = "{\"promotionVariantId\":" + sale + ",\"quantity\":1}";
        Http.Pool pool = new Http.Pool(host, port, 30_000);
        Semaphore free = new Semaphore(connections, true);
        Http.Latencies service = new Http.Latencies(); // sent -> answered (wrk's closed-loop figure)
        Http.Latencies fromPress = new Http.Latencies(); // pressed -> answered (a free connection awaited included)
        Map<String, Integer> byStatus = new ConcurrentHashMap<>();
        Map<String, Integer> byCode = new ConcurrentHashMap<>();
        Map<Integer, Integer> pressesPerBuyer = new ConcurrentHashMap<>();
        Map<Long, Integer> answeredPerSecond = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger waitedForRetryAfter = new AtomicInteger();
        AtomicInteger keysReused = new AtomicInteger();
        AtomicInteger retryAfter503 = new AtomicInteger(); // deliberate refusals, as against failures
        AtomicInteger retryAfter429 = new AtomicInteger();
        AtomicLong firstAnswer = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastAnswer = new AtomicLong();
        AtomicLong firstAccept = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastAccept = new AtomicLong();
        CountDownLatch done = new CountDownLatch(tokens.size());
        boolean tty = "true".equals(System.getenv("BENCH_TTY"));
        long started = System.currentTimeMillis();

        for (String token : tokens) {
            Thread.ofVirtual().start(() -> {
                String key = UUID.randomUUID().toString();
                int press = 0;
                try {
                    while (press < presses) {
                        press++;
                        byte[] request = Http.request("POST", host, port, "/api/snap-up/checkouts", token, key, body);
                        long pressed = System.nanoTime();
                        int status;
                        Http.Answer a = null;
                        free.acquireUninterruptibly();
                        long sent = System.nanoTime();
                        try {
                            a = pool.exchange(request);
                            status = a.status();
                        } catch (SocketTimeoutException e) {
                            status = OpenLoop.TIMEOUT;
                        } catch (IOException e) {
                            status = OpenLoop.ERROR;
                        } finally {
                            free.release();
                        }
                        long end = System.nanoTime();
                        long now = System.currentTimeMillis();
                        String code = a != null && status >= 400 ? a.code() : "";
                        byStatus.merge(status == OpenLoop.TIMEOUT ? "timeout" : status == OpenLoop.ERROR ? "error"
                                : Integer.toString(status), 1, Integer::sum);
                        if (a != null) {
                            service.add(end - sent);
                            fromPress.add(end - pressed);
                            answered.incrementAndGet();
                            firstAnswer.accumulateAndGet(now, Math::min);
                            lastAnswer.accumulateAndGet(now, Math::max);
                            answeredPerSecond.merge(now / 1000, 1, Integer::sum);
                            if (status >= 400) {
                                byCode.merge(status + " " + code, 1, Integer::sum);
                            }
                            if (status == 503 && a.retryAfter() >= 0) {
                                retryAfter503.incrementAndGet();
                            } else if (status == 429 && a.retryAfter() >= 0) {
                                retryAfter429.incrementAndGet();
                            }
                        }
                        if (status == 202) {
                            accepted.incrementAndGet();
                            firstAccept.accumulateAndGet(now, Math::min);
                            lastAccept.accumulateAndGet(now, Math::max);
                            break;
                        }
                        if (code.equals("LIMIT_EXCEEDED") || code.equals("ENDED")) {
                            break;
                        }
                        if (press == presses) {
                            break;
                        }
                        long gap = ThreadLocalRandom.current().nextLong(gapMin, gapMax + 1L);
                        if (a != null && a.retryAfter() > 0 && a.retryAfter() * 1000L > gap) {
                            gap = a.retryAfter() * 1000L + ThreadLocalRandom.current().nextLong(0, 1000);
                            waitedForRetryAfter.incrementAndGet();
                        }
                        if (status == 503 || status < 0) {
                            keysReused.incrementAndGet(); // nothing definite came back: the same intent again
                        } else {
                            key = UUID.randomUUID().toString();
                        }
                        Thread.sleep(gap);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    pressesPerBuyer.merge(press, 1, Integer::sum);
                    done.countDown();
                }
            });
        }
        while (!done.await(1, TimeUnit.SECONDS)) {
            if (tty) {
                System.err.printf("\r  retries: %,d answered, %,d accepted, %,d of %,d buyers done   ", answered.get(),
                        accepted.get(), tokens.size() - done.getCount(), tokens.size());
            }
        }
        if (tty) {
            System.err.println();
        }
        long ended = System.currentTimeMillis();
        String json = "{\"buyers\":" + tokens.size() + ",\"connections\":" + connections + ",\"presses_max\":" + presses
                + ",\"gap_ms\":[" + gapMin + "," + gapMax + "],\"started_ms\":" + started + ",\"ended_ms\":" + ended
                + ",\"answered\":" + answered.get() + ",\"accepted\":" + accepted.get()
                + ",\"first_answer_ms\":" + (answered.get() > 0 ? firstAnswer.get() : 0)
                + ",\"last_answer_ms\":" + lastAnswer.get()
                + ",\"first_accept_ms\":" + (accepted.get() > 0 ? firstAccept.get() : 0)
                + ",\"last_accept_ms\":" + lastAccept.get()
                + ",\"latency_ms\":" + service.json() + ",\"latency_from_press_ms\":" + fromPress.json()
                + ",\"waited_for_retry_after\":" + waitedForRetryAfter.get()
                + ",\"idempotency_keys_reused\":" + keysReused.get()
                + ",\"retry_after_503\":" + retryAfter503.get() + ",\"retry_after_429\":" + retryAfter429.get()
                + ",\"connections_opened\":" + pool.opened.get()
                + ",\"by_status\":" + OpenLoop.json(new TreeMap<>(byStatus))
                + ",\"by_code\":" + OpenLoop.json(new TreeMap<>(byCode))
                + ",\"presses_per_buyer\":" + OpenLoop.json(new TreeMap<>(pressesPerBuyer))
                + ",\"answered_per_second\":" + OpenLoop.json(new TreeMap<>(answeredPerSecond)) + "}\n";
        Files.writeString(out, json);
        pool.close();
        System.exit(0);
    }
}
