// The recording mock engine: one implementation of Pulumi's mock monitor, shared by the unit tests
// and the offline preview. It answers every registration with a realistic id and state, answers
// invokes by token (and fails on any it does not know), refuses resources that would fall back to
// a disabled default provider, and records each registration as the engine would see it.
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { identify, OFFLINE_ACCOUNT_ID, SECRET_OUTPUTS } from "./identities";

export interface RecordedOptions {
    readonly protect: boolean;
    readonly dependsOn: string[];
    readonly ignoreChanges: string[];
    readonly deleteBeforeReplace: boolean;
    readonly retainOnDelete: boolean;
    readonly additionalSecretOutputs: string[];
}

export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    /** True for a component built by a provider plugin (awsx); its children never exist here. */
    readonly remote: boolean;
    readonly parent?: string;
    /** Provider reference as the engine writes it: `<provider urn>::<provider id>`. */
    readonly provider?: string;
    /** Providers by package handed to a component built by a plugin (awsx), as references. */
    readonly providers: Record<string, string>;
    /** Inputs with secrets unwrapped, for assertions. */
    readonly inputs: Record<string, any>;
    /** Inputs as sent on the wire: secrets keep Pulumi's secret signature. */
    readonly wireInputs: Record<string, any>;
    readonly options: RecordedOptions;
    readonly propertyDependencies: Record<string, string[]>;
    id?: string;
    /** State returned by the engine: inputs plus computed attributes (wire form). */
    wireOutputs?: Record<string, any>;
}

export interface RecordedInvoke {
    readonly token: string;
    readonly inputs: Record<string, any>;
    readonly provider?: string;
}

/** Invoke answers by token; each receives the inputs and the region of the provider used. */
type InvokeAnswer = (inputs: Record<string, any>, region: string) => Record<string, unknown>;

const AVAILABILITY_ZONES: Record<string, string[]> = {
    "ap-south-1": ["ap-south-1a", "ap-south-1b", "ap-south-1c"],
    "ap-south-2": ["ap-south-2a", "ap-south-2b", "ap-south-2c"],
};

const INVOKES: Record<string, InvokeAnswer> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: OFFLINE_ACCOUNT_ID,
        arn: `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:user/platform-engineer`,
        userId: "AIDAOFFLINEPLATFORMENG",
        id: OFFLINE_ACCOUNT_ID,
    }),
    "aws:index/getPartition:getPartition": () => ({
        partition: "aws",
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
        id: "aws",
    }),
    "aws:index/getRegion:getRegion": (_inputs, region) => ({
        name: region,
        region,
        id: region,
        endpoint: `ec2.${region}.amazonaws.com`,
        description: region === "ap-south-1" ? "Asia Pacific (Mumbai)" : "Asia Pacific (Hyderabad)",
    }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_inputs, region) => ({
        names: AVAILABILITY_ZONES[region] ?? [],
        zoneIds: (AVAILABILITY_ZONES[region] ?? []).map((_, i) => `aps1-az${i + 1}`),
        id: region,
    }),
};

export interface EngineOptions {
    readonly project?: string;
    readonly stack?: string;
    /** Packages whose default provider is disabled (`pulumi:disable-default-providers`). */
    readonly disabledDefaultProviders?: string[];
    /** Region assumed for a resource whose provider sets none. */
    readonly defaultRegion?: string;
}

/** Thrown for anything the real engine would refuse; the message names the resource. */
export class EngineError extends Error {}

export class RecordingEngine implements pulumi.runtime.Mocks {
    readonly resources: RecordedResource[] = [];
    readonly invokes: RecordedInvoke[] = [];
    readonly errors: Error[] = [];
    stackOutputs: Record<string, any> | undefined;
    private readonly byUrn = new Map<string, RecordedResource>();
    private readonly regionOfProvider = new Map<string, string>();

    constructor(readonly options: EngineOptions = {}) {}

    /** Resources of one type, in registration order. */
    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource of a type (and name, if given); fails when there is not exactly one. */
    one(type: string, name?: string): RecordedResource {
        const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
        if (found.length !== 1) {
            const names = this.ofType(type).map((r) => r.name);
            throw new Error(
                `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length} ` +
                    `(registered: ${names.join(", ") || "none"})`,
            );
        }
        return found[0];
    }

    byUrnOf(urn: string): RecordedResource | undefined {
        return this.byUrn.get(urn);
    }

    /** The region a resource lands in: its own `region` input, else its provider's region. */
    regionOf(resource: RecordedResource): string {
        if (
            typeof resource.inputs.region === "string" &&
            resource.type !== "pulumi:providers:aws"
        ) {
            return resource.inputs.region;
        }
        const reference = resource.provider ?? resource.providers.aws;
        const providerUrn = reference?.split("::").slice(0, -1).join("::");
        return (
            (providerUrn && this.regionOfProvider.get(providerUrn)) ||
            this.options.defaultRegion ||
            "ap-south-1"
        );
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: any } {
        const urn = this.currentUrn;
        const record = this.byUrn.get(urn);
        if (args.type.startsWith("pulumi:providers:") || !record) {
            const region = String(args.inputs.region ?? this.options.defaultRegion ?? "");
            return { id: `${args.name}-provider-id`, state: { ...args.inputs, region } };
        }
        const region = this.regionOf(record);
        if (!args.custom) {
            // Local components have no state; a provider-built (awsx) component gets the outputs
            // its plugin would return, where identities.ts knows them.
            const computed = record.remote
                ? identify({ type: args.type, name: args.name, urn, inputs: args.inputs, region })
                      .computed
                : {};
            return { id: undefined, state: dropUndefined(computed) };
        }
        const identity = identify({
            type: args.type,
            name: args.name,
            urn,
            inputs: args.inputs,
            region,
        });
        const state = { ...args.inputs, ...dropUndefined(identity.computed), id: identity.id };
        if (!("tagsAll" in state) && args.inputs.tags) state.tagsAll = args.inputs.tags;
        return { id: identity.id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        this.invokes.push({ token: args.token, inputs: args.inputs, provider: args.provider });
        const answer = INVOKES[args.token];
        if (!answer) {
            throw this.fail(
                new EngineError(
                    `the offline engine has no answer for invoke "${args.token}"; ` +
                        "add one to offline/engine.ts before calling it",
                ),
            );
        }
        const providerUrn = args.provider?.split("::").slice(0, -1).join("::");
        const region =
            (providerUrn && this.regionOfProvider.get(providerUrn)) ||
            this.options.defaultRegion ||
            "ap-south-1";
        return answer(args.inputs, region);
    }

    // ---- monitor plumbing -------------------------------------------------------------------

    /**
     * URN of the registration being answered. The hook sets it just before handing the request
     * to the mock monitor, which calls newResource synchronously from there.
     */
    currentUrn = "";

    /** Records a registration request; returns an error when the engine would refuse it. */
    recordRegistration(req: any, urn: string): Error | undefined {
        const type: string = req.getType();
        const name: string = req.getName();
        const wireInputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, any>;
        const inputs = rpc.deserializeProperties(req.getObject()) as Record<string, any>;
        const provider: string = req.getProvider() || undefined;
        const custom: boolean = req.getCustom();
        const record: RecordedResource = {
            urn,
            type,
            name,
            custom,
            remote: req.getRemote(),
            parent: req.getParent() || undefined,
            provider,
            providers: providerMap(req),
            inputs: unwrapSecrets(inputs),
            wireInputs,
            options: {
                protect: req.getProtect() === true,
                dependsOn: req.getDependenciesList(),
                ignoreChanges: req.getIgnorechangesList(),
                deleteBeforeReplace: req.getDeletebeforereplace() === true,
                retainOnDelete: req.getRetainondelete() === true,
                additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            },
            propertyDependencies: propertyDependencies(req),
        };
        if (this.byUrn.has(urn)) {
            return this.fail(
                new EngineError(
                    `Duplicate resource URN '${urn}'; give each resource a unique name`,
                ),
            );
        }
        this.resources.push(record);
        this.byUrn.set(urn, record);
        if (type.startsWith("pulumi:providers:")) {
            this.regionOfProvider.set(urn, String(inputs.region ?? ""));
        }
        const pkg = type.split(":")[0];
        const disabled = this.options.disabledDefaultProviders ?? [];
        // A plugin-built awsx component creates AWS resources; it receives only the providers
        // passed to it explicitly, so with the AWS default disabled it must be handed one.
        if (record.remote && pkg === "awsx" && disabled.includes("aws") && !record.providers.aws) {
            return this.fail(
                new EngineError(
                    `Default provider for 'aws' disabled. '${urn}' is built by the awsx plugin ` +
                        "and must be given an explicit AWS provider: pass `providers: { aws }`.",
                ),
            );
        }
        if (
            custom &&
            !provider &&
            !type.startsWith("pulumi:") &&
            (disabled.includes(pkg) || disabled.includes("*"))
        ) {
            return this.fail(
                new EngineError(
                    `Default provider for '${pkg}' disabled. '${urn}' must use an explicit provider.`,
                ),
            );
        }
        return undefined;
    }

    recordRegistrationResult(
        urn: string,
        id: string | undefined,
        wireOutputs: Record<string, any>,
    ): void {
        const record = this.byUrn.get(urn);
        if (!record) return;
        record.id = id;
        const secretOutputs = SECRET_OUTPUTS[record.type] ?? [];
        record.wireOutputs = Object.fromEntries(
            Object.entries(wireOutputs).map(([k, v]) => [
                k,
                secretOutputs.includes(k) ? wrapSecret(v) : v,
            ]),
        );
    }

    private fail(err: Error): Error {
        this.errors.push(err);
        return err;
    }
}

/** Installs the engine as the Pulumi runtime's monitor. Call before any resource is created. */
export async function installEngine(engine: RecordingEngine, preview = true): Promise<void> {
    await pulumi.runtime.setMocks(
        engine,
        engine.options.project ?? "baymax",
        engine.options.stack ?? "test",
        preview,
    );
    const monitor: any = settings.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp?: any) => void) => {
        const urn: string = monitor.newUrn(req.getParent(), req.getType(), req.getName());
        const refused = engine.recordRegistration(req, urn);
        if (refused) {
            callback(refused);
            return;
        }
        engine.currentUrn = urn;
        register(req, (err: any, resp: any) => {
            if (!err && resp) {
                engine.recordRegistrationResult(
                    urn,
                    resp.getId() || undefined,
                    resp.getObject()?.toJavaScript() ?? {},
                );
            }
            callback(err, resp);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (err: any, resp?: any) => void) => {
        const urn: string = req.getUrn();
        if (urn.includes("::pulumi:pulumi:Stack::")) {
            engine.stackOutputs = req.getOutputs()?.toJavaScript() ?? {};
        }
        registerOutputs(req, callback);
    };
}

/** Waits until every registration the program started has been answered. */
export async function settle(): Promise<void> {
    // waitForRPCs is internal to the SDK (stripped from its typings) but is what the language
    // host itself awaits before it reports a program finished.
    await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

function providerMap(req: any): Record<string, string> {
    const result: Record<string, string> = {};
    req.getProvidersMap().forEach((ref: string, pkg: string) => {
        result[pkg] = ref;
    });
    return result;
}

function propertyDependencies(req: any): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
        result[key] = deps.getUrnsList();
    });
    return result;
}

export function isSecretWire(v: unknown): boolean {
    return (
        typeof v === "object" &&
        v !== null &&
        (v as any)[rpc.specialSigKey] === rpc.specialSecretSig
    );
}

function wrapSecret(v: unknown): unknown {
    return isSecretWire(v) ? v : { [rpc.specialSigKey]: rpc.specialSecretSig, value: v };
}

function unwrapSecrets(v: any): any {
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (v && typeof v === "object") {
        if (isSecretWire(v)) return unwrapSecrets(v.value);
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
    }
    return v;
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
