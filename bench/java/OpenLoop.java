import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop (constant arrival rate) load on the snap-up endpoint: request i is due at start + i / rate, whatever
 * happened to the ones before it, and its latency is measured from that intended time to the end of its answer. So
 * a server that stalls is charged for every request that should have gone out meanwhile (no coordinated omission).
 * Each request runs on its own virtual thread over a pool of keep-alive HTTP/1.1 connections; a connection is
 * opened whenever none is free, so the client never queues requests behind busy connections.
 *
 * <pre>
 * java OpenLoop.java HOST PORT TOKENS SALE_ID RATE SECONDS OUT.json
 * </pre>
 *
 * Prints a progress line a second on stderr; writes every figure (percentiles overall, per second, per status) to
 * OUT.json.
 */
public class OpenLoop {

    record Conn(Socket socket, InputStream in, OutputStream out) {
    }

    record Answer(int status, long bodyBytes, boolean close) {
    }

    static final ConcurrentLinkedDeque<Conn> POOL = new ConcurrentLinkedDeque<>();
    static final AtomicInteger OPENED = new AtomicInteger();
    static String host;
    static int port;

    public static void main(String[] args) throws Exception {
        host = args[0];
        port = Integer.parseInt(args[1]);
        List<String> tokens = Files.readAllLines(Path.of(args[2])).stream().filter(s -> !s.isBlank()).toList();
        long sale = Long.parseLong(args[3]);
        double rate = Double.parseDouble(args[4]);
        double seconds = Double.parseDouble(args[5]);
        Path out = Path.of(args[6]);

        int n = (int) Math.round(rate * seconds);
        byte[] body = ("{\"promotionVariantId\":" + sale + ",\"quantity\":1}").getBytes(StandardCharsets.US_ASCII);
        byte[][] requests = new byte[Math.min(n, tokens.size())][];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = ("POST /api/snap-up/checkouts HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nAuthorization: Bearer " + tokens.get(i) + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n" + new String(body, StandardCharsets.US_ASCII))
                    .getBytes(StandardCharsets.US_ASCII);
        }

        long[] latency = new long[n]; // intended send time -> answer read, ns
        long[] service = new long[n]; // actual send time -> answer read, ns
        int[] status = new int[n];
        long[] doneAt = new long[n];
        CountDownLatch done = new CountDownLatch(n);
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
                        System.err.printf(Locale.ROOT, "\r  open loop: %,d/%,d answered, %d connections   ", finished,
                                n, OPENED.get());
                    }
                }
            } catch (InterruptedException e) {
                // finished
            }
        });

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
            final byte[] request = requests[i % requests.length];
            Thread.ofVirtual().start(() -> {
                long sent = System.nanoTime();
                int code;
                try {
                    code = exchange(request).status();
                } catch (IOException e) {
                    code = -1;
                }
                long end = System.nanoTime();
                latency[k] = end - intended;
                service[k] = end - sent;
                status[k] = code;
                doneAt[k] = end;
                done.countDown();
            });
        }
        boolean finished = done.await(60, TimeUnit.SECONDS);
        progress.interrupt();
        if (tty) {
            System.err.println();
        }
        long endNanos = System.nanoTime();

        // overall and per-second figures
        long[] sorted = latency.clone();
        long[] sortedService = service.clone();
        Arrays.sort(sorted);
        Arrays.sort(sortedService);
        Map<Integer, Integer> byStatus = new TreeMap<>();
        for (int s : status) {
            byStatus.merge(s, 1, Integer::sum);
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
            long secStart = startNanos + TimeUnit.SECONDS.toNanos(sec);
            for (long t : doneAt) {
                if (t >= secStart && t < secStart + 1_000_000_000L) {
                    answered++;
                }
            }
            perSecond.add(new long[] {sec, to - from, answered, pct(slice, 50), pct(slice, 99), slice[slice.length - 1]});
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
                .append(",\"connections_opened\":").append(OPENED.get())
                .append(",\"sends_late_over_1ms\":").append(late)
                .append(",\"max_send_lag_ms\":").append(ms(maxLateNanos))
                .append(",\"latency_ms\":{\"p50\":").append(ms(pct(sorted, 50)))
                .append(",\"p90\":").append(ms(pct(sorted, 90)))
                .append(",\"p99\":").append(ms(pct(sorted, 99)))
                .append(",\"p999\":").append(ms(pct(sorted, 99.9)))
                .append(",\"max\":").append(ms(sorted[n - 1]))
                .append("},\"service_time_ms\":{\"p50\":").append(ms(pct(sortedService, 50)))
                .append(",\"p99\":").append(ms(pct(sortedService, 99)))
                .append(",\"max\":").append(ms(sortedService[n - 1]))
                .append("},\"by_status\":{");
        String sep = "";
        for (var e : byStatus.entrySet()) {
            json.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
            sep = ",";
        }
        json.append("},\"per_second\":[");
        sep = "";
        for (long[] s : perSecond) {
            json.append(sep).append(String.format(Locale.ROOT,
                    "{\"second\":%d,\"sent\":%d,\"answered\":%d,\"p50_ms\":%s,\"p99_ms\":%s,\"max_ms\":%s}",
                    s[0], s[1], s[2], ms(s[3]), ms(s[4]), ms(s[5])));
            sep = ",";
        }
        json.append("]}\n");
        Files.writeString(out, json);
        for (Conn c : POOL) {
            c.socket().close();
        }
        System.exit(0);
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /** One request over a pooled connection; a connection that failed is dropped, and the request tried once more. */
    static Answer exchange(byte[] request) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Conn c = POOL.pollFirst();
            boolean fresh = c == null;
            if (fresh) {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), 5000);
                s.setSoTimeout(30_000);
                c = new Conn(s, new BufferedInputStream(s.getInputStream(), 8192), s.getOutputStream());
                OPENED.incrementAndGet();
            }
            try {
                c.out().write(request);
                c.out().flush();
                Answer a = read(c.in());
                if (a.close()) {
                    c.socket().close(); // the server ends the connection (Tomcat: after 100 requests on it)
                } else {
                    POOL.offerFirst(c);
                }
                return a;
            } catch (IOException e) {
                c.socket().close();
                if (fresh || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String h;
        while (!(h = line(in)).isEmpty()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        long bytes = 0;
        if (chunked) {
            while (true) {
                String size = line(in);
                int semi = size.indexOf(';');
                long chunk = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (chunk == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                skip(in, chunk);
                bytes += chunk;
                line(in);
            }
        } else if (length > 0) {
            skip(in, length);
            bytes = length;
        }
        return new Answer(status, bytes, close);
    }

    static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed");
                }
                k = 1;
            }
            n -= k;
        }
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.size();
                byte[] bytes = b.toByteArray();
                return new String(bytes, 0, len > 0 && bytes[len - 1] == '\r' ? len - 1 : len,
                        StandardCharsets.US_ASCII);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
    }
}
