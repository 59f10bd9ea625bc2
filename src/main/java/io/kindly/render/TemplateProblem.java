package io.kindly.render;

/** A template that cannot be rendered: missing, unparsable, or using a variable the model does not have. */
public class TemplateProblem extends Exception {
    private static final long serialVersionUID = 1L;

    public TemplateProblem(String message) {
        super(message, null, false, false);
    }
}
