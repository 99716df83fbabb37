package io.flashsale.e2e;

import static io.flashsale.e2e.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The flash sale as people live it, in real browsers against the whole running service: an operator puts a sale on
 * through the console, buyers race for it on the sale page and hear the outcome over the WebSocket, and a hold
 * nobody completes gives its stock back; an operator puts on a campaign of two variants and two buyers each buy a
 * different one. Screenshots of each step are kept in target/e2e-screenshots.
 */
@FlashsaleTest
class E2eBrowserTests {

    private static final String OPERATOR_EMAIL = "ops@flashsale.test";
    private static final String OPERATOR_PASSWORD = "ops-password-1";
    private static final String BUYER_PASSWORD = "buyer-password-1";
    private static final String TOKEN_KEY = "flashsale.token";
    private static final int MIN_HOLD_SECONDS = 10;
    /** A pushed update arrives well inside the hold; a watcher left to poll would only ask after the hold ran out. */
    private static final Duration PUSH_PATIENCE = Duration.ofSeconds(8);
    /** The hold, the delayed expiry message behind it, and room for a busy machine. */
    private static final Duration EXPIRY_PATIENCE = Duration.ofSeconds(25);
    private static final Pattern DASHBOARD_PATH = Pattern.compile("/console/(\\d+)$");
    private static final Pattern CAMPAIGN_PATH = Pattern.compile("/console/campaigns/(\\d+)$");
    private static final Pattern CHECKOUT_QUERY = Pattern.compile("[?&]checkout=([0-9a-fA-F-]{36})");

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @Autowired
    TestApi api;

    @Test
    void sellsTheLastUnitOfAConsoleCreatedSaleToExactlyOneOfTwoRacingBuyersWhoThenPays() throws Exception {
        // 1. An operator signs in and creates a sale through the console form; buyers see it in the sale list.
        Browser operator = browsers.start("operator", api.baseUrl());
        operator.open("/console/new");
        operator.waitUntil(urlContains("/sign-in"));
        operator.signIn(OPERATOR_EMAIL, OPERATOR_PASSWORD);
        operator.waitUntil(urlContains("/console/new"));

        String saleName = "Nova phone, last one " + UUID.randomUUID().toString().substring(0, 8);
        operator.type("field-name", saleName);
        operator.type("field-variantId", "4242");
        operator.type("field-description", "The very last phone of the batch");
        operator.type("field-price", "1000.00");
        operator.type("field-discountRate", "0.8");
        operator.type("field-stock", "1");
        operator.retype("field-quantityLimit", "1");
        operator.retype("field-holdSeconds", String.valueOf(MIN_HOLD_SECONDS));
        Instant beforeStart = Instant.now().minusSeconds(1);
        operator.setLocalDateTime("field-startsAt", Duration.ZERO);
        operator.setLocalDateTime("field-endsAt", Duration.ofDays(1));
        assertThat(operator.visible("field-enabled").isSelected()).isTrue();
        operator.screenshot("01-operator-fills-in-new-sale");
        operator.click("save-button");

        operator.waitUntil(urlMatches(DASHBOARD_PATH.pattern()));
        Matcher dashboard = DASHBOARD_PATH.matcher(operator.currentPath());
        assertThat(dashboard.find()).isTrue();
        long saleId = Long.parseLong(dashboard.group(1));
        operator.waitUntil(textToBe(testId("stat-stock"), "1"));
        operator.waitUntil(textToBe(testId("stat-available"), "1"));
        operator.screenshot("02-operator-sees-sale-created");

        Map<String, Object> created = adminSale(saleId);
        assertThat(created).containsEntry("name", saleName).containsEntry("stock", 1)
                .containsEntry("quantityLimit", 1).containsEntry("holdSeconds", MIN_HOLD_SECONDS)
                .containsEntry("enabled", true).containsEntry("salePrice", "800.00");
        assertThat(Instant.parse((String) created.get("startsAt"))).isBetween(beforeStart, Instant.now());

        String emailA = register("Ada");
        String emailB = register("Bea");
        Browser buyerA = browsers.start("buyer-a", api.baseUrl());
        Browser buyerB = browsers.start("buyer-b", api.baseUrl());
        for (Browser buyer : List.of(buyerA, buyerB)) {
            buyer.open("/sign-in");
            buyer.signIn(buyer == buyerA ? emailA : emailB, BUYER_PASSWORD);
            buyer.waitUntil(urlMatches("/$"));
            By card = By.cssSelector("[data-testid='sale-card'][data-promotion-variant-id='" + saleId + "']");
            assertThat(buyer.visible(card).getText()).contains(saleName).contains("1 available");
        }
        buyerA.screenshot("03-buyer-sees-sale-in-list");

        // 2. Both buyers on the sale page press "Snap up" at once: one holds the last unit, the other hears it's gone.
        for (Browser buyer : List.of(buyerA, buyerB)) {
            buyer.visible(By.cssSelector("[data-promotion-variant-id='" + saleId + "'] a")).click();
            buyer.waitUntil(urlContains("/sales/" + saleId));
            buyer.waitUntil(attributeToBe(testId("sale-phase"), "data-phase", "live"));
            buyer.waitUntil(textToBe(testId("stock-available"), "1 left"));
            buyer.waitUntil(textToBe(testId("snap-up-button"), "Snap up"));
            buyer.awaitLiveUpdates();
            buyer.screenshot("04-" + buyer.name() + "-ready-to-snap-up");
        }

        Instant pressed = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        pressAtTheSameTime(buyerA, buyerB);

        String outcomeA = buyerA.awaitSnapUpState(PUSH_PATIENCE, "checkout", "sold-out");
        String outcomeB = buyerB.awaitSnapUpState(PUSH_PATIENCE, "checkout", "sold-out");
        assertThat(List.of(outcomeA, outcomeB)).as("what the two buyers' pages show")
                .containsExactlyInAnyOrder("checkout", "sold-out");
        Browser winner = outcomeA.equals("checkout") ? buyerA : buyerB;
        Browser loser = winner == buyerA ? buyerB : buyerA;

        String checkoutId = checkoutIdIn(winner);
        assertThat(winner.visible("checkout-panel").getText()).contains(saleName);
        WebElement holdLeft = winner.visible(By.cssSelector("[data-testid='hold-countdown'] time"));
        assertThat(holdLeft.getText()).matches("00:\\d\\d");
        assertThat(Instant.parse(holdLeft.getDomAttribute("datetime"))).as("end of the hold the page counts down to")
                .isBetween(pressed.plusSeconds(MIN_HOLD_SECONDS), Instant.now().plusSeconds(MIN_HOLD_SECONDS + 1)); // whole seconds, rounded up
        assertThat(winner.receivedFrames()).as("STOMP frames the winner's page received")
                .anySatisfy(frame -> assertThat(frame).contains("\"OrderChecked\"").contains(checkoutId));
        winner.waitUntil(textToBe(testId("stock-available"), "None left"));
        winner.screenshot("05-winner-holds-checkout");

        assertThat(loser.isShown("checkout-panel")).isFalse();
        assertThat(loser.text("stock-available")).isEqualTo("None left");
        assertThat(loser.receivedFrames()).noneSatisfy(frame -> assertThat(frame).contains("OrderChecked"));
        loser.screenshot("06-loser-sees-sold-out");

        // 3. The winner confirms an address, then pays; the sale counts one sold.
        winner.type("address-input", "1 Market Street, Springfield");
        winner.click("confirm-button");
        winner.awaitSnapUpState(PUSH_PATIENCE, "confirmed");
        winner.visible("payment-countdown");
        winner.screenshot("07-winner-confirmed-address");
        winner.click("pay-button");
        winner.awaitSnapUpState(PUSH_PATIENCE, "paid");
        assertThat(winner.text("checkout-panel")).contains("Order " + checkoutId + " is paid");
        winner.screenshot("08-winner-paid");
        assertThat(loser.snapUpState()).isEqualTo("sold-out");

        String winnerToken = winner.localStorage(TOKEN_KEY);
        assertThat(checkout(checkoutId, winnerToken)).containsEntry("status", "PAID")
                .containsEntry("promotionVariantId", (int) saleId).containsEntry("quantity", 1)
                .containsEntry("unitPrice", "800.00");
        Map<String, Object> stats = statsOnceThey(saleId, s -> Integer.valueOf(1).equals(s.get("sold")));
        assertThat(stats).containsEntry("stock", 1).containsEntry("sold", 1).containsEntry("reserved", 0)
                .containsEntry("available", 0);

        operator.waitUntil(textToBe(testId("stat-sold"), "1"));
        operator.waitUntil(textToBe(testId("stat-available"), "0"));
        operator.screenshot("09-operator-sees-one-sold");
    }

    @Test
    void givesTheStockBackWhenABuyerAbandonsTheCheckoutAndTheHoldRunsOut() {
        Map<String, Object> request = TestApi.saleRequest(5);
        request.put("name", "Aurora earbuds");
        request.put("holdSeconds", MIN_HOLD_SECONDS);
        request.put("description", "Wireless earbuds");
        request.put("imageUrl", null);
        long saleId = api.createSale(request);

        Browser buyer = browsers.start("buyer-c", api.baseUrl());
        buyer.open("/sign-in");
        buyer.signIn(register("Cy"), BUYER_PASSWORD);
        buyer.open("/sales/" + saleId);
        buyer.waitUntil(textToBe(testId("stock-available"), "5 left"));
        buyer.waitUntil(textToBe(testId("snap-up-button"), "Snap up"));
        buyer.awaitLiveUpdates();

        Instant pressed = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        buyer.click("snap-up-button");
        buyer.awaitSnapUpState(PUSH_PATIENCE, "checkout");
        String checkoutId = checkoutIdIn(buyer);
        Instant holdEnds = Instant.parse(
                buyer.visible(By.cssSelector("[data-testid='hold-countdown'] time")).getDomAttribute("datetime"));
        assertThat(holdEnds).as("end of the hold the page counts down to")
                .isBetween(pressed.plusSeconds(MIN_HOLD_SECONDS), Instant.now().plusSeconds(MIN_HOLD_SECONDS + 1)); // whole seconds, rounded up
        buyer.waitUntil(textToBe(testId("stock-available"), "4 left"));
        assertThat(publicSale(saleId)).containsEntry("available", 4);
        buyer.screenshot("10-third-buyer-holds-checkout");

        // The buyer walks away: no address, no cancel. Only the delayed expiry message can end the hold here (the
        // test profile's sweep runs hourly), and the page hears of it.
        buyer.awaitSnapUpState(EXPIRY_PATIENCE, "expired");
        assertThat(buyer.isShown("checkout-panel")).isFalse();
        assertThat(buyer.receivedFrames()).as("STOMP frames the buyer's page received")
                .anySatisfy(frame -> assertThat(frame).contains("\"CheckoutExpired\"").contains(checkoutId));
        buyer.waitUntil(textToBe(testId("stock-available"), "5 left"));
        buyer.waitUntil(textToBe(testId("snap-up-button"), "Try again"));
        buyer.screenshot("11-hold-expired-stock-back");

        assertThat(checkout(checkoutId, buyer.localStorage(TOKEN_KEY))).containsEntry("status", "EXPIRED");
        assertThat(publicSale(saleId)).containsEntry("available", 5);
        assertThat(statsOnceThey(saleId, s -> Integer.valueOf(0).equals(s.get("reserved"))))
                .containsEntry("stock", 5).containsEntry("available", 5).containsEntry("reserved", 0)
                .containsEntry("sold", 0);
    }

    @Test
    void anOperatorCreatesACampaignOfTwoVariantsAndTwoBuyersEachBuyADifferentOne() {
        // 1. The operator creates a campaign of two variants through the console.
        Browser operator = browsers.start("operator", api.baseUrl());
        operator.open("/console/campaigns/new");
        operator.waitUntil(urlContains("/sign-in"));
        operator.signIn(OPERATOR_EMAIL, OPERATOR_PASSWORD);
        operator.waitUntil(urlContains("/console/campaigns/new"));

        String campaignName = "Aurora X1 " + UUID.randomUUID().toString().substring(0, 8);
        operator.type("campaign-name", campaignName);
        operator.type("campaign-productId", "1001");
        operator.type("campaign-currency", "EUR");
        operator.setLocalDateTime("campaign-startsAt", Duration.ZERO);
        operator.setLocalDateTime("campaign-endsAt", Duration.ofDays(1));
        operator.click("add-variant-row");
        String[][] variants = {{"Blue, 128 GB", "11", "1000.00", "0.8"}, {"Red, 256 GB", "12", "799.00", "0.9"}};
        for (int i = 0; i < variants.length; i++) {
            operator.type("variant-" + i + "-name", variants[i][0]);
            operator.type("variant-" + i + "-variantId", variants[i][1]);
            operator.type("variant-" + i + "-price", variants[i][2]);
            operator.type("variant-" + i + "-discountRate", variants[i][3]);
            operator.type("variant-" + i + "-stock", "2");
            operator.retype("variant-" + i + "-quantityLimit", "1");
            operator.retype("variant-" + i + "-holdSeconds", "60");
        }
        operator.screenshot("20-operator-fills-in-campaign");
        operator.click("save-campaign");

        operator.waitUntil(urlMatches(CAMPAIGN_PATH.pattern()));
        Matcher path = CAMPAIGN_PATH.matcher(operator.currentPath());
        assertThat(path.find()).isTrue();
        long campaignId = Long.parseLong(path.group(1));
        operator.waitUntil(d -> d.findElements(testId("campaign-variant-row")).size() == 2);
        assertThat(operator.visible("campaign-audit").getText()).contains("promotion created")
                .contains("promotion variant created");
        operator.screenshot("21-operator-sees-campaign");

        Map<String, Object> campaign = adminCampaign(campaignId);
        assertThat(campaign).containsEntry("name", campaignName).containsEntry("currency", "EUR")
                .containsEntry("productId", 1001);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> created = (List<Map<String, Object>>) campaign.get("variants");
        assertThat(created).extracting(v -> v.get("name")).containsExactly("Blue, 128 GB", "Red, 256 GB");
        assertThat(created).extracting(v -> v.get("salePrice")).containsExactly("800.00", "719.10");
        long blue = ((Number) created.get(0).get("id")).longValue();
        long red = ((Number) created.get(1).get("id")).longValue();

        // 2. Two buyers open the campaign's page; one keeps blue, the other picks red in the variant picker.
        Browser buyerA = browsers.start("buyer-a", api.baseUrl());
        Browser buyerB = browsers.start("buyer-b", api.baseUrl());
        Map<Browser, Long> picks = Map.of(buyerA, blue, buyerB, red);
        for (Browser buyer : List.of(buyerA, buyerB)) {
            buyer.open("/sign-in");
            buyer.signIn(register(buyer == buyerA ? "Ada" : "Bea"), BUYER_PASSWORD);
            buyer.waitUntil(urlMatches("/$"));
            buyer.open("/sales/" + blue);
            buyer.waitUntil(attributeToBe(testId("sale-phase"), "data-phase", "live"));
            By redOption = By.cssSelector("[data-testid='variant-option'][data-promotion-variant-id='" + red + "']");
            assertThat(buyer.visible(redOption).getText()).contains("Red, 256 GB").contains("719.10")
                    .contains("2 left");
            if (picks.get(buyer) == red) {
                buyer.visible(redOption).click();
                buyer.waitUntil(urlContains("/sales/" + red));
            }
            buyer.waitUntil(textToBe(testId("sale-name"), campaignName + " · "
                    + (picks.get(buyer) == blue ? "Blue, 128 GB" : "Red, 256 GB")));
            buyer.waitUntil(textToBe(testId("stock-available"), "2 left"));
            buyer.waitUntil(textToBe(testId("snap-up-button"), "Snap up"));
            buyer.awaitLiveUpdates();
        }
        buyerB.screenshot("22-buyer-picks-red");

        // 3. Each snaps up, confirms and pays for their own variant; each variant sells one.
        for (Browser buyer : List.of(buyerA, buyerB)) {
            buyer.click("snap-up-button");
            buyer.awaitSnapUpState(PUSH_PATIENCE, "checkout");
            buyer.type("address-input", "1 Market Street, Springfield");
            buyer.click("confirm-button");
            buyer.awaitSnapUpState(PUSH_PATIENCE, "confirmed");
            buyer.click("pay-button");
            buyer.awaitSnapUpState(PUSH_PATIENCE, "paid");
            String checkoutId = checkoutIdIn(buyer);
            assertThat(checkout(checkoutId, buyer.localStorage(TOKEN_KEY))).containsEntry("status", "PAID")
                    .containsEntry("promotionVariantId", picks.get(buyer).intValue())
                    .containsEntry("unitPrice", picks.get(buyer) == blue ? "800.00" : "719.10");
        }
        buyerA.screenshot("23-buyer-a-paid-blue");
        // the other variant's stock moved on buyer A's picker too, pushed over its own topic
        buyerA.waitUntil(textToBe(By.cssSelector("[data-testid='variant-option'][data-promotion-variant-id='" + red
                + "'] [data-testid='variant-option-available']"), "1 left"));

        for (long variant : List.of(blue, red)) {
            assertThat(statsOnceThey(variant, s -> Integer.valueOf(1).equals(s.get("sold"))))
                    .containsEntry("stock", 2).containsEntry("sold", 1).containsEntry("reserved", 0);
        }
    }

    private Map<String, Object> adminCampaign(long campaignId) {
        return api.client().get().uri("/api/admin/promotions/{id}", campaignId)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .exchange().expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();
    }

    @Test
    void aBuyerWaitsInTheWaitingRoomAndSnapsUpWithThePassWhenTheirTurnComes() {
        Map<String, Object> request = TestApi.saleRequest(5);
        request.put("name", "Halo watch");
        request.put("imageUrl", null);
        long saleId = api.createSale(request);
        api.client().put().uri("/api/admin/promotion-variants/{id}/waiting-room", saleId)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("enabled", true, "opensBeforeSeconds", 60, "ratePerSecond", 1))
                .exchange().expectStatus().isOk();
        for (int i = 0; i < 120; i++) { // 120 buyers are in line first: at one a second, two minutes of waiting
            api.client().post().uri("/api/waiting-rooms/{id}", saleId)
                    .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.buyerToken()))
                    .exchange().expectStatus().isOk();
        }

        Browser buyer = browsers.start("buyer-room", api.baseUrl());
        buyer.open("/sign-in");
        buyer.signIn(register("Wren"), BUYER_PASSWORD);
        buyer.open("/sales/" + saleId);
        buyer.visible("waiting-room");
        buyer.awaitLiveUpdates();
        assertThat(buyer.visible("waiting-room").getDomAttribute("data-your-turn")).isNotEqualTo("true");
        buyer.waitUntil(textToBe(testId("snap-up-button"), "Wait for your turn"));
        assertThat(buyer.visible("snap-up-button").isEnabled()).isFalse();
        buyer.screenshot("20-waiting-room");

        // the operator lets buyers through faster: the line reaches this buyer within a second or so
        api.client().put().uri("/api/admin/promotion-variants/{id}/waiting-room", saleId)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("enabled", true, "opensBeforeSeconds", 60, "ratePerSecond", 1000))
                .exchange().expectStatus().isOk();
        buyer.waitUntil(attributeToBe(testId("waiting-room"), "data-your-turn", "true"));
        assertThat(buyer.text("waiting-room-title")).isEqualTo("It's your turn!");
        buyer.waitUntil(textToBe(testId("snap-up-button"), "Snap up"));
        buyer.screenshot("21-waiting-room-your-turn");
        buyer.click("snap-up-button");
        buyer.awaitSnapUpState(PUSH_PATIENCE, "checkout");
        assertThat(publicSale(saleId)).containsEntry("available", 4);
    }

    /** Both browsers click their "Snap up" button as close together as two threads can. */
    private static void pressAtTheSameTime(Browser first, Browser second) throws Exception {
        List<WebElement> buttons = List.of(first.clickable("snap-up-button"), second.clickable("snap-up-button"));
        CyclicBarrier ready = new CyclicBarrier(buttons.size());
        ExecutorService hands = Executors.newFixedThreadPool(buttons.size());
        try {
            List<Future<Object>> presses = buttons.stream().map(button -> hands.submit(() -> {
                ready.await(10, TimeUnit.SECONDS);
                button.click();
                return null;
            })).toList();
            for (Future<Object> press : presses) {
                press.get(30, TimeUnit.SECONDS);
            }
        } finally {
            hands.shutdownNow();
        }
    }

    /** The checkout the sale page keeps in its address bar once a snap-up is accepted. */
    private static String checkoutIdIn(Browser buyer) {
        buyer.waitUntil(urlContains("checkout="));
        Matcher matcher = CHECKOUT_QUERY.matcher(buyer.currentPath());
        assertThat(matcher.find()).as("checkout id in %s", buyer.currentPath()).isTrue();
        return matcher.group(1);
    }

    /** Registers a new buyer account through the API and returns its email. */
    private String register(String name) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@flashsale.test";
        api.client().post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "email", email, "password", BUYER_PASSWORD))
                .exchange().expectStatus().isCreated();
        return email;
    }

    private Map<String, Object> adminSale(long saleId) {
        return api.client().get().uri("/api/admin/promotion-variants/{id}", saleId)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .exchange().expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();
    }

    private Map<String, Object> publicSale(long saleId) {
        return api.client().get().uri("/api/promotion-variants/{id}", saleId)
                .exchange().expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();
    }

    private Map<String, Object> checkout(String checkoutId, String token) {
        return api.client().get().uri("/api/checkouts/{id}", checkoutId)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(token))
                .exchange().expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();
    }

    /** The operator's stats of a sale, once they satisfy {@code settled} (they follow the order worker). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> statsOnceThey(long saleId, Predicate<Map<String, Object>> settled) {
        AtomicReference<Map<String, Object>> last = new AtomicReference<>();
        return new FluentWait<>(saleId).withTimeout(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(200))
                .withMessage(() -> "stats of sale " + saleId + " were " + last.get())
                .until(id -> {
                    Map<String, Object> stats = (Map<String, Object>) adminSale(id).get("stats");
                    last.set(stats);
                    return settled.test(stats) ? stats : null;
                });
    }
}
