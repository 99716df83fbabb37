package io.flashsale.shared;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document at {@code /v3/api-docs} as the contract clients are generated from (the web page's own client
 * among them; {@code frontend/openapi.json} is its committed copy, compared with the served one by a test). What
 * springdoc can't infer is added here, by one rule each: the bearer scheme; every problem an operation may answer
 * (its own, named by {@link ApiProblems}, and those its kind shares: a refused token, a bad body, a server away),
 * each code with an example; money as decimal strings (a {@link BigDecimal} the service writes as a string).
 */
@Configuration(proxyBeanMethods = false)
class ApiContract {

    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    static {
        // a typed id in a filter is one query parameter (its JSON value), not an object of fields
        SpringDocUtils.getConfig().addSimpleTypesForParameterObject(CheckoutId.class, PromotionVariantId.class,
                UserId.class);
    }

    @Bean
    OpenAPI flashsaleOpenApi() {
        return new OpenAPI()
                .info(new Info().title("flashsale").version("v1").description("""
                        A flash-sale (snap-up) checkout service. Every error is application/problem+json with an \
                        UPPER_SNAKE `code`; money is a decimal string; times are ISO-8601 instants in UTC. \
                        Live updates (STOMP over WebSocket at /ws) are described in docs/api.md."""))
                .servers(List.of(new Server().url("/")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("An access token from POST /api/auth/token (or the external issuer)."))
                        .addSchemas(PROBLEM, problemSchema())
                        .addSchemas("FieldError", new ObjectSchema()
                                .addProperty("field", new StringSchema())
                                .addProperty("message", new StringSchema())
                                .required(List.of("field", "message"))));
    }

    /** RFC 9457 with the service's {@code code}, and {@code errors} for VALIDATION_FAILED. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema()._enum(Arrays.stream(ProblemCode.values())
                        .map(Enum::name).toList()))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldError")))
                .required(List.of("type", "title", "status", "code"));
    }

    /** Money: a BigDecimal the service writes as a string is a decimal string in the document too. */
    @Bean
    PropertyCustomizer decimalStrings() {
        return (property, type) -> {
            boolean string = type.getCtxAnnotations() != null && Arrays.stream(type.getCtxAnnotations())
                    .anyMatch(a -> a instanceof JsonFormat format && format.shape() == JsonFormat.Shape.STRING);
            if (string && property != null && ("number".equals(property.getType())
                    || (property.getTypes() != null && property.getTypes().contains("number")))) {
                Schema<String> decimal = new StringSchema().format("decimal").example("1999.00");
                decimal.setDescription(property.getDescription());
                return decimal;
            }
            return property;
        };
    }

    /**
     * Every field of an answer is sent (null where a view says it may be): the schemas reached from a response list
     * all their properties as required, so a generated client needn't treat each as optional. Request schemas keep
     * what their validation requires.
     */
    @Bean
    OpenApiCustomizer answersAreComplete() {
        return openApi -> {
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            Set<String> answers = new LinkedHashSet<>();
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                    operation.getResponses().forEach((status, response) -> {
                        if (status.startsWith("2") && response.getContent() != null) {
                            response.getContent().values().forEach(media -> reach(media.getSchema(), schemas, answers));
                        }
                    })));
            answers.forEach(name -> {
                Schema<?> schema = schemas.get(name);
                if (schema.getProperties() != null) {
                    schema.setRequired(new ArrayList<>(new TreeMap<>(schema.getProperties()).keySet()));
                }
            });
        };
    }

    @SuppressWarnings("rawtypes")
    private static void reach(Schema<?> schema, Map<String, Schema> schemas, Set<String> reached) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            if (reached.add(name) && schemas.get(name) != null) {
                reach(schemas.get(name), schemas, reached);
            }
            return;
        }
        reach(schema.getItems(), schemas, reached);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> reach(property, schemas, reached));
        }
    }

    /** Every problem an operation may answer: its own and its kind's, grouped by status, each code an example. */
    @Bean
    OperationCustomizer documentedProblems() {
        return (operation, handler) -> {
            Set<ProblemCode> codes = new LinkedHashSet<>(codesOf(operation, handler));
            Map<Integer, List<ProblemCode>> byStatus = codes.stream().collect(Collectors.groupingBy(
                    code -> code.status().value(), TreeMap::new, Collectors.toList()));
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            byStatus.forEach((status, ofStatus) -> responses.addApiResponse(Integer.toString(status),
                    response(ofStatus)));
            operation.setResponses(responses);
            return operation;
        };
    }

    private static List<ProblemCode> codesOf(Operation operation, HandlerMethod handler) {
        List<ProblemCode> codes = new ArrayList<>();
        ApiProblems own = handler.getMethodAnnotation(ApiProblems.class);
        if (own != null) {
            codes.addAll(List.of(own.value()));
        }
        if (operation.getRequestBody() != null) {
            codes.addAll(List.of(ProblemCode.VALIDATION_FAILED, ProblemCode.MALFORMED_JSON,
                    ProblemCode.PAYLOAD_TOO_LARGE, ProblemCode.UNSUPPORTED_MEDIA_TYPE));
        }
        boolean open = operation.getSecurity() != null && operation.getSecurity().isEmpty();
        if (!open) {
            codes.add(ProblemCode.UNAUTHORIZED);
            if (path(handler).startsWith("/api/admin/")) {
                codes.add(ProblemCode.FORBIDDEN);
            }
        }
        codes.add(ProblemCode.INTERNAL_ERROR);
        codes.add(ProblemCode.UNAVAILABLE);
        return codes;
    }

    /** The handler's path as mapped (its class's prefix and its own). */
    private static String path(HandlerMethod handler) {
        RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        RequestMapping method = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return first(type) + first(method);
    }

    private static String first(RequestMapping mapping) {
        return mapping == null || mapping.path().length == 0 ? "" : mapping.path()[0];
    }

    private static ApiResponse response(List<ProblemCode> codes) {
        Map<String, Example> examples = new LinkedHashMap<>();
        codes.forEach(code -> examples.put(code.name(), new Example().summary(code.name()).value(example(code))));
        return new ApiResponse()
                .description(codes.stream().map(Enum::name).collect(Collectors.joining(", ")))
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                        .examples(examples)));
    }

    private static Map<String, Object> example(ProblemCode code) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", code.status().getReasonPhrase());
        problem.put("status", code.status().value());
        problem.put("detail", code.example());
        problem.put("code", code.name());
        if (code == ProblemCode.VALIDATION_FAILED) {
            problem.put("errors", List.of(Map.of("field", "quantity", "message", "must be greater than or equal to 1")));
        }
        return problem;
    }
}
