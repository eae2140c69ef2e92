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

/** The environments the policy's config enforces, else the default ones. */
export function enforcedEnvironments(config: Partial<EnforcedEnvironmentsConfig>): string[] {
    return config.enforcedEnvironments ?? [...ENFORCED_ENVIRONMENTS];
}

/** True when the resource's environment is one the policy's config enforces. */
export function isEnforced(
    props: Record<string, any>,
    config: Partial<EnforcedEnvironmentsConfig>,
): boolean {
    const environment = environmentOf(props);
    return environment !== undefined && enforcedEnvironments(config).includes(environment);
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
