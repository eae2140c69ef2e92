// How the data, logging and backup rules read what one resource says about another. In a real
// preview an ARN taken from another resource of the stack is unknown, but the property that holds
// it still names that resource among its dependencies; a literal ARN or name is compared with the
// other resources' outputs. Where neither answers, the value is read through the SDK's proxy so
// that the SDK reports the policy as unable to run rather than passing it silently.
import { PolicyResource } from "@pulumi/policy";
import { knownString, matchesGlob } from "./support";

/** Environments whose resources environment-dependent rules judge by default. */
export const ENFORCED_ENVIRONMENTS = ["prod"] as const;

export interface EnforcedEnvironmentsConfig {
    enforcedEnvironments: string[];
}

/** The JSON-schema property every environment-dependent rule declares. */
export const enforcedEnvironmentsProperty = {
    type: "array",
    items: { type: "string", minLength: 1 },
    uniqueItems: true,
    default: [...ENFORCED_ENVIRONMENTS],
    description:
        "Values of the Environment tag whose resources this policy judges; resources of other " +
        "environments (dev runs one instance without deletion protection) are not judged.",
} as const;

/** The resource's `Environment` tag, read through the proxy: an unknown tag cannot be judged. */
export function environmentOf(props: Record<string, any>): string | undefined {
    const tags = props.tags as Record<string, unknown> | undefined;
    const environment = tags?.Environment;
    return typeof environment === "string" ? environment : undefined;
}

/** True when the resource's environment is one the policy's config enforces. */
export function isEnforced(
    props: Record<string, any>,
    config: Partial<EnforcedEnvironmentsConfig>,
): boolean {
    const environment = environmentOf(props);
    const enforced = config.enforcedEnvironments ?? [...ENFORCED_ENVIRONMENTS];
    return environment !== undefined && enforced.includes(environment);
}

/** The region a resource lives in: its own `region` input, else its provider's, when known. */
export function regionOf(resource: {
    props: Record<string, any>;
    provider?: { props: Record<string, any> };
}): string | undefined {
    return knownString(resource.props, "region") ?? knownString(resource.provider?.props, "region");
}

/** The region field of an ARN (`arn:partition:service:region:account:resource`). */
export function regionOfArn(arn: string): string | undefined {
    const parts = arn.split(":");
    return parts[0] === "arn" && parts.length >= 6 && parts[3] !== "" ? parts[3] : undefined;
}

/** The raw value of a property, without tripping the proxy. */
export function rawValue(obj: object | undefined | null, key: string): unknown {
    if (obj === undefined || obj === null) return undefined;
    return Object.getOwnPropertyDescriptor(obj, key)?.value;
}

/** The raw entries of a list property; an unknown list (or none) gives no entries. */
export function rawList(obj: object | undefined | null, key: string): unknown[] {
    const value = rawValue(obj, key);
    return Array.isArray(value) ? value : [];
}

/** Resources of the given types. */
export function ofType(resources: PolicyResource[], ...types: string[]): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type));
}

/**
 * The resources among `candidates` that `resource.props[property]` refers to: those its property
 * dependencies name, and those `matches` accepts for one of the property's known string values
 * (a string or a list of strings, which may hold ARN globs). A value unknown at preview is taken
 * to be explained by the dependencies; without any, it is read through the proxy, which makes the
 * SDK report that the policy cannot run during preview.
 */
export function referencedBy(
    resource: PolicyResource,
    property: string,
    candidates: PolicyResource[],
    matches: (candidate: PolicyResource, value: string) => boolean,
): PolicyResource[] {
    const found = (resource.propertyDependencies[property] ?? []).filter((d) =>
        candidates.includes(d),
    );
    const traced = (resource.propertyDependencies[property] ?? []).length > 0;
    const value = rawValue(resource.props, property);
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    values.forEach((entry, i) => {
        const known = knownString({ entry }, "entry");
        if (known === undefined) {
            if (!traced) {
                // Unknown and not traced to a resource: let the SDK's proxy say it cannot judge.
                const proxied = resource.props[property];
                void (Array.isArray(value) ? proxied[i] : proxied);
            }
            return;
        }
        for (const candidate of candidates) {
            if (matches(candidate, known) && !found.includes(candidate)) found.push(candidate);
        }
    });
    return found;
}

/** True when a known output or input of `candidate` equals `value` (or, as a glob, matches it). */
export function hasValue(candidate: PolicyResource, keys: string[], value: string): boolean {
    return keys.some((key) => {
        const own = knownString(candidate.props, key);
        if (own === undefined) return false;
        return own === value || (value.includes("*") && matchesGlob(own, value));
    });
}

// ---- KMS keys -----------------------------------------------------------------------------------

const KEY_TYPE = "aws:kms/key:Key";
const ALIAS_TYPE = "aws:kms/alias:Alias";

/**
 * The stack's KMS keys a key reference (key ARN, key id, alias name or alias ARN) in
 * `resource.props[property]` points to, following an alias to its target key.
 */
export function keysReferencedBy(
    resource: PolicyResource,
    property: string,
    resources: PolicyResource[],
): PolicyResource[] {
    const keys = ofType(resources, KEY_TYPE);
    const aliases = ofType(resources, ALIAS_TYPE);
    const direct = referencedBy(resource, property, [...keys, ...aliases], (candidate, value) =>
        candidate.type === KEY_TYPE
            ? hasValue(candidate, ["arn", "keyId", "id"], value)
            : hasValue(candidate, ["name", "arn"], value) ||
              hasValue(candidate, ["name"], value.replace(/^arn:[^:]+:kms:[^:]*:[^:]*:/, "")),
    );
    return direct.flatMap((found) =>
        found.type === KEY_TYPE
            ? [found]
            : referencedBy(found, "targetKeyId", keys, (key, value) =>
                  hasValue(key, ["arn", "keyId", "id"], value),
              ),
    );
}

// ---- IAM-style policy documents -----------------------------------------------------------------

export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect?: string;
    readonly Principal?: unknown;
    readonly NotPrincipal?: unknown;
    readonly Action?: string | string[];
    readonly NotAction?: string | string[];
    readonly Resource?: string | string[];
    readonly Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a policy document, or undefined when the text is not a policy document. */
export function statementsOf(policy: string): PolicyStatement[] | undefined {
    let document: unknown;
    try {
        document = JSON.parse(policy);
    } catch {
        return undefined;
    }
    if (typeof document !== "object" || document === null) return undefined;
    const statement = (document as { Statement?: unknown }).Statement;
    if (Array.isArray(statement)) return statement as PolicyStatement[];
    return typeof statement === "object" && statement !== null
        ? [statement as PolicyStatement]
        : undefined;
}

function asList(value: unknown): string[] {
    if (typeof value === "string") return [value];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The principals of one kind (`AWS`, `Service`, ...) a statement names; `"*"` means anyone. */
export function principalsOf(statement: PolicyStatement, kind: string): string[] {
    const principal = statement.Principal;
    if (principal === "*") return ["*"];
    if (typeof principal !== "object" || principal === null) return [];
    return asList((principal as Record<string, unknown>)[kind]);
}

/** A short label for a statement in a message: its Sid, else its position. */
export function statementLabel(statement: PolicyStatement, index: number): string {
    return typeof statement.Sid === "string" && statement.Sid !== ""
        ? `statement "${statement.Sid}"`
        : `statement ${index}`;
}

/**
 * True when the statement's actions include `required`: an action pattern covers a required
 * pattern when it matches it literally, so `kms:*` and `kms:GenerateDataKey*` cover
 * `kms:GenerateDataKey*` but `kms:GenerateDataKey` does not.
 */
export function coversAction(statement: PolicyStatement, required: string): boolean {
    return asList(statement.Action).some((action) =>
        matchesGlob(required.toLowerCase(), action.toLowerCase()),
    );
}

/** The Allow statements of a policy that grant `service` every one of `actions`. */
export function grantsToService(
    statements: PolicyStatement[],
    service: string,
    actions: readonly string[],
): boolean {
    return statements.some(
        (s) =>
            s.Effect === "Allow" &&
            principalsOf(s, "Service").includes(service) &&
            actions.every((action) => coversAction(s, action)),
    );
}

/** The required actions a policy's Allow statements to `service` leave out. */
export function actionsMissingFor(
    statements: PolicyStatement[],
    service: string,
    actions: readonly string[],
): string[] {
    const granting = statements.filter(
        (s) => s.Effect === "Allow" && principalsOf(s, "Service").includes(service),
    );
    return actions.filter((action) => !granting.some((s) => coversAction(s, action)));
}
