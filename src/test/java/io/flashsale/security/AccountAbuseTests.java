package io.flashsale.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.flashsale.identity.Accounts;
import io.flashsale.shared.DomainException;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Sign-in and sign-up under abuse, with the throttles the test profile turns off turned on (every test client
 * shares the address 127.0.0.1, so the tests that spend its buckets run last, in order; a test that stands for
 * other clients sends {@code X-Forwarded-For}, trusted from 127.0.0.1 as from a load balancer). The password
 * encoder is a spy: what it is asked to do is the proof of the BCrypt work each request causes.
 */
@FlashsaleTest
@TestPropertySource(properties = {
        "server.tomcat.remoteip.internal-proxies=127.0.0.1/32,::1/128",
        "flashsale.identity.login-failures-per-account-and-address=5/1h",
        "flashsale.identity.login-failures-per-account=8/1h",
        "flashsale.identity.logins-per-address=30/1m",
        "flashsale.identity.registrations-per-address=3/1h",
        "flashsale.identity.hashing-concurrency=1",
        "flashsale.identity.hashing-wait=200ms"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountAbuseTests {

    private static final String PASSWORD = "correct-horse-battery";
    private static final Duration FLOOD = Duration.ofSeconds(8);

    @Autowired
    TestApi api;

    @Autowired
    Accounts accounts;

    @MockitoSpyBean
    PasswordEncoder encoder;

    @Test
    @Order(1)
    void aWrongPasswordAndAnUnknownEmailEachCostOneBcryptComparison() {
        String email = newAccount();
        clearInvocations(encoder);

        login(email, "wrong-horse-battery").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("BAD_CREDENTIALS");
        verify(encoder, times(1)).matches(anyString(), anyString());

        login(unknownEmail(), "wrong-horse-battery").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("BAD_CREDENTIALS");
        verify(encoder, times(2)).matches(anyString(), anyString());
    }

    @Test
    @Order(1)
    void aTakenEmailCostsTheSameHashAsANewOneAndIsStillAnsweredEmailTaken() {
        String email = newAccount();
        clearInvocations(encoder);

        assertThatThrownBy(() -> accounts.register("Eve", email, "another-horse-battery"))
                .isInstanceOf(DomainException.class).extracting("code").isEqualTo("EMAIL_TAKEN");
        verify(encoder, times(1)).encode(anyString());
        accounts.register("Eve", unknownEmail(), "another-horse-battery");
        verify(encoder, times(2)).encode(anyString());
    }

    @Test
    @Order(2)
    void throttlesFailedSignInsPerAccountFromOneAddressEvenForTheRightPassword() {
        String email = newAccount();
        for (int i = 0; i < 5; i++) {
            login(email, "wrong-horse-" + i).expectStatus().isUnauthorized();
        }
        expectRateLimited(login(email, "wrong-horse-5"));
        expectRateLimited(login(email, PASSWORD)); // no more guesses, right or wrong, until the bucket refills
    }

    @Test
    @Order(2)
    void aStrangerFailingOnPurposeDoesNotLockTheOwnerOut() {
        String email = newAccount();
        for (int i = 0; i < 5; i++) {
            login(email, "wrong-horse-" + i, "198.51.100.66").expectStatus().isUnauthorized();
        }
        expectRateLimited(login(email, "wrong-horse-5", "198.51.100.66"));
        expectRateLimited(login(email, PASSWORD, "198.51.100.66")); // the stranger's own budget is spent

        login(email, PASSWORD, "203.0.113.5").expectStatus().isOk(); // the owner, from elsewhere
    }

    @Test
    @Order(2)
    void theAddressesOfOneIpv6Slash64ShareOneBudget() {
        String email = newAccount();
        for (int i = 1; i <= 5; i++) {
            login(email, "wrong-horse-" + i, "2001:db8:66::" + i).expectStatus().isUnauthorized();
        }
        expectRateLimited(login(email, PASSWORD, "2001:db8:66::99"));
        login(email, PASSWORD, "2001:db8:67::1").expectStatus().isOk(); // another /64
    }

    @Test
    @Order(2)
    void capsFailedSignInsForOneAccountFromEveryAddressTogether() {
        String email = newAccount();
        for (int i = 0; i < 8; i++) { // one failure each from eight addresses, none near its own budget
            login(email, "wrong-horse-" + i, "192.0.2." + (10 + i)).expectStatus().isUnauthorized();
        }
        expectRateLimited(login(email, "wrong-horse-8", "192.0.2.30"));
        expectRateLimited(login(email, PASSWORD, "192.0.2.31")); // the backstop holds even for the right password
    }

    @Test
    @Order(2)
    void aSuccessfulSignInDoesNotCountAgainstTheAccount() {
        String email = newAccount();
        for (int i = 0; i < 4; i++) {
            login(email, "wrong-horse-" + i).expectStatus().isUnauthorized();
        }
        login(email, PASSWORD).expectStatus().isOk();
        login(email, PASSWORD).expectStatus().isOk();
        login(email, "wrong-horse-4").expectStatus().isUnauthorized(); // the fifth failure, still answered
        expectRateLimited(login(email, PASSWORD));
    }

    @Test
    @Order(3)
    void refusesAtOnceWhatFindsEveryHashingSlotTaken() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        doAnswer(call -> {
            if ("hold-the-only-slot".equals(call.getArgument(0))) {
                holding.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            return call.callRealMethod();
        }).when(encoder).matches(any(), any());
        CompletableFuture<Void> holder = CompletableFuture.runAsync(
                () -> login(unknownEmail(), "hold-the-only-slot").expectStatus().isUnauthorized());
        try {
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            login(unknownEmail(), "wrong-horse-battery").expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                    .expectBody().jsonPath("$.code").isEqualTo("UNAVAILABLE");
        } finally {
            release.countDown();
        }
        holder.get(10, TimeUnit.SECONDS);
    }

    @Test
    @Order(4)
    void throttlesSignInsPerAddress() {
        // 30 a minute from one address, and the tests before spent some. Unknown e-mails: no account limit applies.
        EntityExchangeResult<String> refused = null;
        int answered = 0;
        while (refused == null && answered <= 40) {
            EntityExchangeResult<String> result = login(unknownEmail(), "wrong-horse-battery")
                    .returnResult(String.class);
            if (result.getStatus().value() == 429) {
                refused = result;
            } else {
                answered++;
            }
        }
        assertThat(answered).as("sign-ins answered before the address was throttled").isLessThanOrEqualTo(32);
        assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9][0-9]*");
        assertThat(refused.getResponseBody()).contains("\"code\":\"RATE_LIMITED\"");
    }

    @Test
    @Order(4)
    void throttlesSignUpsPerAddress() {
        for (int i = 0; i < 3; i++) {
            register(unknownEmail()).expectStatus().isCreated();
        }
        expectRateLimited(register(unknownEmail()));
    }

    @Test
    @Order(5)
    void aSignInFloodFromOneAddressLeavesPublicReadsAnswering() throws Exception {
        api.createSale(TestApi.saleRequest(100));
        clearInvocations(encoder);
        // 16 clients, each trying a password every 150 ms: about 100 sign-ins a second, four times the rate that
        // took a public read's median from 15 ms to 5.5 s before sign-ins were throttled and hashing bounded.
        Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        long floodEnds = System.nanoTime() + FLOOD.toNanos();
        ExecutorService flooders = Executors.newFixedThreadPool(16);
        List<Long> readMillis = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                flooders.submit(() -> {
                    while (System.nanoTime() < floodEnds) {
                        long next = System.nanoTime() + Duration.ofMillis(150).toNanos();
                        int status = login(unknownEmail(), "wrong-horse-battery")
                                .returnResult(String.class).getStatus().value();
                        answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                    }
                    return null;
                });
            }
            Thread.sleep(1000); // the flood is on
            while (System.nanoTime() < floodEnds - Duration.ofMillis(500).toNanos()) {
                long started = System.nanoTime();
                api.client().get().uri("/api/promotion-variants").exchange().expectStatus().isOk();
                readMillis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
                Thread.sleep(100);
            }
        } finally {
            flooders.shutdown();
            assertThat(flooders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        long comparisons = mockingDetails(encoder).getInvocations().stream()
                .filter(call -> call.getMethod().getName().equals("matches")).count();

        List<Long> sorted = readMillis.stream().sorted().toList();
        assertThat(sorted).hasSizeGreaterThan(5);
        assertThat(sorted.get(sorted.size() / 2)).as("median public read (ms) during the flood: %s; answers %s",
                sorted, answers).isLessThan(1000);
        assertThat(answers).as("answers to the flood").containsKey(429);
        assertThat(comparisons).as("BCrypt comparisons during the flood; answers %s", answers)
                .isLessThanOrEqualTo(30 + FLOOD.toSeconds());
    }

    private String newAccount() {
        String email = unknownEmail();
        accounts.register("Ada", email, PASSWORD);
        return email;
    }

    private static String unknownEmail() {
        return "abuse-" + UUID.randomUUID() + "@flashsale.test";
    }

    private static void expectRateLimited(RestTestClient.ResponseSpec response) {
        response.expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody().jsonPath("$.code").isEqualTo("RATE_LIMITED");
    }

    private RestTestClient.ResponseSpec login(String email, String password) {
        return api.client().post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", email, "password", password)).exchange();
    }

    /** A sign-in from this client address, as the trusted proxy forwards it. */
    private RestTestClient.ResponseSpec login(String email, String password, String address) {
        return api.client().post().uri("/api/auth/token").header("X-Forwarded-For", address)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", email, "password", password)).exchange();
    }

    private RestTestClient.ResponseSpec register(String email) {
        return api.client().post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Ada", "email", email, "password", PASSWORD)).exchange();
    }
}
