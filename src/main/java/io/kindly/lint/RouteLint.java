package io.kindly.lint;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.FilterDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.TryDefinition;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.model.language.MethodCallExpression;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.AntPathMatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the lender-editable routes without starting them: each file parses as Camel YAML DSL, every
 * {@code {{placeholder}}} has a value, every bean step names a bean Kindly provides and a method it has, every
 * {@code direct:} endpoint a route sends to has a route reading it, and every route has an id (so logs, metrics and
 * {@code kindly lint} can name it).
 *
 * <p>The routes are loaded into a bare Camel context with the same property files as the daemon, then read as Camel's
 * own route model; nothing is started, no database or server is touched.
 */
public final class RouteLint {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+?)}}");
    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    /**
     * @param baseDir  the folder route paths are relative to (the working directory, as for the daemon)
     * @param include  camel.main.routes-include-pattern, e.g. {@code file:routes/**}{@code /*.camel.yaml}
     * @param lookup   the daemon's properties (config/ files, environment, system properties)
     * @param beans    the beans Kindly binds, by name, with their types
     */
    public record Context(Path baseDir, String include, Function<String, Optional<String>> lookup,
            Map<String, Class<?>> beans) {
    }

    /** What the routes use, for the settings check: a {@code kindly.*} key a route reads is not unknown. */
    public record Result(List<Finding> findings, Set<String> placeholders) {
    }

    private final Context ctx;
    private final List<Finding> findings = new ArrayList<>();
    private final Set<String> placeholders = new TreeSet<>();
    /** A routes file could not be read: the routes it holds are unknown, so a direct: it may serve is not missing. */
    private boolean unreadableFile;

    private RouteLint(Context ctx) {
        this.ctx = ctx;
    }

    public static Result check(Context ctx) {
        RouteLint lint = new RouteLint(ctx);
        lint.run();
        return new Result(List.copyOf(lint.findings), Collections.unmodifiableSet(lint.placeholders));
    }

    private void run() {
        List<Path> files = routeFiles();
        if (files.isEmpty()) {
            findings.add(new Finding(Finding.Severity.ERROR, ctx.include(), 0, "route/none",
                    "no route file matches camel.main.routes-include-pattern: Kindly would do nothing"));
            return;
        }
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            camel.getPropertiesComponent().addPropertiesSource(new PropertiesSource() {
                @Override
                public String getName() {
                    return "kindly";
                }

                @Override
                public String getProperty(String name) {
                    return ctx.lookup().apply(name).orElse(null);
                }
            });
            Loaded loaded = new Loaded();
            Map<Path, Set<String>> templatesIn = new java.util.LinkedHashMap<>();
            for (Path file : files) {
                int before = loaded.templates.size();
                load(camel, relative(file), file, loaded);
                templatesIn.put(file, new LinkedHashSet<>(loaded.templates.keySet().stream().skip(before).toList()));
            }
            List<Instance> made = instances(loaded);
            for (Path file : files) {
                placeholders(relative(file), file, templatesIn.get(file), made);
            }
            List<Instance> routes = new ArrayList<>();
            loaded.routes.forEach(r -> routes.add(new Instance(r, Map.of())));
            routes.addAll(made);
            model(camel, routes);
        } finally {
            camel.stop(); // never started; releases what loading created
        }
    }

    /**
     * Every {@code {{key}}} must have a value. In a route template's file the template's parameters are filled in
     * first, once per instance ({@code {{kindly.channel.{{channel}}.rate-per-second}}} is checked as
     * {@code kindly.channel.sms.rate-per-second} for the sms instance), so a key only some instance lacks is found.
     */
    private void placeholders(String name, Path file, Set<String> templateIds, List<Instance> made) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (templateIds.isEmpty()) {
            placeholders(name, lines);
            return;
        }
        for (Instance instance : made) {
            if (templateIds.contains(instance.template())) {
                List<String> filled = new ArrayList<>();
                for (String line : lines) {
                    for (Map.Entry<String, String> p : instance.parameters().entrySet()) {
                        line = line.replace("{{" + p.getKey() + "}}", p.getValue());
                    }
                    filled.add(line);
                }
                placeholders(name, filled);
            }
        }
    }

    private void placeholders(String name, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("#")) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(line);
            while (m.find()) {
                String key = m.group(1);
                boolean hasDefault = key.contains(":") && !key.startsWith("env:") && !key.startsWith("sys:");
                String bare = hasDefault ? key.substring(0, key.indexOf(':')) : key;
                placeholders.add(bare);
                if (!hasDefault && !key.contains(":") && ctx.lookup().apply(bare).isEmpty()) {
                    error(name, i + 1, "route/placeholder", "{{" + key + "}} has no value in config/ (and no default, "
                            + "as in {{" + key + ":value}})");
                }
            }
        }
    }

    /** What the route files hold, as Camel's model: routes, route templates and the routes made from templates. */
    private static final class Loaded {
        final List<RouteDefinition> routes = new ArrayList<>();
        final Map<String, RouteTemplateDefinition> templates = new java.util.LinkedHashMap<>();
        final List<TemplatedRouteDefinition> templated = new ArrayList<>();
        /** the file each templatedRoute is written in (Camel's model keeps no location for them) */
        final Map<TemplatedRouteDefinition, String> files = new IdentityHashMap<>();
        final Map<String, String> templateFiles = new java.util.HashMap<>();
    }

    /**
     * A route to check: a route as written, or one made from a template, with the template's parameters (empty for a
     * plain route) standing in for {@code {{parameter}}} wherever the route is read.
     */
    private record Instance(RouteDefinition route, Map<String, String> parameters, String template, String file) {
        Instance(RouteDefinition route, Map<String, String> parameters) {
            this(route, parameters, null, null);
        }
    }

    /** Each {@code templatedRoute} as the route its template makes; an unknown template or parameter is an error. */
    private List<Instance> instances(Loaded loaded) {
        List<Instance> out = new ArrayList<>();
        for (TemplatedRouteDefinition t : loaded.templated) {
            RouteTemplateDefinition template = loaded.templates.get(t.getRouteTemplateRef());
            String file = loaded.files.get(t);
            if (template == null) {
                error(file, 0, "route/template", "no route template '" + t.getRouteTemplateRef()
                        + "'; the templates are " + loaded.templates.keySet());
                continue;
            }
            Map<String, String> parameters = new java.util.LinkedHashMap<>();
            for (RouteTemplateParameterDefinition p : template.getTemplateParameters()) {
                if (p.getDefaultValue() != null) {
                    parameters.put(p.getName(), p.getDefaultValue());
                }
            }
            for (TemplatedRouteParameterDefinition p : t.getParameters()) {
                parameters.put(p.getName(), p.getValue());
            }
            for (RouteTemplateParameterDefinition p : template.getTemplateParameters()) {
                if (!parameters.containsKey(p.getName()) && !Boolean.FALSE.equals(p.getRequired())) {
                    error(file, 0, "route/template", "'" + t.getRouteId() + "' from template '"
                            + template.getId() + "' does not set its parameter '" + p.getName() + "'");
                }
            }
            RouteDefinition route = template.asRouteDefinition();
            if (t.getRouteId() != null) {
                route.routeId(t.getRouteId());
            }
            // findings point at the template's lines, where the steps are written
            out.add(new Instance(route, parameters, template.getId(), loaded.templateFiles.get(template.getId())));
        }
        return out;
    }

    /** The file's routes as Camel's model, not added to any context; a file that does not parse is reported. */
    private void load(DefaultCamelContext camel, String name, Path file, Loaded loaded) {
        try {
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(
                    ResourceHelper.resolveResource(camel, "file:" + file.toAbsolutePath()))) {
                if (builder instanceof RouteBuilder rb) {
                    loaded.routes.addAll(rb.configureRoutes(camel).getRoutes());
                    for (RouteTemplateDefinition t : rb.getRouteTemplateCollection().getRouteTemplates()) {
                        loaded.templates.put(t.getId(), t);
                        loaded.templateFiles.put(t.getId(), name);
                    }
                    for (TemplatedRouteDefinition t : rb.getTemplatedRouteCollection().getTemplatedRoutes()) {
                        loaded.templated.add(t);
                        loaded.files.put(t, name);
                    }
                }
            }
        } catch (Exception e) {
            // the YAML parser says where: "in file:/.../cycle.camel.yaml, line 8, column 20"; report the innermost
            Throwable t = e;
            while (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            String text = t.getMessage() == null ? t.toString() : t.getMessage();
            Matcher lines = LINE.matcher(text);
            int line = 0;
            while (lines.find()) {
                line = Integer.parseInt(lines.group(1)); // the last mark is where the parser gave up
            }
            String first = text.strip().split("\\R", 2)[0];
            error(name, line, "route/syntax", "is not a valid Camel YAML route: " + first);
            unreadableFile = true;
        }
    }

    // ------------------------------------------------------------------------------------------ the route model

    private void model(DefaultCamelContext camel, List<Instance> all) {
        List<Instance> routes = all.stream().filter(i -> with(camel, i, () -> included(camel, i.route()))).toList();
        Set<String> consumed = new LinkedHashSet<>();
        for (Instance i : routes) {
            consumed.add(with(camel, i, () -> endpointKey(camel, i.route().getInput().getEndpointUri())));
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Instance i : routes) {
            with(camel, i, () -> {
                route(camel, i.route(), i.file() != null ? i.file() : fileOf(i.route().getLocation()), consumed, ids);
                return null;
            });
        }
    }

    /**
     * Reads a route with its template's parameters set as Camel sets them while making the route: as local
     * properties, so {@code {{channel}}} resolves inside that route alone.
     */
    private static <T> T with(DefaultCamelContext camel, Instance instance, java.util.function.Supplier<T> read) {
        if (instance.parameters().isEmpty()) {
            return read.get();
        }
        java.util.Properties local = new java.util.Properties();
        local.putAll(instance.parameters());
        camel.getPropertiesComponent().setLocalProperties(local);
        try {
            return read.get();
        } finally {
            camel.getPropertiesComponent().setLocalProperties(null);
        }
    }

    private void route(DefaultCamelContext camel, RouteDefinition r, String file, Set<String> consumed,
            Set<String> ids) {
        if (!r.hasCustomIdAssigned()) {
            warn(file, r.getLineNumber(), "route/id", "a route without an id: give it one (id: ...), so the log, "
                    + "the metrics and a stop command can name it");
        } else if (!ids.add(r.getRouteId())) {
            error(file, r.getLineNumber(), "route/id", "route id '" + r.getRouteId() + "' is used twice");
        }
        Walk w = new Walk(file, camel, consumed, Collections.newSetFromMap(new IdentityHashMap<>()),
                sendsToChannels(endpointKey(camel, r.getInput().getEndpointUri())));
        walk(r.getOutputs(), w, false);
    }

    /** One route being walked: where it is, what is read, and whether it is itself a delivery or channel route. */
    private record Walk(String file, CamelContext camel, Set<String> consumed, Set<Object> seen, boolean sendRoute) {
    }

    /** The delivery route and the channel routes: what hands a message to a gateway. */
    private static boolean sendsToChannels(String uri) {
        return uri.startsWith(DELIVER) || uri.startsWith(CHANNEL_PREFIX);
    }

    private static final String DELIVER = "direct:kindly-deliver";
    private static final String CHANNEL_PREFIX = "direct:kindly-channel-";

    /** A {@code filter} on {@code ledger.claim}: only what it lets through is claimed and may be sent. */
    private static boolean isClaim(ProcessorDefinition<?> node) {
        return node instanceof FilterDefinition f && f.getExpression() instanceof MethodCallExpression call
                && "claim".equals(call.getMethod()) && call.getRef() != null
                && call.getRef().replaceFirst("^#(bean:)?", "").equals("ledger");
    }

    private void walk(List<?> nodes, Walk w, boolean underClaim) {
        String file = w.file();
        CamelContext camel = w.camel();
        Set<String> consumed = w.consumed();
        for (Object o : nodes) {
            if (!(o instanceof ProcessorDefinition<?> node) || !w.seen().add(node)) {
                continue;
            }
            int line = node.getLineNumber();
            String target = node instanceof SendDefinition<?> send ? send.getEndpointUri()
                    : node instanceof ToDynamicDefinition toD ? toD.getUri() : null;
            if (target != null && !w.sendRoute() && !underClaim && sendsToChannels(endpointKey(camel, target))) {
                error(file, line, "route/claim", "sends to " + target + " without claiming it first: a message "
                        + "reaches a channel only inside a filter on the ledger's claim (method: {ref: ledger, "
                        + "method: claim}), which records it before it goes out");
            }
            boolean claimed = underClaim || isClaim(node);
            if (node instanceof BeanDefinition bean) {
                bean(file, line, resolved(camel, bean.getRef()), bean.getMethod(), bean.getBeanType());
            }
            if (node instanceof ExpressionNode en) {
                expression(file, line, en.getExpression(), camel);
            }
            if (node instanceof ToDefinition to && to.getUri() != null) {
                String uri = to.getUri();
                if (uri.startsWith("direct:") && !unreadableFile && !consumed.contains(endpointKey(camel, uri))) {
                    error(file, line, "route/direct", "sends to " + uri + " but no route reads from it");
                }
            }
            walk(node.getOutputs(), w, claimed);
            if (node instanceof ChoiceDefinition choice) {
                walk(choice.getWhenClauses(), w, claimed);
                if (choice.getOtherwise() != null) {
                    walk(List.of(choice.getOtherwise()), w, claimed);
                }
            }
            if (node instanceof TryDefinition t) {
                walk(t.getCatchClauses(), w, claimed);
                if (t.getFinallyClause() != null) {
                    walk(List.of(t.getFinallyClause()), w, claimed);
                }
            }
        }
    }

    private void expression(String file, int line, ExpressionDefinition expression, CamelContext camel) {
        if (expression instanceof MethodCallExpression call) {
            bean(file, line, resolved(camel, call.getRef()), call.getMethod(), call.getBeanTypeName());
        }
    }

    /** A bean name written as a placeholder ({@code {{adapter}}} in a route template) is checked as it resolves. */
    private static String resolved(CamelContext camel, String ref) {
        if (ref == null || !ref.contains("{{")) {
            return ref;
        }
        try {
            return camel.resolvePropertyPlaceholders(ref);
        } catch (RuntimeException e) {
            return ref; // reported as a placeholder problem
        }
    }

    /** A bean step must name a Kindly bean (or a class) and a public method it has. */
    private void bean(String file, int line, String ref, String method, String beanType) {
        if (ref == null) {
            return; // a bean by class name: Camel checks the class when the route starts
        }
        String name = ref.startsWith("#") ? ref.substring(1).replaceFirst("^bean:", "") : ref;
        Class<?> type = ctx.beans().get(name);
        if (type == null) {
            error(file, line, "route/bean", "there is no bean named '" + name + "'; Kindly's beans are "
                    + new TreeSet<>(ctx.beans().keySet()));
            return;
        }
        if (method == null) {
            return;
        }
        String methodName = method.contains("(") ? method.substring(0, method.indexOf('(')).strip() : method.strip();
        boolean found = Arrays.stream(type.getMethods())
                .filter(m -> !m.getDeclaringClass().equals(Object.class) && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).anyMatch(methodName::equals);
        if (!found) {
            error(file, line, "route/bean", "bean '" + name + "' has no method '" + methodName + "'; it has "
                    + methodsOf(type));
        }
    }

    private static Set<String> methodsOf(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Method m : type.getMethods()) {
            if (!m.getDeclaringClass().equals(Object.class) && !Modifier.isStatic(m.getModifiers())) {
                names.add(m.getName());
            }
        }
        return names;
    }

    /** A route whose precondition is false does not exist, exactly as when the daemon starts. */
    private boolean included(CamelContext camel, RouteDefinition r) {
        String precondition = r.getPrecondition();
        if (precondition == null || precondition.isBlank()) {
            return true;
        }
        String file = fileOf(r.getLocation());
        try {
            String resolved = camel.resolvePropertyPlaceholders(precondition);
            return camel.resolveLanguage("simple").createPredicate(resolved).matches(new DefaultExchange(camel));
        } catch (RuntimeException e) {
            error(file, r.getLineNumber(), "route/precondition", "precondition '" + precondition
                    + "' cannot be evaluated: " + e.getMessage());
            return false;
        }
    }

    /** {@code direct:name?options} and a placeholder in the name are compared as the daemon would see them. */
    private static String endpointKey(CamelContext camel, String uri) {
        String resolved;
        try {
            resolved = camel.resolvePropertyPlaceholders(uri);
        } catch (RuntimeException e) {
            resolved = uri; // reported as a placeholder problem
        }
        int q = resolved.indexOf('?');
        return (q < 0 ? resolved : resolved.substring(0, q)).replace("direct://", "direct:");
    }

    // ------------------------------------------------------------------------------------------------ files

    private List<Path> routeFiles() {
        List<Path> out = new ArrayList<>();
        for (String pattern : ctx.include().split(",")) {
            String p = pattern.strip().replaceFirst("^file:", "");
            if (p.isEmpty() || p.startsWith("classpath:")) {
                continue;
            }
            int wildcard = indexOfWildcard(p);
            Path root = ctx.baseDir().resolve(wildcard < 0 ? p : p.substring(0, Math.max(0, p.lastIndexOf('/', wildcard))));
            if (wildcard < 0) {
                if (Files.isRegularFile(root)) {
                    out.add(root);
                }
                continue;
            }
            if (!Files.isDirectory(root)) {
                continue;
            }
            // Camel's own matcher, so routes/**/*.camel.yaml takes routes/cycle.camel.yaml as Camel does
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile)
                        .filter(f -> AntPathMatcher.INSTANCE.match(p, (Path.of(p.substring(0, wildcard)).isAbsolute()
                                ? f.toAbsolutePath() : ctx.baseDir().relativize(f)).toString().replace('\\', '/')))
                        .sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static int indexOfWildcard(String p) {
        int star = p.indexOf('*');
        int question = p.indexOf('?');
        return star < 0 ? question : question < 0 ? star : Math.min(star, question);
    }

    private String relative(Path file) {
        Path base = ctx.baseDir().toAbsolutePath().normalize();
        Path abs = file.toAbsolutePath().normalize();
        return (abs.startsWith(base) ? base.relativize(abs) : abs).toString().replace('\\', '/');
    }

    private String fileOf(String location) {
        if (location == null) {
            return "routes";
        }
        return relative(Path.of(location.replaceFirst("^file:", "")));
    }

    private void error(String file, int line, String rule, String message) {
        findings.add(new Finding(Finding.Severity.ERROR, file, line, rule, message));
    }

    private void warn(String file, int line, String rule, String message) {
        findings.add(new Finding(Finding.Severity.WARNING, file, line, rule, message));
    }
}
