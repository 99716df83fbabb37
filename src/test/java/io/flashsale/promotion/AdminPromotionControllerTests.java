package io.flashsale.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/** The operators' edge: bean validation field by field, and the promotion variant's rules as problem+json. */
@WebMvcTest(AdminPromotionController.class)
@AutoConfigureMockMvc(addFilters = false)
class AdminPromotionControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @MockitoBean
    Promotions promotions;

    @Test
    void rejectsInvalidFieldsWithOneErrorPerField() throws Exception {
        Map<String, Object> request = TestApi.saleRequest(-1);
        request.put("discountRate", 0);
        request.put("quantityLimit", 0);
        request.put("holdSeconds", 5);
        request.put("price", "12.345");
        request.remove("name");
        request.put("imageUrl", "javascript:alert(1)");

        String body = mvc.perform(post("/api/admin/promotion-variants").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(request)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andReturn().getResponse().getContentAsString();

        assertThat(fields(body)).containsExactlyInAnyOrder("discountRate", "holdSeconds", "imageUrl", "name", "price",
                "quantityLimit", "stock");
        verifyNoInteractions(promotions);
    }

    @Test
    void aPatchValidatesOnlyTheFieldsItCarries() throws Exception {
        String body = mvc.perform(patch("/api/admin/promotion-variants/7").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"discountRate\": 1.5, \"holdSeconds\": 1}"))
                .andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString();

        assertThat(fields(body)).containsExactlyInAnyOrder("discountRate", "holdSeconds");
        verifyNoInteractions(promotions);
    }

    @Test
    void aRuleOfTheVariantIsAnsweredAsAnErrorOfItsField() throws Exception {
        when(promotions.create(any(PromotionVariantRequest.class), any())).thenThrow(DomainException.invalid("endsAt", "must be after startsAt"));

        mvc.perform(post("/api/admin/promotion-variants").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(TestApi.saleRequest(10))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("endsAt"))
                .andExpect(jsonPath("$.errors[0].message").value("must be after startsAt"));
    }

    @Test
    void stockBelowWhatIsCommittedIsAConflict() throws Exception {
        when(promotions.patch(any(PromotionVariantId.class), any(), any())).thenThrow(DomainException.conflict("STOCK_BELOW_COMMITTED",
                "Stock can't go below the 40 units already reserved or sold."));

        mvc.perform(patch("/api/admin/promotion-variants/7").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"stock\": 39}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("STOCK_BELOW_COMMITTED"));
    }

    @Test
    void anUnknownPromotionVariantIsNotFound() throws Exception {
        when(promotions.one(PromotionVariantId.of(999))).thenThrow(DomainException.notFound("Promotion variant"));

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .get("/api/admin/promotion-variants/999"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"));
    }

    private List<String> fields(String problem) {
        return json.readTree(problem).get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    }
}
