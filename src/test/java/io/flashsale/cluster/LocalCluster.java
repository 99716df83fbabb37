package io.flashsale.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;

/**
 * The cluster that {@code bin/cluster up} runs on this machine, as the cluster tests reach it: nginx, each app
 * instance directly, the Redis Cluster, the cluster's database; and tokens signed with the cluster's key.
 */
final class LocalCluster implements AutoCloseable {

    static final String BALANCER = "http://127.0.0.1:38080";
    static final String A = "http://127.0.0.1:38081";
    static final String B = "http://127.0.0.1:38082";
    private static final Path STATE = Path.of(System.getenv().getOrDefault("FLASHSALE_CLUSTER_DIR",
            "/tmp/flashsale-cluster"));
    private static final AtomicLong NEXT_USER =
            new AtomicLong(2_000_000_000L + Instant.now().getEpochSecond() % 100_000 * 10_000);

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final RSAKey key;
    private final RedisClusterClient redisClient;
    private final StatefulRedisClusterConnection<String, String> redisConnection;

    LocalCluster() throws Exception {
        assertThat(STATE.resolve("jwt-signing-key.pem")).as("the local cluster (run bin/cluster up first)").exists();
        this.key = loadKey(Files.readString(STATE.resolve("jwt-signing-key.pem")));
        this.redisClient = RedisClusterClient.create(List.of(RedisURI.create("127.0.0.1", 37001),
                RedisURI.create("127.0.0.1", 37002), RedisURI.create("127.0.0.1", 37003)));
        this.redisConnection = redisClient.connect();
    }

    RedisAdvancedClusterCommands<String, String> redis() {
        return redisConnection.sync();
    }

    /** The state key of each bucket of a sale's live stock ({@code {pv:ID}:sale}, {@code {pv:ID:B...}:sale}). */
    List<String> bucketStates(long sale) {
        return redis().keys("{pv:" + sale + "[:}]*:sale").stream().sorted().toList();
    }

    /** The port of the Redis master that serves a key's slot. */
    int masterPort(String key) {
        return redisConnection.getPartitions().getPartitionBySlot(SlotHash.getSlot(key)).getUri().getPort();
    }

    Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://localhost:3306/flashsale_cluster", "flashsale", "flashsale");
    }

    long newUser() {
        return NEXT_USER.incrementAndGet();
    }

    String buyerToken(long user) throws Exception {
        return token(user, List.of("USER"));
    }

    String operatorToken() throws Exception {
        return token(newUser(), List.of("USER", "OPERATOR"));
    }

    private String token(long user, List<String> roles) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(Long.toString(user)).issuer("flashsale")
                .audience("flashsale").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3_600)))
                .claim("roles", roles).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** Creates a sale through the balancer, open now, and returns its id. */
    long createSale(int stock, int limit) throws Exception {
        return createSale(stock, limit, 1);
    }

    /** A sale live now, its stock split over {@code buckets} (stockBuckets). */
    long createSale(int stock, int limit, int buckets) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String body = """
                {"variantId": 42, "name": "Cluster phone", "description": "A phone", "imageUrl": "/images/nova.png",
                 "price": "1000.00", "discountRate": 0.8, "stock": %d, "quantityLimit": %d, "holdSeconds": 600,
                 "startsAt": "%s", "endsAt": "%s", "enabled": true, "stockBuckets": %d}""".formatted(stock, limit,
                now.minusSeconds(60), now.plus(1, ChronoUnit.DAYS), buckets);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(BALANCER
                        + "/api/admin/promotion-variants")).header("Authorization", "Bearer " + operatorToken())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(created.body());
        assertThat(id.find()).isTrue();
        return Long.parseLong(id.group(1));
    }

    /**
     * A snap-up of one unit at {@code instance} from client address {@code address} (forwarded: the cluster trusts
     * 127.0.0.1 as its proxy); returns the status.
     */
    int snapUp(String instance, String token, long saleId, String address) throws IOException, InterruptedException {
        return http.send(snapUpRequest(instance, token, saleId, address), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    HttpRequest snapUpRequest(String instance, String token, long saleId, String address) {
        return HttpRequest.newBuilder(URI.create(instance + "/api/snap-up/checkouts"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("X-Forwarded-For", address).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString("{\"promotionVariantId\":" + saleId + "}")).build();
    }

    /** A counter of one instance's metrics (summed over its tags), e.g. {@code flashsale_checkouts_written_total}. */
    double metric(String instance, String name) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(instance + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + operatorToken()).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        double sum = 0;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The cluster's signing key as the app reads it (its thumbprint is the {@code kid}). */
    private static RSAKey loadKey(String pem) throws Exception {
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
        RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(),
                privateKey.getPublicExponent()));
        RSAKey jwk = new RSAKey.Builder(publicKey).privateKey(privateKey).build();
        return new RSAKey.Builder(jwk).keyID(jwk.computeThumbprint().toString()).build();
    }

    @Override
    public void close() {
        redisConnection.close();
        redisClient.shutdown();
    }
}
