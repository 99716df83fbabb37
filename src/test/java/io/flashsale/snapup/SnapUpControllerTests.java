package io.flashsale.snapup;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.stock.Refusal;
import io.flashsale.waitingroom.WaitingRoom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The snap-up endpoint's edge: what it accepts, what it refuses before the path runs, and how refusals read. */
@WebMvcTest(SnapUpController.class)
@AutoConfigureMockMvc(addFilters = false)
class SnapUpControllerTests {

    private static final CheckoutId CHECKOUT = CheckoutId.of("0b9f4bde-65f2-4c1e-8a43-7a9a1d0c5a10");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SnapUp snapUp;

    @MockitoBean
    WaitingRoom waitingRoom;

    @Test
    void acceptsWithTheCheckoutsLocationAndDeadline() throws Exception {
        Instant deadline = Instant.parse("2026-12-01T10:02:00Z");
        when(snapUp.snapUp(eq(UserId.of(42)), anyString(), eq(PromotionVariantId.of(7)), eq(2), eq("key-1")))
                .thenReturn(new SnapUp.Accepted(CHECKOUT, deadline));

        mvc.perform(snapUp("{\"promotionVariantId\": 7, \"quantity\": 2}").header("Idempotency-Key", "key-1"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/checkouts/" + CHECKOUT))
                .andExpect(jsonPath("$.checkoutId").value(CHECKOUT.toString()))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.expiresAt").value("2026-12-01T10:02:00Z"));
    }

    @Test
    void asksForOneUnitWhenTheQuantityIsLeftOut() throws Exception {
        when(snapUp.snapUp(any(), anyString(), any(), anyInt(), any()))
                .thenReturn(new SnapUp.Accepted(CHECKOUT, Instant.now()));

        mvc.perform(snapUp("{\"promotionVariantId\": 7}")).andExpect(status().isAccepted());

        verify(snapUp).snapUp(eq(UserId.of(42)), anyString(), eq(PromotionVariantId.of(7)), eq(1), isNull());
    }

    @Test
    void rejectsInvalidFieldsNamingEachBeforeAnythingIsAdmitted() throws Exception {
        mvc.perform(snapUp("{\"quantity\": 1}")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("promotionVariantId"));
        mvc.perform(snapUp("{\"promotionVariantId\": -7, \"quantity\": 0}")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("promotionVariantId", "quantity")));
        mvc.perform(snapUp("{\"promotionVariantId\": 7}").header("Idempotency-Key", "has spaces"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("idempotencyKey"));
        verifyNoInteractions(snapUp);
    }

    @Test
    void answersEachRefusalWithItsStatusAndCode() throws Exception {
        expectRefusal(Refusal.SOLD_OUT, 409, "SOLD_OUT");
        expectRefusal(Refusal.LIMIT_EXCEEDED, 409, "LIMIT_EXCEEDED");
        expectRefusal(Refusal.NOT_STARTED, 409, "NOT_STARTED");
        expectRefusal(Refusal.ENDED, 409, "ENDED");
        expectRefusal(Refusal.NOT_FOUND, 404, "NOT_FOUND");
        expectRefusal(Refusal.PAUSED, 503, "UNAVAILABLE").andExpect(header().string("Retry-After", "1"));
    }

    @Test
    void refusesATokenWhoseSubjectIsNoUserId() throws Exception {
        signedInAs("alice");
        mvc.perform(post("/api/snap-up/checkouts")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"promotionVariantId\": 7}"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHORIZED"));
        verifyNoInteractions(snapUp);
    }

    private ResultActions expectRefusal(Refusal refusal, int status,
            String code) throws Exception {
        doThrow(refusal.exception()).when(snapUp).snapUp(any(), anyString(), any(), anyInt(), any());
        return mvc.perform(snapUp("{\"promotionVariantId\": 7}"))
                .andExpect(status().is(status))
                .andExpect(jsonPath("$.code").value(code));
    }

    @BeforeEach
    void signIn() {
        signedInAs("42");
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    /** The caller as the resource server leaves it (the security filters are off in this slice). */
    private static void signedInAs(String subject) {
        Jwt token = Jwt.withTokenValue("token").header("alg", "RS256").subject(subject).build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(token));
    }

    private static MockHttpServletRequestBuilder snapUp(String body) {
        return post("/api/snap-up/checkouts").contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
