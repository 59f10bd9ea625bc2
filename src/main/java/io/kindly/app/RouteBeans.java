package io.kindly.app;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;

/**
 * The beans the YAML routes call by name, each declared once: a public method of a start-up class ({@link CoreBeans},
 * {@link DemoBeans}) marked with Camel's {@link BindToRegistry}, its name the route's {@code ref} and its return type
 * the bean's type. {@link #bind} binds what those methods return; {@link #TYPES} is read from the same methods, so
 * {@code kindly lint} checks the routes' bean steps against exactly what start-up binds, without starting anything.
 */
public final class RouteBeans {
    /** Where beans are declared, in the order start-up binds them. */
    private static final Class<?>[] DECLARED_BY = {CoreBeans.class, DemoBeans.class};

    /** Every bean a route may call, by name, with its type. */
    public static final Map<String, Class<?>> TYPES = typesOf(DECLARED_BY);

    private RouteBeans() {
    }

    /** Binds the beans this object declares; a method that returns null (a bean this setup does not use) binds none. */
    public static void bind(CamelContext context, Object declaring) {
        for (Method m : declared(declaring.getClass())) {
            Object bean;
            try {
                bean = m.invoke(declaring);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot make bean '" + nameOf(m) + "'", e);
            }
            if (bean != null) {
                context.getRegistry().bind(nameOf(m), m.getReturnType(), bean);
            }
        }
    }

    static Map<String, Class<?>> typesOf(Class<?>... classes) {
        Map<String, Class<?>> types = new TreeMap<>();
        for (Class<?> c : classes) {
            for (Method m : declared(c)) {
                if (types.put(nameOf(m), m.getReturnType()) != null) {
                    throw new IllegalStateException("bean '" + nameOf(m) + "' is declared twice");
                }
            }
        }
        return Map.copyOf(types);
    }

    private static java.util.List<Method> declared(Class<?> c) {
        return java.util.Arrays.stream(c.getMethods())
                .filter(m -> m.isAnnotationPresent(BindToRegistry.class) && m.getParameterCount() == 0
                        && !Modifier.isStatic(m.getModifiers()))
                .sorted(java.util.Comparator.comparing(RouteBeans::nameOf))
                .toList();
    }

    private static String nameOf(Method m) {
        String name = m.getAnnotation(BindToRegistry.class).value();
        return name.isEmpty() ? m.getName() : name;
    }
}
