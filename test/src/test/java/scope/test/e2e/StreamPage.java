package scope.test.e2e;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The stream page's controls as a person uses them: choose from a select, type into a field, press a button. Each
 * action first checks that the control is shown and enabled, so a test fails where a person would be stuck.
 */
final class StreamPage {
    static final String OUTPUT = "[data-testid=output-video]";
    static final String PHASE = "document.querySelector('[data-testid=status-phase]').textContent";
    static final String DIAG = PHASE + " + ' / ' + document.querySelector('[data-testid=status-stage]').textContent"
            + " + ' / ' + document.querySelector('[data-testid=status-error]').textContent"
            + " + ' / toasts: ' + JSON.stringify(e2e.toasts())";

    private final E2e e;

    StreamPage(E2e e) {
        this.e = e;
    }

    /** Opens the stream page and waits until the pipeline selector offers the pipeline. */
    void open(String pipelineId) throws Exception {
        e.openUi("#stream");
        e.waitFor(usable("[data-testid=pipeline-select] option[value=" + pipelineId + "]"), 30,
                pipelineId + " offered in the pipeline selector", "document.body.innerText.slice(0, 500)");
    }

    void selectPipeline(String id) throws Exception {
        choose("[data-testid=pipeline-select]", id);
    }

    void selectMode(String mode) throws Exception {
        choose("[data-testid=mode-select]", mode);
    }

    void setResolution(int height, int width) throws Exception {
        enter("[data-field=height] input", String.valueOf(height), "change");
        enter("[data-field=width] input", String.valueOf(width), "change");
    }

    /** Types into the first prompt box. */
    void typePrompt(String text) throws Exception {
        enter("[data-testid=prompt-input]", text, "input");
    }

    void setTransitionSteps(int steps) throws Exception {
        enter("[data-testid=transition-steps]", String.valueOf(steps), "change");
    }

    void sendPrompts() throws Exception {
        press("[data-testid=prompt-send]");
    }

    void resetCache() throws Exception {
        press("[data-testid=reset-cache]");
    }

    /** Presses Start and waits until the page says it is streaming; fails as soon as it shows an error instead. */
    void startAndAwaitStreaming() throws Exception {
        press("[data-testid=start-button]");
        e.waitFor(PHASE + " === 'streaming' || !document.querySelector('[data-testid=status-error]').hidden", 120,
                "the stream page to say streaming", DIAG);
        if (!"streaming".equals(e.js(PHASE).asText())) {
            throw new AssertionError("Start failed: " + e.js(DIAG).asText());
        }
    }

    String value(String selector) throws Exception {
        return e.js("document.querySelector(" + E2e.quote(selector) + ")?.value ?? null").asText();
    }

    private void choose(String selector, String value) throws Exception {
        awaitUsable(selector);
        JsonNode chosen = e.js("(() => { const s = document.querySelector(" + E2e.quote(selector) + ");"
                + " const o = [...s.options].find(o => o.value === " + E2e.quote(value) + ");"
                + " if (!o || o.disabled) return null;"
                + " s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value; })()");
        if (!value.equals(chosen.asText(null))) {
            throw new AssertionError(selector + " does not offer " + value + ": options "
                    + e.js("[...document.querySelector(" + E2e.quote(selector) + ").options].map(o => o.value"
                            + " + (o.disabled ? ' (disabled)' : ''))"));
        }
    }

    /** Sets a field's text as typing does and fires the event the page listens to (input, or change on leaving). */
    private void enter(String selector, String text, String event) throws Exception {
        awaitUsable(selector);
        e.js("(() => { const i = document.querySelector(" + E2e.quote(selector) + "); i.focus(); i.value = "
                + E2e.quote(text) + "; i.dispatchEvent(new Event(" + E2e.quote(event) + ", {bubbles: true}));"
                + " i.blur(); })()");
    }

    private void press(String selector) throws Exception {
        awaitUsable(selector);
        e.js("document.querySelector(" + E2e.quote(selector) + ").click()");
    }

    /** Waits (briefly: controls re-render on state changes) until the control is shown and enabled. */
    private void awaitUsable(String selector) throws Exception {
        e.waitFor(usable(selector), 10, selector + " to be shown and enabled",
                "(() => { const c = document.querySelector(" + E2e.quote(selector) + ");"
                        + " return c ? 'disabled=' + c.disabled + ' visible=' + c.checkVisibility() : 'missing'; })()"
                        + " + ' / ' + " + DIAG);
    }

    private static String usable(String selector) {
        return "(() => { const c = document.querySelector(" + E2e.quote(selector) + ");"
                + " return !!c && !c.disabled && (c.tagName === 'OPTION' || c.checkVisibility()); })()";
    }
}
