// Turns a recorded run into the document `pulumi preview --json` writes: one `create` step per
// resource with its new state, secrets blinded as "[secret]", and a change summary.
import { isSecretWire, RecordedResource } from "./engine";
import { ProgramRun } from "./runProgram";
import { PreviewDigest, PreviewStep, ResourceState, SECRET_PLACEHOLDER } from "./previewFormat";

/** Replaces every secret value with the placeholder, as the CLI does without --show-secrets. */
export function blindSecrets(value: unknown): unknown {
    if (isSecretWire(value)) return SECRET_PLACEHOLDER;
    if (Array.isArray(value)) return value.map(blindSecrets);
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blindSecrets(v)]));
    }
    return value;
}

function stateOf(
    r: RecordedResource,
    stackOutputs: Record<string, unknown> | undefined,
): ResourceState {
    const isStack = r.type === "pulumi:pulumi:Stack";
    const state: ResourceState = {
        urn: r.urn,
        custom: r.custom,
        type: r.type,
        inputs: blindSecrets(r.wireInputs) as Record<string, unknown>,
        outputs: blindSecrets(isStack ? (stackOutputs ?? {}) : (r.wireOutputs ?? {})) as Record<
            string,
            unknown
        >,
    };
    if (r.parent) state.parent = r.parent;
    if (r.provider) state.provider = r.provider;
    if (r.options.protect) state.protect = true;
    if (r.options.dependsOn.length > 0) state.dependencies = r.options.dependsOn;
    if (Object.keys(r.propertyDependencies).length > 0) {
        state.propertyDependencies = r.propertyDependencies;
    }
    if (r.options.additionalSecretOutputs.length > 0) {
        state.additionalSecretOutputs = r.options.additionalSecretOutputs;
    }
    if (r.options.ignoreChanges.length > 0) state.ignoreChanges = r.options.ignoreChanges;
    if (r.options.retainOnDelete) state.retainOnDelete = true;
    if (r.options.deleteBeforeReplace) state.deleteBeforeReplace = true;
    return state;
}

export function toPreviewDigest(run: ProgramRun): PreviewDigest {
    const { engine, files } = run;
    const steps: PreviewStep[] = engine.resources.map((r) => {
        const step: PreviewStep = {
            op: "create",
            urn: r.urn,
            newState: stateOf(r, engine.stackOutputs),
        };
        if (r.provider) step.provider = r.provider;
        step.detailedDiff = null;
        return step;
    });
    const config = Object.fromEntries(
        Object.entries(files.config).map(([k, v]) => [
            k,
            files.secretKeys.includes(k) ? SECRET_PLACEHOLDER : v,
        ]),
    );
    return {
        config,
        steps,
        duration: run.durationMs * 1_000_000,
        changeSummary: { create: steps.length },
    };
}
