package io.flashsale.shared;

import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies are read strictly: a field the endpoint does not know is refused, and so is a fraction where a
 * whole number is expected ({@code 1.5} is not {@code 1}). Both answer {@code 400 VALIDATION_FAILED} naming the
 * field. Only HTTP bodies: the messages between instances keep the application's lenient mapper, so an instance
 * of the next version may add a field without the previous one dead-lettering its messages.
 */
@Component
public class StrictJsonBodies implements WebMvcConfigurer {

    private final JsonMapper json;

    StrictJsonBodies(JsonMapper json) {
        this.json = json;
    }

    /** Runs after Spring Boot's own converter configuration (order 0), so this JSON converter is the one used. */
    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
        converters.withJsonConverter(new JacksonJsonHttpMessageConverter(strict(json)));
    }

    /** The application's mapper, reading as strictly as every request body is read. */
    public static JsonMapper strict(JsonMapper json) {
        return json.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
    }
}
