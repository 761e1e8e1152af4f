package io.tracking.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks real HTTP answers against an OpenAPI 3.1 document (its schemas are JSON Schema 2020-12, validated with
 * networknt's json-schema-validator): the status is documented for the path and method, the content type for the
 * status, the body validates against the schema, and a problem's {@code type} is one of the documented problem
 * types (the {@code enum} of {@code components.schemas.ProblemType}). Records which operation and status each
 * checked answer exercised, so that a test can fail for documented answers it never saw.
 *
 * <p>Text/event-stream responses name a schema per event in the media type's {@code x-events} map (OpenAPI 3.1
 * has no standard way to describe the events of a stream); {@link #checkEvent} validates one event's data.
 */
public final class OpenApiContract {

    private static final String BASE = "https://tracking.example/openapi.yaml";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    /** An operation of the document. */
    public record Operation(String method, String path, String operationId) {

        @Override
        public String toString() {
            return operationId + " (" + method.toUpperCase(Locale.ROOT) + " " + path + ")";
        }
    }

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<Operation, Pattern> operations = new LinkedHashMap<>();
    private final Set<String> problemTypes = new LinkedHashSet<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Set<String> exercised = ConcurrentHashMap.newKeySet();

    private OpenApiContract(String yaml) {
        this.document = YAMLMapper.builder().build().readTree(yaml);
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true)
                .build();
        String json = JSON.writeValueAsString(document);
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config).schemas(Map.of(BASE, json)));
        document.required("paths").properties().forEach(path -> {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation != null) {
                    operations.put(new Operation(method, path.getKey(), operation.path("operationId").asString()),
                            template(path.getKey()));
                }
            }
        });
        document.at("/components/schemas/ProblemType/enum").forEach(type -> problemTypes.add(type.asString()));
    }

    /** The document at {@code resource} on the class path (e.g. {@code static/openapi.yaml}). */
    public static OpenApiContract load(String resource) {
        try (InputStream in = Objects.requireNonNull(OpenApiContract.class.getClassLoader().getResourceAsStream(
                resource), resource)) {
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document in {@code yaml}. */
    public static OpenApiContract parse(String yaml) {
        return new OpenApiContract(yaml);
    }

    public JsonNode document() {
        return document;
    }

    public Set<Operation> operations() {
        return operations.keySet();
    }

    public Set<String> problemTypes() {
        return problemTypes;
    }

    /**
     * The endpoints a running service maps under {@code prefix} that this document does not describe, as
     * {@code "METHOD /path"} (a mapping without methods counts for every method).
     */
    public List<String> undocumented(RequestMappingHandlerMapping mappings, String prefix) {
        List<String> undocumented = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String path : info.getPatternValues()) {
                if (path.startsWith(prefix)) {
                    (methods.isEmpty() ? EnumSet.allOf(RequestMethod.class) : methods).stream()
                            .filter(method -> !documents(method.name(), path))
                            .forEach(method -> undocumented.add(method + " " + path));
                }
            }
        }
        return undocumented;
    }

    /** Whether the document has an operation for {@code method} on {@code pathTemplate} (variable names aside). */
    public boolean documents(String method, String pathTemplate) {
        String normalized = pathTemplate.replaceAll("\\{[^}]*}", "{}");
        return operations.keySet().stream().anyMatch(operation -> operation.method().equalsIgnoreCase(method)
                && operation.path().replaceAll("\\{[^}]*}", "{}").equals(normalized));
    }

    /**
     * Fails, naming the operation, the status and every JSON pointer that broke a rule, unless the answer to
     * {@code method uri} is documented; records the operation and status as exercised either way.
     */
    public void check(String method, String uri, int status, @Nullable String contentType, String body) {
        List<String> failures = failures(method, uri, status, contentType, body);
        if (!failures.isEmpty()) {
            throw new AssertionError(String.join("\n", failures));
        }
    }

    /** What is wrong with the answer (empty if nothing); records the operation and status as exercised. */
    public List<String> failures(String method, String uri, int status, @Nullable String contentType, String body) {
        String path = URI.create(uri).getRawPath();
        Operation operation = find(method, path);
        if (operation == null) {
            return List.of(method.toUpperCase(Locale.ROOT) + " " + path + " -> " + status
                    + ": no documented operation has this path and method");
        }
        String where = operation + " -> " + status;
        exercised.add(key(operation, String.valueOf(status)));
        String pointer = operationPointer(operation) + "/responses/" + status;
        JsonNode response = document.at(pointer);
        if (response.isMissingNode()) {
            return List.of(where + ": status " + status + " is not documented (documented: "
                    + names(document.at(operationPointer(operation) + "/responses")) + ")");
        }
        ResolvedNode resolved = resolve(response, pointer);
        JsonNode content = resolved.node().get("content");
        if (content == null || content.isEmpty()) {
            return body.isEmpty() ? List.of() : List.of(where + ": a body was sent, none is documented");
        }
        String mediaType = mediaType(contentType);
        if (mediaType == null || !content.has(mediaType)) {
            return List.of(where + ": content type '" + contentType + "' is not documented (documented: "
                    + names(content) + ")");
        }
        if (!isJson(mediaType)) {
            return List.of();
        }
        String schemaPointer = resolved.pointer() + "/content/" + escape(mediaType) + "/schema";
        JsonNode value;
        try {
            value = JSON.readTree(body);
        } catch (RuntimeException e) {
            return List.of(where + " " + mediaType + ": the body is not JSON");
        }
        List<String> failures = new ArrayList<>(validate(where + " " + mediaType, schemaPointer, value));
        if (mediaType.equals("application/problem+json")) {
            String type = value.path("type").asString("");
            if (!problemTypes.contains(type)) {
                failures.add(where + " " + mediaType + ": /type '" + type
                        + "' is not a documented problem type (components.schemas.ProblemType)");
            }
        }
        return failures;
    }

    /**
     * Fails unless {@code data}, the data of an event named {@code event} in the 200 {@code text/event-stream}
     * answer to {@code method uri}, validates against the schema the document names for that event.
     */
    public void checkEvent(String method, String uri, String event, String data) {
        String path = URI.create(uri).getRawPath();
        Operation operation = Objects.requireNonNull(find(method, path), () -> "no operation for " + path);
        String pointer = operationPointer(operation) + "/responses/200";
        ResolvedNode response = resolve(document.at(pointer), pointer);
        String events = response.pointer() + "/content/text~1event-stream/x-events";
        JsonNode schema = document.at(events + "/" + escape(event));
        String where = operation + " -> 200 text/event-stream event '" + event + "'";
        if (schema.isMissingNode()) {
            throw new AssertionError(where + ": the event is not documented (documented: "
                    + names(document.at(events)) + ")");
        }
        exercised.add(key(operation, "200 event " + event));
        List<String> failures = validate(where, events + "/" + escape(event), JSON.readTree(data));
        if (!failures.isEmpty()) {
            throw new AssertionError(String.join("\n", failures));
        }
    }

    /**
     * Every documented operation and status (and every documented event of a stream) that no checked answer
     * exercised, except the statuses in {@code notExercised} (e.g. {@code "503"}), as
     * {@code "operationId (METHOD path) -> status"}.
     */
    public List<String> unexercised(Collection<String> notExercised) {
        List<String> missing = new ArrayList<>();
        for (Operation operation : operations.keySet()) {
            String pointer = operationPointer(operation) + "/responses";
            document.at(pointer).properties().forEach(response -> {
                String status = response.getKey();
                if (!notExercised.contains(status) && !exercised.contains(key(operation, status))) {
                    missing.add(operation + " -> " + status);
                }
                if (status.equals("200")) {
                    ResolvedNode resolved = resolve(response.getValue(), pointer + "/" + status);
                    resolved.node().path("content").path("text/event-stream").path("x-events").properties()
                            .forEach(event -> {
                                if (!exercised.contains(key(operation, "200 event " + event.getKey()))) {
                                    missing.add(operation + " -> 200 event '" + event.getKey() + "'");
                                }
                            });
                }
            });
        }
        return missing;
    }

    private List<String> validate(String where, String schemaPointer, JsonNode value) {
        Schema schema = schemas.computeIfAbsent(schemaPointer,
                pointer -> registry.getSchema(SchemaLocation.of(BASE + "#" + pointer)));
        List<Error> errors = schema.validate(value);
        return errors.stream()
                .sorted(Comparator.comparing(error -> error.getInstanceLocation().toString()))
                .map(error -> where + ": " + pointerOf(error) + ": " + error.getMessage() + " (schema "
                        + error.getSchemaLocation() + ")")
                .toList();
    }

    /** The JSON pointer of the offending value; for an undocumented or missing member, of that member. */
    private static String pointerOf(Error error) {
        String pointer = error.getInstanceLocation().toString();
        if (error.getProperty() != null && List.of("additionalProperties", "unevaluatedProperties", "required",
                "dependentRequired").contains(error.getKeyword())) {
            pointer = pointer + "/" + error.getProperty().replace("~", "~0").replace("/", "~1");
        }
        return pointer.isEmpty() ? "/ (the whole body)" : pointer;
    }

    private @Nullable Operation find(String method, String path) {
        String lower = method.toLowerCase(Locale.ROOT);
        // literal paths win over templated ones, as OpenAPI says
        Operation best = null;
        for (Map.Entry<Operation, Pattern> entry : operations.entrySet()) {
            Operation operation = entry.getKey();
            if (operation.method().equals(lower) && entry.getValue().matcher(path).matches()
                    && (best == null || literalLength(operation.path()) > literalLength(best.path()))) {
                best = operation;
            }
        }
        return best;
    }

    private static int literalLength(String template) {
        return template.replaceAll("\\{[^}]*}", "").length();
    }

    private static Pattern template(String path) {
        StringBuilder regex = new StringBuilder();
        for (String part : path.split("(?=\\{)|(?<=})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private record ResolvedNode(JsonNode node, String pointer) {
    }

    /** Follows local {@code $ref}s of response objects (e.g. {@code #/components/responses/Invalid}). */
    private ResolvedNode resolve(JsonNode node, String pointer) {
        JsonNode current = node;
        String at = pointer;
        for (int hops = 0; current.has("$ref") && hops < 10; hops++) {
            String ref = current.get("$ref").asString();
            if (!ref.startsWith("#")) {
                throw new IllegalStateException("only local references are supported: " + ref);
            }
            at = ref.substring(1);
            current = document.at(at);
        }
        return new ResolvedNode(current, at);
    }

    private static String operationPointer(Operation operation) {
        return "/paths/" + escape(operation.path()) + "/" + operation.method();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static @Nullable String mediaType(@Nullable String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return String.join(", ", names);
    }

    private static String key(Operation operation, String status) {
        return operation.method() + " " + operation.path() + " " + status;
    }
}
