// The document `pulumi preview --json` writes, as far as this project reads or writes it. Secret
// values appear as the string "[secret]"; values unknown until deployment appear as the engine's
// unknown sentinel string.

export const SECRET_PLACEHOLDER = "[secret]";
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A resource's state as the engine serializes it (apitype.ResourceV3). */
export interface ResourceState {
    urn: string;
    custom: boolean;
    type: string;
    id?: string;
    inputs: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    parent?: string;
    provider?: string;
    protect?: boolean;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    additionalSecretOutputs?: string[];
    ignoreChanges?: string[];
    retainOnDelete?: boolean;
    deleteBeforeReplace?: boolean;
}

export interface PreviewStep {
    op: string;
    urn: string;
    provider?: string;
    oldState?: ResourceState;
    newState?: ResourceState;
    diffReasons?: string[];
    replaceReasons?: string[];
    detailedDiff?: Record<string, { kind: string; inputDiff: boolean }> | null;
}

export interface PreviewDiagnostic {
    urn?: string;
    prefix?: string;
    message?: string;
    severity?: string;
}

export interface PreviewDigest {
    config?: Record<string, string>;
    steps?: PreviewStep[];
    diagnostics?: PreviewDiagnostic[];
    /** Nanoseconds, as Go's time.Duration serializes. */
    duration?: number;
    changeSummary?: Record<string, number>;
    maybeCorrupt?: boolean;
}
