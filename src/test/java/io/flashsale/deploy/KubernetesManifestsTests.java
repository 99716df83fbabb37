package io.flashsale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The Kubernetes manifests in {@code deploy/kubernetes} are read into fabric8's typed Kubernetes model: a field the
 * model does not know (a typo, a field at the wrong level) fails, and so does a kind the deployment is not meant to
 * have. Then they are checked against the application itself: the probes ask the Actuator health groups the
 * application serves, the ports are the application's, every setting given as an environment variable is one the
 * application reads, and the service, ingress, disruption budget and autoscaler all point at the deployment.
 */
class KubernetesManifestsTests {

    private static final Path MANIFESTS = Path.of("deploy/kubernetes");
    private static final Path APPLICATION_YML = Path.of("src/main/resources/application.yml");

    /** The kinds the deployment consists of, each with the model class it must parse into. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "networking.k8s.io/v1/Ingress", Ingress.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    /** Environment variables the JVM reads itself, not the application. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static List<HasMetadata> resources;

    @BeforeAll
    static void readManifests() throws IOException {
        resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                List<JsonNode> documents = YAML.readerFor(JsonNode.class)
                        .<JsonNode>readValues(new YAMLFactory().createParser(file.toFile())).readAll();
                for (JsonNode document : documents) {
                    if (document == null || document.isNull() || document.isEmpty()) {
                        continue;
                    }
                    String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
                    Class<? extends HasMetadata> type = KINDS.get(kind);
                    assertThat(type).as("%s: a %s is not a kind this deployment has", file, kind).isNotNull();
                    HasMetadata resource = YAML.treeToValue(document, type);
                    assertThat(unknownFields(resource, "")).as("%s: fields the Kubernetes model does not know", file)
                            .isEmpty();
                    resources.add(resource);
                }
            }
        }
    }

    @Test
    void everyManifestParsesIntoTheKubernetesModelWithNoUnknownField() {
        assertThat(resources).extracting(r -> r.getClass().getSimpleName()).contains("Deployment", "Service",
                "Ingress", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ConfigMap", "Secret");
        assertThat(resources).allSatisfy(r -> assertThat(r.getMetadata().getName()).isNotBlank());
    }

    @Test
    void anUnknownFieldIsCaught() throws IOException {
        Deployment typo = YAML.readValue("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: x
                          readinessProbes: {}
                """, Deployment.class);
        assertThat(unknownFields(typo, "")).containsExactly("spec.template.spec.containers[0].readinessProbes");
    }

    @Test
    void probesAskTheHealthGroupsTheApplicationServes() throws IOException {
        String settings = Files.readString(APPLICATION_YML);
        assertThat(settings).as("the application serves the Kubernetes health groups").contains("probes:")
                .contains("enabled: true # /actuator/health/liveness and /actuator/health/readiness");
        Container container = container();
        assertThat(path(container.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
        assertThat(path(container.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
        assertThat(path(container.getStartupProbe())).isEqualTo("/actuator/health/liveness");
        for (Probe probe : List.of(container.getLivenessProbe(), container.getReadinessProbe(),
                container.getStartupProbe())) {
            assertThat(containerPort(container, probe.getHttpGet().getPort())).isEqualTo(applicationPort());
        }
    }

    @Test
    void theContainerListensOnTheApplicationsPortAndRunsAsItsUser() throws IOException {
        Container container = container();
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(applicationPort());
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher uid = Pattern.compile("--uid (\\d+)").matcher(dockerfile);
        assertThat(uid.find()).as("the Dockerfile creates its user with a fixed uid").isTrue();
        assertThat(deployment().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
                .isEqualTo(Long.parseLong(uid.group(1)));
        assertThat(dockerfile).contains("EXPOSE " + applicationPort());
        assertThat(deployment().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", String.valueOf(applicationPort()))
                .containsEntry("prometheus.io/path", "/actuator/prometheus");
    }

    @Test
    void everySettingGivenToTheContainerIsOneTheApplicationReads() throws IOException {
        Set<String> given = new HashSet<>();
        Container container = container();
        container.getEnvFrom().forEach(source -> {
            if (source.getConfigMapRef() != null) {
                given.addAll(one(ConfigMap.class, source.getConfigMapRef().getName()).getData().keySet());
            }
            if (source.getSecretRef() != null) {
                given.addAll(one(Secret.class, source.getSecretRef().getName()).getStringData().keySet());
            }
        });
        if (container.getEnv() != null) {
            container.getEnv().forEach(variable -> given.add(variable.getName()));
        }
        assertThat(given).as("settings given to the container").isNotEmpty();

        Set<String> placeholders = placeholders(Files.readString(APPLICATION_YML));
        List<ConfigurationPropertyName> known = knownSettings();
        assertThat(known).as("settings metadata on the class path").hasSizeGreaterThan(500)
                .contains(ConfigurationPropertyName.of("flashsale.snapup.rate-limit-per-user"));
        List<String> unread = given.stream()
                .filter(Predicate.not(JVM_VARIABLES::contains))
                .filter(Predicate.not(placeholders::contains))
                .filter(variable -> !boundToAny(variable, known))
                .sorted().toList();
        assertThat(unread).as("environment variables that no setting of the application reads").isEmpty();
    }

    @Test
    void aMisspelledSettingIsCaught() throws IOException {
        List<ConfigurationPropertyName> known = knownSettings();
        assertThat(boundToAny("SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE", known)).isTrue();
        assertThat(boundToAny("SPRING_DATA_REDIS_CLUSTER_NODES", known)).isTrue();
        assertThat(boundToAny("SPRING_DATA_REDIS_CLUSTR_NODES", known)).isFalse();
        assertThat(boundToAny("FLASHSALE_SNAPUP_RATE_LIMIT_PER_USR", known)).isFalse();
    }

    @Test
    void serviceIngressBudgetAndAutoscalerAllPointAtTheDeployment() {
        Deployment deployment = deployment();
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);

        Service service = one(Service.class, "flashsale");
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        service.getSpec().getPorts().forEach(port ->
                assertThat(containerPort(container(), port.getTargetPort())).isEqualTo(applicationPort()));

        List<IngressBackend> backends = resources.stream().filter(Ingress.class::isInstance).map(Ingress.class::cast)
                .flatMap(ingress -> ingress.getSpec().getRules().stream())
                .flatMap(rule -> rule.getHttp().getPaths().stream()).map(path -> path.getBackend()).toList();
        assertThat(backends).isNotEmpty().allSatisfy(backend -> {
            assertThat(backend.getService().getName()).isEqualTo(service.getMetadata().getName());
            assertThat(service.getSpec().getPorts()).anySatisfy(port ->
                    assertThat(port.getName()).isEqualTo(backend.getService().getPort().getName()));
        });

        PodDisruptionBudget budget = one(PodDisruptionBudget.class, "flashsale");
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isLessThan(deployment.getSpec().getReplicas());

        HorizontalPodAutoscaler autoscaler = one(HorizontalPodAutoscaler.class, "flashsale");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(deployment.getSpec().getReplicas());
        assertThat(container().getResources().getRequests()).as("utilisation needs a CPU request").containsKey("cpu");
    }

    @Test
    void aDrainLeavesTheSaleAtFullCapacityAndShutdownHasTimeToFinish() {
        Deployment deployment = deployment();
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        long preStop = container().getLifecycle().getPreStop().getSleep().getSeconds();
        assertThat(grace).as("the pause before SIGTERM leaves time for the graceful shutdown").isGreaterThan(preStop + 30);
    }

    // --- the model ---------------------------------------------------------------------------------------------

    private static Deployment deployment() {
        return one(Deployment.class, "flashsale");
    }

    private static Container container() {
        List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.getFirst();
    }

    private static <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast)
                .filter(r -> r.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.getFirst();
    }

    private static String path(Probe probe) {
        assertThat(probe).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as("an HTTP probe").isNotNull();
        return get.getPath();
    }

    private static int containerPort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    /** The port the application listens on unless told otherwise: {@code server.port: ${SERVER_PORT:8080}}. */
    private static int applicationPort() {
        try {
            Matcher port = Pattern.compile("(?m)^  port: \\$\\{SERVER_PORT:(\\d+)}").matcher(
                    Files.readString(APPLICATION_YML));
            assertThat(port.find()).as("server.port in application.yml").isTrue();
            return Integer.parseInt(port.group(1));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Paths of the fields the typed model did not know: fabric8's classes keep them in {@code additionalProperties}
     * instead of failing, so this walks every model object reachable through its getters.
     */
    private static List<String> unknownFields(Object root, String at) {
        List<String> unknown = new ArrayList<>();
        walk(root, at, unknown, new IdentityHashMap<>());
        return unknown;
    }

    private static void walk(Object value, String at, List<String> unknown, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, at + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, at + "." + key, unknown, seen));
            return;
        }
        if (!(value instanceof KubernetesResource) && !value.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (name.equals("additionalProperties") && field instanceof Map<?, ?> extra) {
                extra.keySet().forEach(key -> unknown.add(join(at, String.valueOf(key))));
            } else {
                walk(field, join(at, name), unknown, seen);
            }
        }
    }

    private static String join(String at, String name) {
        return at.isEmpty() ? name : at + "." + name;
    }

    // --- the application's settings ----------------------------------------------------------------------------

    /** Every setting described by the configuration metadata on the class path: Spring Boot's and flashsale's. */
    private static List<ConfigurationPropertyName> knownSettings() throws IOException {
        ObjectMapper json = JsonMapper.builder().build();
        Set<ConfigurationPropertyName> names = new HashSet<>();
        Enumeration<URL> files = KubernetesManifestsTests.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json");
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.path("name").asText();
                    if (ConfigurationPropertyName.isValid(name)) {
                        names.add(ConfigurationPropertyName.of(name));
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    /** Whether Spring Boot's relaxed binding turns the environment variable into one of the settings. */
    private static boolean boundToAny(String variable, List<ConfigurationPropertyName> known) {
        ConfigurationPropertySource source = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value")));
        return known.stream().anyMatch(name -> source.getConfigurationProperty(name) != null);
    }

    /** The environment variables application.yml names itself, as in {@code ${FLASHSALE_TRUSTED_PROXIES:}}. */
    private static Set<String> placeholders(String settings) {
        Set<String> names = new HashSet<>();
        Matcher placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(settings);
        while (placeholder.find()) {
            names.add(placeholder.group(1));
        }
        return names;
    }
}
