import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop (constant arrival rate) load on the snap-up endpoint: request i is due at start + i / rate, whatever
 * happened to the ones before it, and its latency is measured from that intended time to the end of its answer. So
 * a server that stalls is charged for every request that should have gone out meanwhile (no coordinated omission).
 * Each request runs on its own virtual thread over a pool of keep-alive HTTP/1.1 connections ({@link Http.Pool}); a
 * connection is opened whenever none is free, up to {@code --max-connections} (then a request waits for one, and the
 * wait is part of its latency).
 *
 * <p>The same program is the overload scenario, with two more kinds of client beside the stampede:
 * <ul>
 * <li>{@code --payers F}: the fraction F of the buyers (every 1/F-th token) that, once admitted, wait until their
 * checkout is written (status reads every 200 ms), confirm it and pay it, each on connections of their own;</li>
 * <li>{@code --health-ms MS}: a poller that asks {@code /actuator/health/readiness} and {@code /liveness} every MS
 * milliseconds on a fresh connection each time, as a Kubernetes probe does, with its own timeout.</li>
 * </ul>
 * A request with no answer within its timeout (from its intended time; a snap-up's waiting for a connection
 * included) counts as a timeout.
 *
 * <pre>
 * java -cp CLASSES OpenLoop HOST PORT TOKENS SALE_ID RATE SECONDS OUT.json [--payers F] [--health-ms MS]
 *      [--max-connections N] [--timeout-ms MS] [--health-timeout-ms MS]
 * </pre>
 *
 * Prints a progress line a second on stderr (on a terminal); writes every figure to OUT.json.
 */
public class OpenLoop {

    static final int TIMEOUT = -2;
    static final int ERROR = -1;

    /** One kind of request of the payers or of the poller: latencies, answers by status, timeouts. */
    static final class Kind {
        final Http.Latencies latency = new Http.Latencies();
        final Map<String, Integer> byStatus = new ConcurrentHashMap<>();
        final AtomicInteger timeouts = new AtomicInteger();

        Http.Answer timed(IoCall call) {
            long start = System.nanoTime();
            try {
                Http.Answer a = call.run();
                latency.add(System.nanoTime() - start);
                byStatus.merge(a.status() + (a.status() >= 400 ? " " + a.code() : ""), 1, Integer::sum);
                return a;
            } catch (SocketTimeoutException e) {
                timeouts.incrementAndGet();
                byStatus.merge("timeout", 1, Integer::sum);
            } catch (IOException e) {
                byStatus.merge("error", 1, Integer::sum);
            }
            return null;
        }

        String json() {
            return "{\"latency_ms\":" + latency.json() + ",\"timeouts\":" + timeouts.get() + ",\"by_status\":"
                    + OpenLoop.json(new TreeMap<>(byStatus)) + "}";
        }
    }

    interface IoCall {
        Http.Answer run() throws IOException;
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        List<String> tokens = Files.readAllLines(Path.of(args[2])).stream().filter(s -> !s.isBlank()).toList();
        long sale = Long.parseLong(args[3]);
        double rate = Double.parseDouble(args[4]);
        double seconds = Double.parseDouble(args[5]);
        Path out = Path.of(args[6]);
        double payersFraction = 0;
        int healthMillis = 0;
        int maxConnections = 0;
        int timeoutMillis = 30_000;
        int healthTimeoutMillis = 2_000;
        for (int a = 7; a + 1 < args.length; a += 2) {
            switch (args[a]) {
                case "--payers" -> payersFraction = Double.parseDouble(args[a + 1]);
                case "--health-ms" -> healthMillis = Integer.parseInt(args[a + 1]);
                case "--max-connections" -> maxConnections = Integer.parseInt(args[a + 1]);
                case "--timeout-ms" -> timeoutMillis = Integer.parseInt(args[a + 1]);
                case "--health-timeout-ms" -> healthTimeoutMillis = Integer.parseInt(args[a + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[a]);
            }
        }

        int n = (int) Math.round(rate * seconds);
        String body = "{\"promotionVariantId\":" + sale + ",\"quantity\":1}";
        byte[][] requests = new byte[Math.min(n, tokens.size())][];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = Http.request("POST", host, port, "/api/snap-up/checkouts", tokens.get(i), null, body);
        }
        int payEvery = payersFraction > 0 ? (int) Math.max(1, Math.round(1 / payersFraction)) : 0;
        AtomicIntegerArray payerStarted = new AtomicIntegerArray(requests.length);

        Http.Pool pool = new Http.Pool(host, port, timeoutMillis);
        Http.Pool payerPool = new Http.Pool(host, port, timeoutMillis);
        Semaphore connections = maxConnections > 0 ? new Semaphore(maxConnections, true) : null;
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);

        long[] latency = new long[n]; // intended send time -> answer read, ns
        long[] service = new long[n]; // actual send time -> answer read, ns
        int[] status = new int[n];
        boolean[] retryAfter = new boolean[n];
        long[] doneAt = new long[n];
        Map<String, Integer> byCode = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger payersInFlight = new AtomicInteger();
        AtomicInteger paid = new AtomicInteger();
        AtomicInteger payersGaveUp = new AtomicInteger();
        Kind statusReads = new Kind();
        Kind confirms = new Kind();
        Kind pays = new Kind();
        Kind readiness = new Kind();
        Kind liveness = new Kind();
        long periodNanos = Math.round(1e9 / rate);
        long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long startWallMs = System.currentTimeMillis() + 200;

        boolean tty = "true".equals(System.getenv("BENCH_TTY"));
        Thread progress = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    Thread.sleep(1000);
                    long finished = n - done.getCount();
                    if (tty) {
                        System.err.printf(Locale.ROOT, "\r  open loop: %,d/%,d answered, %d connections, %d paid   ",
                                finished, n, pool.opened.get(), paid.get());
                    }
                }
            } catch (InterruptedException e) {
                // finished
            }
        });

        // the health poller: both probes every healthMillis, each on a connection of its own
        Thread poller = null;
        if (healthMillis > 0) {
            byte[] ready = Http.request("GET", host, port, "/actuator/health/readiness", null, null, null);
            byte[] live = Http.request("GET", host, port, "/actuator/health/liveness", null, null, null);
            int healthTimeout = healthTimeoutMillis;
            long healthPeriod = TimeUnit.MILLISECONDS.toNanos(healthMillis);
            long sendingEnds = startNanos + (long) (seconds * 1e9);
            poller = Thread.ofPlatform().daemon().start(() -> {
                for (long due = startNanos; due < sendingEnds; due += healthPeriod) {
                    LockSupport.parkNanos(due - System.nanoTime());
                    Thread.ofVirtual().start(() -> readiness.timed(() -> Http.once(host, port, ready, healthTimeout)));
                    Thread.ofVirtual().start(() -> liveness.timed(() -> Http.once(host, port, live, healthTimeout)));
                }
            });
        }

        int late = 0;
        long maxLateNanos = 0;
        for (int i = 0; i < n; i++) {
            long intended = startNanos + i * periodNanos;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                if (wait > 200_000) {
                    LockSupport.parkNanos(wait - 100_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            long behind = System.nanoTime() - intended;
            if (behind > 1_000_000) {
                late++;
            }
            maxLateNanos = Math.max(maxLateNanos, behind);
            final int k = i;
            final int tokenIndex = i % requests.length;
            Thread.ofVirtual().start(() -> {
                long sent = intended;
                int code;
                Http.Answer answer = null;
                boolean gotConnection = false;
                try {
                    gotConnection = connections == null || connections.tryAcquire(
                            intended + timeoutNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (!gotConnection) {
                        code = TIMEOUT;
                    } else {
                        sent = System.nanoTime();
                        answer = pool.exchange(requests[tokenIndex]);
                        code = answer.status();
                    }
                } catch (SocketTimeoutException e) {
                    code = TIMEOUT;
                } catch (IOException | InterruptedException e) {
                    code = ERROR;
                } finally {
                    if (gotConnection && connections != null) {
                        connections.release();
                    }
                }
                long end = System.nanoTime();
                latency[k] = end - intended;
                service[k] = end - sent;
                status[k] = code;
                doneAt[k] = end;
                if (answer != null) {
                    retryAfter[k] = answer.retryAfter() >= 0;
                    if (code >= 400) {
                        byCode.merge(code + " " + answer.code(), 1, Integer::sum);
                    }
                }
                boolean payer = code == 202 && payEvery > 0 && tokenIndex % payEvery == 0
                        && payerStarted.compareAndSet(tokenIndex, 0, 1);
                if (payer) {
                    payersInFlight.incrementAndGet();
                }
                done.countDown();
                if (payer) {
                    try {
                        if (payUp(host, port, payerPool, tokens.get(tokenIndex), answer.checkoutId(), statusReads,
                                confirms, pays)) {
                            paid.incrementAndGet();
                        } else {
                            payersGaveUp.incrementAndGet();
                        }
                    } finally {
                        payersInFlight.decrementAndGet();
                    }
                }
            });
        }
        boolean finished = done.await(timeoutMillis + 30_000L, TimeUnit.MILLISECONDS);
        long endNanos = System.nanoTime();
        for (int w = 0; w < 600 && payersInFlight.get() > 0; w++) {
            Thread.sleep(100);
        }
        if (poller != null) {
            poller.join(5_000);
            Thread.sleep(healthTimeoutMillis + 200L); // the last probes' answers
        }
        progress.interrupt();
        if (tty) {
            System.err.println();
        }

        // overall, by kind of answer, and per second
        long[] sorted = latency.clone();
        long[] sortedService = service.clone();
        Arrays.sort(sorted);
        Arrays.sort(sortedService);
        Map<Integer, Integer> byStatus = new TreeMap<>();
        long[] accepted = new long[n];
        long[] refused = new long[n];
        long[] other = new long[n];
        int na = 0;
        int nr = 0;
        int no = 0;
        int timeouts = 0;
        int refusalsWithoutRetryAfter = 0;
        int undeliberate5xx = 0;
        for (int i = 0; i < n; i++) {
            int s = status[i];
            byStatus.merge(s, 1, Integer::sum);
            if (s == TIMEOUT || (s > 0 && latency[i] > timeoutNanos)) {
                timeouts++;
            }
            if (s == 202) {
                accepted[na++] = latency[i];
            } else if (s == 429 || s == 503) {
                refused[nr++] = latency[i];
                if (!retryAfter[i]) {
                    refusalsWithoutRetryAfter++;
                }
            } else if (s > 0) {
                other[no++] = latency[i];
            }
            if (s >= 500 && !(s == 503 && retryAfter[i])) {
                undeliberate5xx++;
            }
        }
        int secondsTotal = (int) Math.ceil(seconds);
        List<long[]> perSecond = new ArrayList<>();
        for (int sec = 0; sec < secondsTotal; sec++) {
            int from = (int) Math.min(n, Math.round(sec * rate));
            int to = (int) Math.min(n, Math.round((sec + 1) * rate));
            if (to <= from) {
                continue;
            }
            long[] slice = Arrays.copyOfRange(latency, from, to);
            Arrays.sort(slice);
            int answered = 0;
            int refusedInSecond = 0;
            long secStart = startNanos + TimeUnit.SECONDS.toNanos(sec);
            for (int i = 0; i < n; i++) {
                if (doneAt[i] >= secStart && doneAt[i] < secStart + 1_000_000_000L) {
                    answered++;
                    if (status[i] == 429 || status[i] == 503) {
                        refusedInSecond++;
                    }
                }
            }
            perSecond.add(new long[] {sec, to - from, answered, Http.pct(slice, 50), Http.pct(slice, 99),
                    slice[slice.length - 1], refusedInSecond});
        }
        StringBuilder json = new StringBuilder();
        json.append("{\"rate_target\":").append(rate)
                .append(",\"seconds_target\":").append(seconds)
                .append(",\"requests\":").append(n)
                .append(",\"distinct_users\":").append(requests.length)
                .append(",\"completed\":").append(finished)
                .append(",\"start_epoch_ms\":").append(startWallMs)
                .append(",\"achieved_rate\":").append(String.format(Locale.ROOT, "%.1f",
                        n / ((endNanos - startNanos) / 1e9)))
                .append(",\"connections_opened\":").append(pool.opened.get())
                .append(",\"max_connections\":").append(maxConnections)
                .append(",\"timeout_ms\":").append(timeoutMillis)
                .append(",\"sends_late_over_1ms\":").append(late)
                .append(",\"max_send_lag_ms\":").append(Http.ms(maxLateNanos))
                .append(",\"latency_ms\":{\"p50\":").append(Http.ms(Http.pct(sorted, 50)))
                .append(",\"p90\":").append(Http.ms(Http.pct(sorted, 90)))
                .append(",\"p99\":").append(Http.ms(Http.pct(sorted, 99)))
                .append(",\"p999\":").append(Http.ms(Http.pct(sorted, 99.9)))
                .append(",\"max\":").append(Http.ms(sorted[n - 1]))
                .append("},\"service_time_ms\":{\"p50\":").append(Http.ms(Http.pct(sortedService, 50)))
                .append(",\"p99\":").append(Http.ms(Http.pct(sortedService, 99)))
                .append(",\"max\":").append(Http.ms(sortedService[n - 1]))
                .append("},\"accepted_latency_ms\":").append(Http.latencyJson(accepted, na))
                .append(",\"refusal_latency_ms\":").append(Http.latencyJson(refused, nr))
                .append(",\"other_answer_latency_ms\":").append(Http.latencyJson(other, no))
                .append(",\"timeouts\":").append(timeouts)
                .append(",\"refusals_without_retry_after\":").append(refusalsWithoutRetryAfter)
                .append(",\"http_5xx_not_deliberate\":").append(undeliberate5xx)
                .append(",\"by_status\":").append(json(byStatus))
                .append(",\"by_code\":").append(json(new TreeMap<>(byCode)));
        if (payEvery > 0) {
            json.append(",\"payers\":{\"every_nth_token\":").append(payEvery)
                    .append(",\"started\":").append(paid.get() + payersGaveUp.get() + payersInFlight.get())
                    .append(",\"paid\":").append(paid.get())
                    .append(",\"gave_up\":").append(payersGaveUp.get())
                    .append(",\"unfinished\":").append(payersInFlight.get())
                    .append(",\"status_reads\":").append(statusReads.json())
                    .append(",\"confirm\":").append(confirms.json())
                    .append(",\"pay\":").append(pays.json()).append('}');
        }
        if (healthMillis > 0) {
            json.append(",\"health\":{\"every_ms\":").append(healthMillis)
                    .append(",\"timeout_ms\":").append(healthTimeoutMillis)
                    .append(",\"readiness\":").append(readiness.json())
                    .append(",\"liveness\":").append(liveness.json()).append('}');
        }
        json.append(",\"per_second\":[");
        String sep = "";
        for (long[] s : perSecond) {
            json.append(sep).append(String.format(Locale.ROOT,
                    "{\"second\":%d,\"sent\":%d,\"answered\":%d,\"p50_ms\":%s,\"p99_ms\":%s,\"max_ms\":%s,\"refused\":%d}",
                    s[0], s[1], s[2], Http.ms(s[3]), Http.ms(s[4]), Http.ms(s[5]), s[6]));
            sep = ",";
        }
        json.append("]}\n");
        Files.writeString(out, json);
        pool.close();
        payerPool.close();
        System.exit(0);
    }

    /**
     * A winner who pays: reads the checkout until it is written, confirms it, pays it. True when paid. Each step's
     * latency is the request's own (the payer waits for its answer), on the payers' own connections.
     */
    static boolean payUp(String host, int port, Http.Pool pool, String token, String checkoutId, Kind statusReads,
            Kind confirms, Kind pays) {
        if (checkoutId == null) {
            return false;
        }
        String path = "/api/checkouts/" + checkoutId;
        byte[] read = Http.request("GET", host, port, path, token, null, null);
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Http.Answer a = statusReads.timed(() -> pool.exchange(read));
            String s = a == null ? null : a.checkoutStatus();
            if ("CHECKOUT".equals(s)) {
                break;
            }
            if (!"QUEUED".equals(s) && a != null || System.nanoTime() > giveUp) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        byte[] confirm = Http.request("POST", host, port, path + "/confirm", token, null,
                "{\"address\":\"1 Benchmark Street, Testing\"}");
        Http.Answer c = confirms.timed(() -> pool.exchange(confirm));
        if (c == null || c.status() != 200) {
            return false;
        }
        byte[] pay = Http.request("POST", host, port, path + "/pay", token, null, null);
        Http.Answer p = pays.timed(() -> pool.exchange(pay));
        return p != null && p.status() == 200;
    }

    static String json(Map<?, Integer> m) {
        StringBuilder s = new StringBuilder("{");
        String sep = "";
        for (var e : m.entrySet()) {
            s.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
            sep = ",";
        }
        return s.append('}').toString();
    }
}
