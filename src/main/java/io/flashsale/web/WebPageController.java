package io.flashsale.web;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The web page's own routes: opening or reloading one of them serves the page, whose router takes it from there.
 * (They mirror {@code frontend/src/router.ts}.)
 */
@Hidden
@Controller
class WebPageController {

    @GetMapping({"/sales/{id}", "/sign-in", "/sign-up", "/orders", "/console", "/console/**"})
    String page() {
        return "forward:/index.html";
    }
}
