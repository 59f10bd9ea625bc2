package io.kindly.render;

import java.util.List;

/**
 * A check on a template's source before it is used. Templates are picked up while Kindly runs; this makes sure an
 * edit that start-up would have refused (a threat, a reach into Java) fails its messages instead of going out.
 */
@FunctionalInterface
public interface SourceGuard {
    SourceGuard NONE = (name, source) -> List.of();

    /**
     * @param name   relative to the template folder, e.g. {@code overdue/sms_en.ftl}
     * @return why the source must not be used, each naming its line and rule; empty when it may be used
     */
    List<String> refusals(String name, String source);
}
