import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A lock-based reservation against flashsale's Lua script (docs/decisions.md: "a Lua script, not a lock"), on the same
 * Redis, with CLIENTS concurrent clients (one connection and one thread each) reserving units of one hot sale for
 * SECONDS each:
 *
 * <ul>
 * <li>lock: {@code SET lock NX PX} (retried until taken), read the sale and the buyer's count (HMGET + HGET, one
 * round trip), write the new available count, the buyer's count and the hold (HSET x3, one round trip),
 * {@code DEL lock}: four round trips while every other client waits for the lock;
 * <li>lua: {@code EVALSHA} of the service's own {@code admit.lua} with the same keys: one round trip, no lock.
 * </ul>
 *
 * Both make the same checks and writes (window, per-buyer limit, stock) on the same key layout. A tiny RESP client
 * on plain sockets keeps the client's own cost small and equal for both.
 *
 * <pre>
 * java LockVsLua.java HOST PORT DB RESERVE_LUA CLIENTS SECONDS OUT.json RETRY_MICROS[,RETRY_MICROS...]
 * </pre>
 *
 * A client that finds the lock taken sleeps RETRY_MICROS and tries again (0: at once). The lock runs once per
 * retry pause given, since that choice decides its figures: retrying at once floods Redis while the holder waits
 * for a core; long pauses let one client keep re-taking the lock while the others sleep (Laravel's
 * {@code Cache::lock()->block()}, a common way to write such a lock, sleeps 250 ms). The conservative ratio uses the lock's best run.
 */
public class LockVsLua {

    static String host;
    static int port;
    static int db;

    public static void main(String[] args) throws Exception {
        host = args[0];
        port = Integer.parseInt(args[1]);
        db = Integer.parseInt(args[2]);
        String script = Files.readString(Path.of(args[3]));
        int clients = Integer.parseInt(args[4]);
        double seconds = Double.parseDouble(args[5]);
        Path out = Path.of(args[6]);
        long[] retries = Arrays.stream(args[7].split(",")).mapToLong(Long::parseLong).toArray();

        Resp admin = new Resp();
        String sha = (String) admin.call("SCRIPT", "LOAD", script);
        long saleLua = 990_000_001L, saleLock = 990_000_002L;
        prepare(admin, saleLua);
        prepare(admin, saleLock);

        Result lua = run("lua", clients, seconds, saleLua, (r, sale, user) -> {
            List<String> call = new ArrayList<>(List.of("EVALSHA", sha, Integer.toString(keys(sale).size())));
            call.addAll(keys(sale));
            call.addAll(List.of(Long.toString(user), "1", UUID.randomUUID().toString(),
                    Long.toString(System.currentTimeMillis()), "", "flashsale-bench:lock-vs-lua", Long.toString(sale),
                    ""));
            Object reply = r.call(call.toArray(String[]::new));
            return "OK".equals(((List<?>) reply).getFirst()) ? 1 : 0;
        });
        List<Result> locks = new ArrayList<>();
        for (long retryMicros : retries) {
            prepare(admin, saleLock);
            Result lock = run("lock, retry " + retryMicros + " us", clients, seconds, saleLock, (r, sale, user) -> {
                // the lock-based reservation: four round trips under a lock
                List<String> k = keys(sale);
                String lockKey = "{pv:" + sale + "}:lock";
                String token = UUID.randomUUID().toString();
                int waits = 0;
                while (r.call("SET", lockKey, token, "NX", "EX", "5") == null) { // 1: take the lock
                    waits++;
                    if (retryMicros > 0) {
                        LockSupport.parkNanos(retryMicros * 1000);
                    }
                }
                try {
                    long now = System.currentTimeMillis();
                    List<Object> read = r.pipeline( // 2: read the sale and the buyer's count
                            new String[] {"HMGET", k.get(0), "enabled", "startsAt", "endsAt", "limit", "available",
                                    "holdSeconds", "unitPrice"},
                            new String[] {"HGET", k.get(1), Long.toString(user)});
                    List<?> sale1 = (List<?>) read.get(0);
                    long bought = read.get(1) == null ? 0 : Long.parseLong((String) read.get(1));
                    long available = Long.parseLong((String) sale1.get(4));
                    if (!"1".equals(sale1.get(0)) || now < Long.parseLong((String) sale1.get(1))
                            || now >= Long.parseLong((String) sale1.get(2))
                            || bought + 1 > Long.parseLong((String) sale1.get(3)) || available < 1) {
                        return -waits - 1;
                    }
                    long expiresAt = now + Long.parseLong((String) sale1.get(5)) * 1000;
                    r.pipeline( // 3: write
                            new String[] {"HSET", k.get(0), "available", Long.toString(available - 1)},
                            new String[] {"HSET", k.get(1), Long.toString(user), Long.toString(bought + 1)},
                            new String[] {"HSET", k.get(2), UUID.randomUUID().toString(),
                                    user + ":1:" + expiresAt + ":" + sale1.get(6) + ":" + sale1.get(5)});
                    return 1 + waits * 2L; // encoded: admitted, and how often the lock was busy
                } finally {
                    r.call("DEL", lockKey); // 4: release
                }
            }, retryMicros);
            long left = stockLeft(admin, saleLock);
            locks.add(lock.withConsistent(left == START_STOCK - lock.admittedTotal()));
        }
        boolean luaConsistent = stockLeft(admin, saleLua) == START_STOCK - lua.admittedTotal();
        Result best = locks.stream().max(java.util.Comparator.comparingDouble(Result::rate)).orElseThrow();
        for (long sale : new long[] {saleLua, saleLock}) {
            List<String> k = new ArrayList<>(keys(sale));
            k.addFirst("DEL");
            admin.call(k.toArray(String[]::new));
        }
        StringBuilder lockJson = new StringBuilder("[");
        for (Result r : locks) {
            lockJson.append(lockJson.length() > 1 ? "," : "").append(r.json());
        }
        lockJson.append(']');
        String json = String.format(Locale.ROOT,
                "{\"clients\":%d,\"seconds\":%s,\"lua\":%s,\"lock\":%s,\"lock_best\":%s,"
                        + "\"ratio_lua_over_lock_best\":%.2f}\n",
                clients, seconds, lua.withConsistent(luaConsistent).json(), lockJson, best.json(),
                lua.rate() / best.rate());
        Files.writeString(out, json);
        for (Result r : locks) {
            System.err.printf(Locale.ROOT, "  lua %,.0f/s vs %s %,.0f/s: %.1fx%n", lua.rate(), r.name(), r.rate(),
                    lua.rate() / r.rate());
        }
    }

    static final long START_STOCK = 1_000_000_000L;

    static List<String> keys(long sale) {
        String tag = "{pv:" + sale + "}";
        return List.of(tag + ":sale", tag + ":bought", tag + ":holds", tag + ":idem", tag + ":undone", tag + ":claimed",
                tag + ":unpaid", tag + ":cooling");
    }

    /** The live state sync.lua would write for a sale open now, with stock that can't run out. */
    static void prepare(Resp r, long sale) throws IOException {
        List<String> k = new ArrayList<>(keys(sale));
        k.addFirst("DEL");
        r.call(k.toArray(String[]::new));
        long now = System.currentTimeMillis();
        r.call("HSET", keys(sale).get(0), "version", "1", "stock", Long.toString(START_STOCK), "available",
                Long.toString(START_STOCK), "enabled", "1", "startsAt", Long.toString(now - 60_000), "endsAt",
                Long.toString(now + 3_600_000), "limit", "1", "holdSeconds", "600", "unitPrice", "499.50",
                "expireAt", Long.toString(now + 3_600_000));
    }

    static long stockLeft(Resp r, long sale) throws IOException {
        return Long.parseLong((String) r.call("HGET", keys(sale).get(0), "available"));
    }

    interface Reservation {
        /** >0 admitted (lock: 1 + 2 x busy retries), <=0 refused. */
        long reserve(Resp r, long sale, long user) throws IOException;
    }

    record Result(String name, long admitted, long admittedTotal, long lockBusy, double seconds,
            long[] latencyNanosSorted, long retryMicros, boolean consistent) {
        double rate() {
            return admitted / seconds;
        }

        Result withConsistent(boolean stockConsistent) {
            return new Result(name, admitted, admittedTotal, lockBusy, seconds, latencyNanosSorted, retryMicros,
                    stockConsistent);
        }

        String json() {
            long[] l = latencyNanosSorted;
            return String.format(Locale.ROOT,
                    "{\"name\":\"%s\",\"retry_micros\":%d,\"reserved\":%d,\"per_second\":%.1f,"
                            + "\"lock_busy_retries\":%d,\"stock_consistent\":%b,\"latency_ms\":{\"p50\":%.3f,"
                            + "\"p99\":%.3f,\"max\":%.3f}}",
                    name, retryMicros, admitted, rate(), lockBusy, consistent, OpenLoopPct.pct(l, 50) / 1e6, OpenLoopPct.pct(l, 99) / 1e6,
                    l.length == 0 ? 0 : l[l.length - 1] / 1e6);
        }
    }

    static final class OpenLoopPct {
        static long pct(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }
    }

    static Result run(String name, int clients, double seconds, long sale, Reservation reservation)
            throws Exception {
        return run(name, clients, seconds, sale, reservation, -1);
    }

    static Result run(String name, int clients, double seconds, long sale, Reservation reservation, long retryMicros)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong admitted = new AtomicLong(), busy = new AtomicLong(), users = new AtomicLong(1);
        List<long[]> latencies = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(clients), finished = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[][] mine = {new long[1 << 16]};
            int[] n = {0};
            Thread t = Thread.ofPlatform().start(() -> {
                try (Resp r = new Resp()) {
                    ready.countDown();
                    go.await();
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        long outcome = reservation.reserve(r, sale, users.getAndIncrement());
                        long t1 = System.nanoTime();
                        if (outcome > 0) {
                            admitted.incrementAndGet();
                            busy.addAndGet((outcome - 1) / 2);
                        }
                        if (n[0] == mine[0].length) {
                            mine[0] = Arrays.copyOf(mine[0], n[0] * 2);
                        }
                        mine[0][n[0]++] = t1 - t0;
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    synchronized (latencies) {
                        latencies.add(Arrays.copyOf(mine[0], n[0]));
                    }
                    finished.countDown();
                }
            });
            threads.add(t);
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        long end = start + (long) (seconds * 1e9);
        boolean tty = "true".equals(System.getenv("BENCH_TTY"));
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            if (tty) {
                System.err.printf(Locale.ROOT, "\r  %s: %,d reserved   ", name, admitted.get());
            }
        }
        stop.set(true);
        long countedAt = System.nanoTime();
        long count = admitted.get();
        finished.await();
        if (tty) {
            System.err.print("\r\033[K");
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(name, count, admitted.get(), busy.get(), (countedAt - start) / 1e9, all, retryMicros, true);
    }

    /** A minimal RESP2 client: one connection, blocking, commands as arrays of bulk strings. */
    static final class Resp implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Resp() throws IOException {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 16384);
            out = new BufferedOutputStream(socket.getOutputStream(), 16384);
            if (db != 0) {
                call("SELECT", Integer.toString(db));
            }
        }

        Object call(String... command) throws IOException {
            write(command);
            out.flush();
            return read();
        }

        List<Object> pipeline(String[]... commands) throws IOException {
            for (String[] c : commands) {
                write(c);
            }
            out.flush();
            List<Object> replies = new ArrayList<>();
            for (int i = 0; i < commands.length; i++) {
                replies.add(read());
            }
            return replies;
        }

        private void write(String[] command) throws IOException {
            out.write(("*" + command.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String part : command) {
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                out.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(b);
                out.write('\r');
                out.write('\n');
            }
        }

        private Object read() throws IOException {
            int type = in.read();
            String line = line();
            return switch (type) {
                case '+' -> line;
                case '-' -> throw new IOException("Redis error: " + line);
                case ':' -> Long.parseLong(line);
                case '$' -> {
                    int len = Integer.parseInt(line);
                    if (len < 0) {
                        yield null;
                    }
                    byte[] b = in.readNBytes(len + 2);
                    yield new String(b, 0, len, StandardCharsets.UTF_8);
                }
                case '*' -> {
                    int len = Integer.parseInt(line);
                    if (len < 0) {
                        yield null;
                    }
                    List<Object> items = new ArrayList<>(len);
                    for (int i = 0; i < len; i++) {
                        items.add(read());
                    }
                    yield items;
                }
                default -> throw new IOException("Unexpected RESP type " + type);
            };
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                s.append((char) c);
            }
            in.read(); // \n
            return s.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
