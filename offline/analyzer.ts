// Runs CrossGuard policy packs over a plan the way the Pulumi CLI does: each pack is started with
// `run-policy-pack` (the program behind `pulumi-analyzer-policy`), prints its gRPC port, and is
// then asked for its policies, configured, and sent every resource (Analyze) and the whole stack
// (AnalyzeStack) over the analyzer protocol. Nothing here evaluates a policy itself.
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import Ajv, { ErrorObject } from "ajv";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { parse as parseYaml } from "yaml";
import { PreviewDigest, PreviewStep, ResourceState } from "./previewFormat";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** A policy's config schema as the pack declares it: JSON Schemas of its properties. */
export interface PolicyConfigSchema {
    readonly properties: Record<string, Record<string, unknown>>;
    readonly required?: string[];
}

export interface PolicyDescription {
    readonly name: string;
    /** Whether the policy judges one resource at a time or the whole stack. */
    readonly kind: "resource" | "stack" | "unknown";
    readonly description: string;
    /** The level the policy ran at: its own, overridden by the pack config. */
    readonly enforcementLevel: EnforcementLevel;
    readonly configSchema?: PolicyConfigSchema;
}

export interface PackDescription {
    readonly name: string;
    readonly version: string;
    readonly policies: PolicyDescription[];
}

export interface PolicyViolation {
    readonly packName: string;
    readonly packVersion: string;
    readonly policyName: string;
    readonly description: string;
    /** What the policy reported, without the description the SDK prefixes to it. */
    readonly message: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn?: string;
    readonly resourceName?: string;
    readonly resourceType?: string;
}

export interface PolicyReport {
    readonly packs: PackDescription[];
    /** Resource violations in plan order, then stack violations, pack by pack. */
    readonly violations: PolicyViolation[];
    /** Pack name → policy name → how many resources the policy reported not applicable to. */
    readonly notApplicable: Record<string, Record<string, number>>;
    /** How many resources each pack was sent (steps that do not delete a resource). */
    readonly resourcesAnalyzed: number;
}

/** One entry of a pack config file: an enforcement level and/or the policy's properties. */
export interface PolicyConfigEntry {
    readonly enforcementLevel?: EnforcementLevel;
    readonly properties: Record<string, unknown>;
}

/** A parsed `--policy-pack-config` file: policy name (or "all") → its entry. */
export interface PolicyPackConfigFile {
    readonly file: string;
    readonly policies: Record<string, PolicyConfigEntry>;
}

export interface PolicyPackSource {
    /** The pack's directory (holding PulumiPolicy.yaml). */
    readonly dir: string;
    /** A `--policy-pack-config` file for this pack. */
    readonly configFile?: string;
}

export interface AnalyzerOptions {
    /** How long a pack may take to compile and print its port; defaults to 60 000 ms. */
    readonly startTimeoutMs?: number;
    /** Deadline of each analyzer RPC; defaults to 60 000 ms. */
    readonly callTimeoutMs?: number;
}

/** Bad input: a plan, pack config or pack that cannot be used; the message says what and why. */
export class PolicyInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = new.target.name;
    }
}
export class PlanFileError extends PolicyInputError {}
export class PolicyConfigError extends PolicyInputError {}
export class PolicyPackError extends PolicyInputError {}

export function hasMandatoryViolations(report: PolicyReport): boolean {
    return report.violations.some((v) => v.enforcementLevel === "mandatory");
}

// ---- plan files ----------------------------------------------------------------------------

const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
    "advisory",
    "mandatory",
    "remediate",
    "disabled",
];

/** Step operations that remove a resource: the engine sends those to no analyzer. */
const REMOVING_OPS = [
    "delete",
    "delete-replaced",
    "discard",
    "discard-replaced",
    "read-discard",
    "remove-pending-replace",
];
const STEP_OPS = [
    "same",
    "create",
    "update",
    "replace",
    "create-replacement",
    "read",
    "read-replacement",
    "refresh",
    "import",
    "import-replacement",
    ...REMOVING_OPS,
];

const URN = {
    type: "string",
    pattern: "^urn:pulumi:[^:]+::[^:]+::.+::.+$",
    description: "a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)",
};
const URN_LIST = { type: "array", items: URN, description: "an array of URNs" };
const PROVIDER_REF = {
    type: "string",
    pattern: "^urn:pulumi:[^:]+::[^:]+::([^:]+:[^:]+:[^:]+\\$)*pulumi:providers:[^:]+::.+::.+$",
    description: "a provider reference (<provider urn>::<provider id>)",
};
const STRINGS = { type: "array", items: { type: "string" }, description: "an array of strings" };
const BOOLEAN = { type: "boolean", description: "true or false" };
const OBJECT = { type: "object", description: "an object" };

const RESOURCE_STATE = {
    type: "object",
    description: "a resource state object",
    required: ["urn", "type"],
    properties: {
        urn: URN,
        custom: BOOLEAN,
        type: {
            type: "string",
            minLength: 1,
            description: 'the resource type token (a string such as "aws:s3/bucket:Bucket")',
        },
        id: { type: "string", description: "the resource id (a string)" },
        inputs: { ...OBJECT, description: "the resource's inputs (an object)", default: {} },
        outputs: { ...OBJECT, description: "the resource's outputs (an object)", default: {} },
        parent: URN,
        provider: PROVIDER_REF,
        protect: BOOLEAN,
        dependencies: URN_LIST,
        propertyDependencies: {
            ...OBJECT,
            description: "an object of property names to arrays of URNs",
            additionalProperties: URN_LIST,
        },
        ignoreChanges: STRINGS,
        additionalSecretOutputs: STRINGS,
        retainOnDelete: BOOLEAN,
        deleteBeforeReplace: BOOLEAN,
    },
};

const PLAN_SCHEMA = {
    type: "object",
    description: 'a pulumi preview --json object with "steps"',
    required: ["steps"],
    properties: {
        config: OBJECT,
        steps: {
            type: "array",
            description: "the list of preview steps (an array)",
            items: {
                type: "object",
                description: "a step object with op, urn and newState",
                required: ["op", "urn"],
                properties: {
                    op: {
                        type: "string",
                        enum: STEP_OPS,
                        description: `a step operation (${STEP_OPS.join(", ")})`,
                    },
                    urn: URN,
                    provider: PROVIDER_REF,
                    oldState: RESOURCE_STATE,
                    newState: RESOURCE_STATE,
                },
                if: { properties: { op: { enum: REMOVING_OPS } } },
                // Repeated here so that a missing state is explained by its own description.
                then: { required: ["oldState"], properties: { oldState: RESOURCE_STATE } },
                else: { required: ["newState"], properties: { newState: RESOURCE_STATE } },
            },
        },
        diagnostics: { type: "array", description: "an array of diagnostics" },
    },
};

const validatePlan = new Ajv({ useDefaults: true, verbose: true, strict: false }).compile(
    PLAN_SCHEMA,
);

/**
 * Reads a `pulumi preview --json` plan and checks its shape. A file that is missing, not JSON or
 * not such a plan fails with one PlanFileError naming the file and, for a shape error, the JSON
 * pointer of the first offending value and what was expected there.
 */
export function readPlanFile(file: string): PreviewDigest {
    const text = readText(file, "Plan file", PlanFileError);
    let plan: unknown;
    try {
        plan = JSON.parse(text);
    } catch (err) {
        throw new PlanFileError(`Plan file ${file} is not JSON: ${(err as Error).message}.`);
    }
    if (!validatePlan(plan)) {
        const { pointer, expected, found } = explain(validatePlan.errors![0]);
        throw new PlanFileError(
            `Plan file ${file} is not a pulumi preview --json plan: at ${pointer}, expected ` +
                `${expected}, found ${found}.`,
        );
    }
    return plan as PreviewDigest;
}

function readText(file: string, what: string, error: new (m: string) => PolicyInputError): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why =
            code === "ENOENT"
                ? "it does not exist"
                : code === "EISDIR"
                  ? "it is a directory"
                  : (err as Error).message;
        throw new error(`${what} ${file} cannot be read: ${why}.`);
    }
}

/** Turns the first schema error into where it is, what was expected there and what was found. */
function explain(err: ErrorObject): { pointer: string; expected: string; found: string } {
    const schema = (err.parentSchema ?? {}) as Record<string, any>;
    const at = (p: string) => (p === "" ? "the top level" : p);
    switch (err.keyword) {
        case "required": {
            const missing: string = err.params.missingProperty;
            const wanted = schema.properties?.[missing]?.description;
            return {
                pointer: at(`${err.instancePath}/${missing}`),
                expected: wanted ?? `property "${missing}"`,
                found: "nothing",
            };
        }
        case "enum":
        case "type":
        case "pattern":
        case "minLength":
            return {
                pointer: at(err.instancePath),
                expected: schema.description ?? err.message ?? err.keyword,
                found: summarize(err.data),
            };
        default:
            return {
                pointer: at(err.instancePath),
                expected: err.message ?? err.keyword,
                found: summarize(err.data),
            };
    }
}

function summarize(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    if (typeof value === "object") return "an object";
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// ---- pack config -----------------------------------------------------------------------------

/** Reads a pack config file in the CLI's format; its policies are checked against the pack. */
export function readPolicyPackConfig(file: string): PolicyPackConfigFile {
    const text = readText(file, "Policy pack config", PolicyConfigError);
    let raw: unknown;
    try {
        raw = text.trim() === "" ? {} : JSON.parse(text);
    } catch (err) {
        throw new PolicyConfigError(
            `Policy pack config ${file} is not JSON: ${(err as Error).message}.`,
        );
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new PolicyConfigError(
            `Policy pack config ${file} must be a JSON object of policy names to an enforcement ` +
                `level or an object of settings, not ${summarize(raw)}.`,
        );
    }
    const levels = ENFORCEMENT_LEVELS.map((l) => `"${l}"`).join(", ");
    const policies: Record<string, PolicyConfigEntry> = {};
    for (const [name, value] of Object.entries(raw)) {
        const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
        if (typeof value !== "string" && !isObject) {
            throw new PolicyConfigError(
                `Policy pack config ${file}: "${name}" must be an enforcement level (${levels}) ` +
                    `or an object of settings, not ${summarize(value)}.`,
            );
        }
        const { enforcementLevel, ...properties } =
            typeof value === "string"
                ? { enforcementLevel: value }
                : (value as Record<string, unknown>);
        const level = enforcementLevel as EnforcementLevel | undefined;
        if (level !== undefined && !ENFORCEMENT_LEVELS.includes(level)) {
            throw new PolicyConfigError(
                `Policy pack config ${file}: "${name}" has enforcement level ` +
                    `${summarize(level)}; allowed: ${levels}.`,
            );
        }
        if (name === "all" && Object.keys(properties).length > 0) {
            throw new PolicyConfigError(
                `Policy pack config ${file}: "all" takes only an enforcement level, but sets ` +
                    `${Object.keys(properties).join(", ")}; ` +
                    "move those settings under their policy.",
            );
        }
        policies[name] = { enforcementLevel: level, properties };
    }
    return { file, policies };
}

const configAjv = new Ajv({ useDefaults: true, verbose: true, strict: false, allErrors: false });

/**
 * The config each policy runs with, as the CLI reconciles it: the policy's own level and schema
 * defaults, then the pack's initial config, then the file ("all" first). Stricter than the CLI in
 * two ways, because a typo in a compliance setting must not pass silently: a policy name the pack
 * does not have and a property its schema does not declare are errors.
 */
function reconcileConfig(
    pack: PackDescription,
    initial: Record<string, PolicyConfigEntry>,
    config: PolicyPackConfigFile | undefined,
): Map<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }> {
    const result = new Map(
        pack.policies.map((p) => [
            p.name,
            { enforcementLevel: p.enforcementLevel, properties: {} as Record<string, unknown> },
        ]),
    );
    const file = config?.file ?? "(initial config)";
    for (const layer of [initial, config?.policies ?? {}]) {
        const all = layer["all"]?.enforcementLevel;
        if (all) for (const entry of result.values()) entry.enforcementLevel = all;
        for (const [name, given] of Object.entries(layer)) {
            if (name === "all") continue;
            const entry = result.get(name);
            if (!entry) {
                const known = pack.policies.map((p) => p.name).join(", ");
                throw new PolicyConfigError(
                    `Policy pack config ${file}: pack "${pack.name}" has no policy "${name}"; ` +
                        `its policies are ${known}.`,
                );
            }
            if (given.enforcementLevel) entry.enforcementLevel = given.enforcementLevel;
            Object.assign(entry.properties, given.properties);
        }
    }
    for (const policy of pack.policies) {
        const entry = result.get(policy.name)!;
        const declared = policy.configSchema?.properties ?? {};
        const schema = {
            type: "object",
            properties: declared,
            required: policy.configSchema?.required ?? [],
            additionalProperties: false,
        };
        const validate = configAjv.compile(schema);
        // Schemas come fresh from the pack on every run; drop each from Ajv's cache after use.
        configAjv.removeSchema(schema);
        if (!validate(entry.properties)) {
            const problem = configProblem(validate.errors![0], declared);
            throw new PolicyConfigError(
                `Policy pack config ${file}: policy "${policy.name}" ${problem}.`,
            );
        }
    }
    return result;
}

function configProblem(
    err: ErrorObject,
    declared: Record<string, Record<string, unknown>>,
): string {
    const settings = Object.keys(declared);
    const allowedSettings =
        settings.length > 0 ? `its settings are ${settings.join(", ")}` : "it has no settings";
    if (err.keyword === "additionalProperties") {
        return `has no setting "${err.params.additionalProperty}"; ${allowedSettings}`;
    }
    if (err.keyword === "required") {
        return `needs the setting "${err.params.missingProperty}"; ${allowedSettings}`;
    }
    const [property, ...rest] = err.instancePath.split("/").slice(1);
    const where = rest.length > 0 ? `${property}[${rest.join("][")}]` : property;
    let rule: string;
    switch (err.keyword) {
        case "type":
            rule = `must be ${/^[aeiou]/.test(err.params.type) ? "an" : "a"} ${err.params.type}`;
            break;
        case "enum":
            rule = `must be one of ${(err.params.allowedValues as unknown[])
                .map((v) => JSON.stringify(v))
                .join(", ")}`;
            break;
        case "pattern":
            rule = `must match ${err.params.pattern}`;
            break;
        case "minItems":
            rule = `must list at least ${err.params.limit} item(s)`;
            break;
        case "uniqueItems":
            rule = `must not repeat an item (items ${err.params.j} and ${err.params.i} are equal)`;
            break;
        case "minLength":
            rule = "must not be empty";
            break;
        default:
            rule = err.message ?? err.keyword;
    }
    const about = declared[property]?.description;
    const aboutList = err.keyword === "uniqueItems" || err.keyword === "minItems";
    const value = aboutList ? "" : `, found ${summarize(err.data)}`;
    const purpose = typeof about === "string" ? ` (${property}: ${about.replace(/\.$/, "")})` : "";
    return `setting "${where}" ${rule}${value}${purpose}`;
}

// ---- pack processes ---------------------------------------------------------------------------

const RUN_POLICY_PACK = path.join(
    path.dirname(require.resolve("@pulumi/pulumi/package.json")),
    "cmd",
    "run-policy-pack",
);

/** The CLI passes its engine's address; offline there is none, and the pack never dials it. */
const NO_ENGINE_ADDRESS = "127.0.0.1:0";

const DEFAULT_TIMEOUT_MS = 60_000;

const livePacks = new Set<ChildProcess>();
process.on("exit", () => {
    for (const child of livePacks) child.kill();
});

const levelOf: Record<pb.EnforcementLevel, EnforcementLevel> = {
    [pb.EnforcementLevel.ADVISORY]: "advisory",
    [pb.EnforcementLevel.MANDATORY]: "mandatory",
    [pb.EnforcementLevel.DISABLED]: "disabled",
    [pb.EnforcementLevel.REMEDIATE]: "remediate",
};
const levelEnum = Object.fromEntries(
    Object.entries(levelOf).map(([k, v]) => [v, Number(k)]),
) as Record<EnforcementLevel, pb.EnforcementLevel>;

type Unary<Req, Res> = (
    request: Req,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: (error: grpc.ServiceError | null, response: Res) => void,
) => grpc.ClientUnaryCall;

/** A policy pack served by its own process, reusable for several plans; always `stop()` it. */
export class RunningPolicyPack {
    private constructor(
        readonly dir: string,
        private readonly child: ChildProcess,
        private readonly client: AnalyzerClient,
        private readonly stderr: () => string,
        private readonly callTimeoutMs: number,
    ) {}

    /** Starts the pack in `dir` as the CLI does and connects to the port it prints. */
    static async start(dir: string, options: AnalyzerOptions = {}): Promise<RunningPolicyPack> {
        const packDir = path.resolve(dir);
        checkPackDir(dir, packDir);
        const child = spawn(process.execPath, [RUN_POLICY_PACK, NO_ENGINE_ADDRESS, "."], {
            cwd: packDir,
            env: { ...process.env, PULUMI_DRY_RUN: "true", PULUMI_NODEJS_DRY_RUN: "true" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        livePacks.add(child);
        child.on("exit", () => livePacks.delete(child));
        let stderr = "";
        child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        try {
            const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_TIMEOUT_MS;
            const port = await readPort(child, dir, () => stderr, startTimeoutMs);
            const client = new AnalyzerClient(
                `127.0.0.1:${port}`,
                grpc.credentials.createInsecure(),
                { "grpc.max_receive_message_length": 400 * 1024 * 1024 },
            );
            const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_TIMEOUT_MS;
            return new RunningPolicyPack(dir, child, client, () => stderr, callTimeoutMs);
        } catch (err) {
            child.kill();
            throw err;
        }
    }

    /** Analyzes one plan: policies, config, every resource, then the stack. */
    async analyze(plan: PreviewDigest, config?: PolicyPackConfigFile): Promise<PolicyReport> {
        const info = await this.call<Empty, pb.AnalyzerInfo>(
            this.client.getAnalyzerInfo.bind(this.client),
            new Empty(),
            "GetAnalyzerInfo",
        );
        const declared: PackDescription = {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map(describePolicy),
        };
        const initial: Record<string, PolicyConfigEntry> = {};
        info.getInitialconfigMap().forEach((c, name) => {
            initial[name] = {
                enforcementLevel: levelOf[c.getEnforcementlevel()],
                properties: (c.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
            };
        });
        const settings = reconcileConfig(declared, initial, config);

        const configure = new pb.ConfigureAnalyzerRequest();
        for (const [name, entry] of settings) {
            const policyConfig = new pb.PolicyConfig();
            policyConfig.setEnforcementlevel(levelEnum[entry.enforcementLevel]);
            policyConfig.setProperties(toStruct(entry.properties));
            configure.getPolicyconfigMap().set(name, policyConfig);
        }
        await this.call(this.client.configure.bind(this.client), configure, "Configure");
        const pack: PackDescription = {
            ...declared,
            policies: declared.policies.map((p) => ({
                ...p,
                enforcementLevel: settings.get(p.name)!.enforcementLevel,
            })),
        };

        const view = new PlanView(plan);
        const notApplicable: Record<string, number> = {};
        const violations: PolicyViolation[] = [];
        const collect = (response: pb.AnalyzeResponse, defaultUrn?: string) => {
            for (const na of response.getNotApplicableList()) {
                notApplicable[na.getPolicyName()] = (notApplicable[na.getPolicyName()] ?? 0) + 1;
            }
            for (const d of response.getDiagnosticsList()) {
                violations.push(view.violation(d, pack, defaultUrn));
            }
        };

        const responses = await Promise.all(
            view.analyzed.map((state) =>
                this.call(
                    this.client.analyze.bind(this.client),
                    view.analyzeRequest(state),
                    `Analyze of ${state.urn}`,
                ),
            ),
        );
        responses.forEach((response, i) => collect(response, view.analyzed[i].urn));
        const stack = new pb.AnalyzeStackRequest();
        stack.setResourcesList(view.analyzed.map((state) => view.stackResource(state)));
        collect(await this.call(this.client.analyzeStack.bind(this.client), stack, "AnalyzeStack"));

        return {
            packs: [pack],
            violations,
            notApplicable: { [pack.name]: notApplicable },
            resourcesAnalyzed: view.analyzed.length,
        };
    }

    stop(): void {
        this.client.close();
        this.child.kill();
    }

    private call<Req, Res>(method: Unary<Req, Res>, request: Req, what: string): Promise<Res> {
        return new Promise((resolve, reject) => {
            const deadline = Date.now() + this.callTimeoutMs;
            method(request, new grpc.Metadata(), { deadline }, (err, response) => {
                if (!err) return resolve(response);
                const stderr = this.stderr().trim();
                reject(
                    new PolicyPackError(
                        `Policy pack ${this.dir} failed in ${what}: ${err.details || err.message}` +
                            (stderr ? `\n${stderr}` : ""),
                    ),
                );
            });
        });
    }
}

function checkPackDir(dir: string, packDir: string): void {
    if (!fs.existsSync(packDir) || !fs.statSync(packDir).isDirectory()) {
        throw new PolicyPackError(`Policy pack ${dir} is not a directory.`);
    }
    const manifest = path.join(packDir, "PulumiPolicy.yaml");
    if (!fs.existsSync(manifest)) {
        throw new PolicyPackError(
            `Policy pack ${dir} has no PulumiPolicy.yaml; point --policy-pack at a pack directory.`,
        );
    }
    // `runtime` is either a name or an object with a name and options.
    const runtime = (parseYaml(fs.readFileSync(manifest, "utf8")) as { runtime?: unknown } | null)
        ?.runtime;
    const name =
        typeof runtime === "object" && runtime !== null
            ? (runtime as { name?: unknown }).name
            : runtime;
    if (name !== "nodejs") {
        throw new PolicyPackError(
            `Policy pack ${dir} has runtime ${JSON.stringify(name ?? null)} in ` +
                "PulumiPolicy.yaml; only nodejs packs can run offline.",
        );
    }
}

function readPort(
    child: ChildProcess,
    dir: string,
    stderr: () => string,
    timeoutMs: number,
): Promise<number> {
    return new Promise((resolve, reject) => {
        let stdout = "";
        const detail = () =>
            stderr().trim() ? `; its stderr:\n${stderr().trim()}` : " and wrote nothing to stderr";
        const timer = setTimeout(() => {
            finish();
            const seconds = timeoutMs / 1000;
            const message = `Policy pack ${dir} printed no port within ${seconds} s${detail()}`;
            reject(new PolicyPackError(message));
        }, timeoutMs);
        const onData = (chunk: string) => {
            stdout += chunk;
            const match = /^\s*(\d+)\s*$/m.exec(stdout);
            if (match && stdout.includes("\n")) {
                finish();
                resolve(Number(match[1]));
            }
        };
        const onExit = (code: number | null, signal: string | null) => {
            finish();
            const how = code !== null ? `with code ${code}` : `on signal ${signal}`;
            const message = `Policy pack ${dir} exited ${how} before serving${detail()}`;
            reject(new PolicyPackError(message));
        };
        const finish = () => {
            clearTimeout(timer);
            child.stdout!.off("data", onData);
            child.off("exit", onExit);
        };
        child.stdout!.setEncoding("utf8").on("data", onData);
        child.on("exit", onExit);
    });
}

function describePolicy(p: pb.PolicyInfo): PolicyDescription {
    const schema = p.getConfigschema();
    const type = p.getPolicyType();
    return {
        name: p.getName(),
        kind:
            type === pb.PolicyType.POLICY_TYPE_RESOURCE
                ? "resource"
                : type === pb.PolicyType.POLICY_TYPE_STACK
                  ? "stack"
                  : "unknown",
        description: p.getDescription(),
        enforcementLevel: levelOf[p.getEnforcementlevel()],
        ...(schema
            ? {
                  configSchema: {
                      properties: (schema.getProperties()?.toJavaScript() ??
                          {}) as PolicyConfigSchema["properties"],
                      ...(schema.getRequiredList().length > 0
                          ? { required: schema.getRequiredList() }
                          : {}),
                  },
              }
            : {}),
    };
}

/** The plan's resources as the engine would hand them to an analyzer. */
class PlanView {
    /** New states of the resources that are not being removed, once per URN, in plan order. */
    readonly analyzed: ResourceState[];
    private readonly byUrn = new Map<string, ResourceState>();

    constructor(plan: PreviewDigest) {
        const steps: PreviewStep[] = plan.steps ?? [];
        for (const step of steps) {
            const state = step.newState;
            if (REMOVING_OPS.includes(step.op) || !state || this.byUrn.has(state.urn)) continue;
            this.byUrn.set(state.urn, state);
        }
        this.analyzed = [...this.byUrn.values()];
    }

    analyzeRequest(state: ResourceState): pb.AnalyzeRequest {
        const req = new pb.AnalyzeRequest();
        req.setType(state.type);
        req.setProperties(toStruct(state.inputs));
        req.setUrn(state.urn);
        req.setName(nameOf(state.urn));
        req.setOptions(options(state));
        const provider = this.provider(state);
        if (provider) req.setProvider(provider);
        return req;
    }

    stackResource(state: ResourceState): pb.AnalyzerResource {
        const r = new pb.AnalyzerResource();
        r.setType(state.type);
        // Inputs win over outputs so that a stack policy sees an edited input, as in a preview.
        r.setProperties(toStruct({ ...(state.outputs ?? {}), ...(state.inputs ?? {}) }));
        r.setUrn(state.urn);
        r.setName(nameOf(state.urn));
        r.setOptions(options(state));
        const provider = this.provider(state);
        if (provider) r.setProvider(provider);
        if (state.parent) r.setParent(state.parent);
        r.setDependenciesList(state.dependencies ?? []);
        for (const [key, urns] of Object.entries(state.propertyDependencies ?? {})) {
            const deps = new pb.AnalyzerPropertyDependencies();
            deps.setUrnsList(urns);
            r.getPropertydependenciesMap().set(key, deps);
        }
        return r;
    }

    violation(
        d: pb.AnalyzeDiagnostic,
        pack: PackDescription,
        defaultUrn?: string,
    ): PolicyViolation {
        const urn = d.getUrn() || defaultUrn;
        const description = d.getDescription();
        const message = d.getMessage().startsWith(`${description}\n`)
            ? d.getMessage().slice(description.length + 1)
            : d.getMessage();
        return {
            packName: d.getPolicypackname() || pack.name,
            packVersion: d.getPolicypackversion() || pack.version,
            policyName: d.getPolicyname(),
            description,
            message,
            enforcementLevel: levelOf[d.getEnforcementlevel()],
            ...(urn
                ? {
                      urn,
                      resourceName: nameOf(urn),
                      resourceType: this.byUrn.get(urn)?.type ?? typeOfUrn(urn),
                  }
                : {}),
        };
    }

    /** The provider resource behind a `<provider urn>::<provider id>` reference. */
    private provider(state: ResourceState): pb.AnalyzerProviderResource | undefined {
        if (!state.provider) return undefined;
        const urn = state.provider.split("::").slice(0, -1).join("::");
        const providerState = this.byUrn.get(urn);
        const provider = new pb.AnalyzerProviderResource();
        provider.setType(providerState?.type ?? typeOfUrn(urn));
        provider.setProperties(toStruct(providerState?.inputs ?? {}));
        provider.setUrn(urn);
        provider.setName(nameOf(urn));
        return provider;
    }
}

function options(state: ResourceState): pb.AnalyzerResourceOptions {
    const opts = new pb.AnalyzerResourceOptions();
    opts.setProtect(state.protect === true);
    opts.setIgnorechangesList(state.ignoreChanges ?? []);
    opts.setAdditionalsecretoutputsList(state.additionalSecretOutputs ?? []);
    if (state.deleteBeforeReplace !== undefined) {
        opts.setDeletebeforereplace(state.deleteBeforeReplace);
        opts.setDeletebeforereplacedefined(true);
    }
    opts.setCustomtimeouts(new pb.AnalyzerResourceOptions.CustomTimeouts());
    if (state.parent) opts.setParent(state.parent);
    return opts;
}

function toStruct(value: Record<string, unknown> | undefined): Struct {
    return Struct.fromJavaScript((value ?? {}) as Record<string, JavaScriptValue>);
}

/** The name part of a URN: everything after its fourth `::`-separated field. */
function nameOf(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/** The resource's own type from a URN's qualified type (`parent$child`). */
function typeOfUrn(urn: string): string {
    return (urn.split("::")[2] ?? "").split("$").pop() ?? "";
}

// ---- several packs -----------------------------------------------------------------------------

/**
 * Runs each pack over the plan, with its config file if given, and merges the reports in the
 * order the packs were given. Config files are read before any pack starts; packs start in
 * parallel and every process is stopped, whether the analysis succeeds or not.
 */
export async function runPolicyPacks(
    plan: PreviewDigest,
    packs: readonly PolicyPackSource[],
    options: AnalyzerOptions = {},
): Promise<PolicyReport> {
    const configs = packs.map((p) =>
        p.configFile ? readPolicyPackConfig(p.configFile) : undefined,
    );
    const results = await Promise.allSettled(
        packs.map(async (source, i) => {
            const pack = await RunningPolicyPack.start(source.dir, options);
            try {
                return await pack.analyze(plan, configs[i]);
            } finally {
                pack.stop();
            }
        }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    const reports = results.map((r) => (r as PromiseFulfilledResult<PolicyReport>).value);
    return {
        packs: reports.flatMap((r) => r.packs),
        violations: reports.flatMap((r) => r.violations),
        notApplicable: Object.assign({}, ...reports.map((r) => r.notApplicable)),
        resourcesAnalyzed: reports[0]?.resourcesAnalyzed ?? new PlanView(plan).analyzed.length,
    };
}
