package scope.runtime.workflow;

/**
 * One dependency of a workflow and whether this server has it (spec 1.9).
 *
 * @param kind           {@code pipeline}, {@code node}, {@code plugin} or {@code lora}
 * @param name           pipeline id, node type, plugin (bundle symbolic) name or LoRA file name
 * @param status         {@code ok}, {@code missing}, {@code unavailable} (registered but filtered, e.g. VRAM),
 *                       {@code version_mismatch} or {@code failed} (installed, but its hook failed)
 * @param detail         a sentence for the user, or null
 * @param action         what the user can do about it, or null
 * @param canAutoResolve whether the server could fix it on its own; always false here (no installer endpoint)
 */
public record ResolveItem(String kind, String name, String status, String detail, String action,
        boolean canAutoResolve) {
    public static final String OK = "ok";

    /** Whether this item stops the workflow from being applied (LoRAs never do, as in Scope). */
    public boolean blocks() {
        return !"lora".equals(kind) && !OK.equals(status);
    }
}
