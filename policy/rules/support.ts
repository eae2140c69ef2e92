// Small building blocks shared by the rules: a resource policy bound to a list of type tokens,
// presence checks that survive values unknown at preview, bucket-name globs, lists in messages
// and the config property of a list of regions.
import {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { describe, HIPAA_SECTIONS, HipaaSection } from "../hipaa";

interface RuleMetadata {
    /** Kebab-case `service-resource-rule` name. */
    readonly name: string;
    /** What the policy requires: one sentence without its final period. */
    readonly requires: string;
    /** The HIPAA Security Rule sections the policy serves. */
    readonly sections: readonly HipaaSection[];
    /** Defaults to "mandatory": every rule in this pack guards PHI. */
    readonly enforcementLevel?: EnforcementLevel;
    readonly configSchema?: PolicyConfigSchema;
    /** How to fix a finding, in one imperative sentence, for the pack's documentation. */
    readonly fix?: string;
    /** The cdk-nag HIPAA / AWS Config HIPAA rule ids the policy implements, or "Baymax". */
    readonly baseline?: string;
}

/** A rule's documentation, as recorded when the rule is built; no server is involved. */
export interface RuleDoc {
    readonly name: string;
    readonly kind: "resource" | "stack";
    readonly enforcementLevel: EnforcementLevel;
    readonly requires: string;
    /** The description the pack reports for the policy. */
    readonly description: string;
    readonly sections: readonly { readonly id: HipaaSection; readonly title: string }[];
    /** For resource rules, the types judged (or what the type filter admits). */
    readonly appliesTo?: readonly string[] | string;
    readonly fix?: string;
    readonly baseline?: string;
    readonly configSchema?: PolicyConfigSchema;
}

/**
 * Every rule built in this process, by name: importing the rule modules (never policy/index.ts,
 * whose PolicyPack starts a gRPC server) is enough to read the pack's catalog offline.
 */
export const RULE_CATALOG = new Map<string, RuleDoc>();

function record(
    rule: RuleMetadata,
    kind: RuleDoc["kind"],
    appliesTo?: RuleDoc["appliesTo"],
): void {
    if (RULE_CATALOG.has(rule.name)) {
        throw new Error(`Two rules are named "${rule.name}": give each policy a unique name.`);
    }
    RULE_CATALOG.set(rule.name, {
        name: rule.name,
        kind,
        enforcementLevel: rule.enforcementLevel ?? "mandatory",
        requires: rule.requires,
        description: describe(rule.requires, rule.sections),
        sections: rule.sections.map((id) => ({ id, title: HIPAA_SECTIONS[id] })),
        ...(appliesTo !== undefined ? { appliesTo } : {}),
        ...(rule.fix !== undefined ? { fix: rule.fix } : {}),
        ...(rule.baseline !== undefined ? { baseline: rule.baseline } : {}),
        ...(rule.configSchema ? { configSchema: rule.configSchema } : {}),
    });
}

/** A set of types named by a predicate, for rules that judge a whole package. */
export interface TypeFilter {
    /** What the filter admits, for the not-applicable reason, e.g. "AWS resources". */
    readonly label: string;
    readonly matches: (type: string) => boolean;
}

export interface ResourceRule<Props> extends RuleMetadata {
    /** The types the rule judges; any other resource reports the rule not applicable. */
    readonly types: readonly string[] | TypeFilter;
    readonly validate: (
        props: Props,
        args: ResourceValidationArgs,
        report: ReportViolation,
    ) => void;
}

export interface StackRule extends RuleMetadata {
    readonly validate: (args: StackValidationArgs, report: ReportViolation) => void;
}

export function resourceRule<Props>(rule: ResourceRule<Props>): ResourceValidationPolicy {
    record(rule, "resource", "matches" in rule.types ? rule.types.label : rule.types);
    return {
        name: rule.name,
        description: describe(rule.requires, rule.sections),
        enforcementLevel: rule.enforcementLevel ?? "mandatory",
        ...(rule.configSchema ? { configSchema: rule.configSchema } : {}),
        validateResource: (args, report) => {
            const types = rule.types;
            if ("matches" in types) {
                if (!types.matches(args.type)) {
                    args.notApplicable(`Policy only applies to ${types.label}`);
                }
            } else if (!types.includes(args.type)) {
                args.notApplicable(`Policy only applies to resources of type ${types.join(", ")}`);
            }
            rule.validate(args.props as Props, args, report);
        },
    };
}

export function stackRule(rule: StackRule): StackValidationPolicy {
    record(rule, "stack");
    return {
        name: rule.name,
        description: describe(rule.requires, rule.sections),
        enforcementLevel: rule.enforcementLevel ?? "mandatory",
        ...(rule.configSchema ? { configSchema: rule.configSchema } : {}),
        validateStack: rule.validate,
    };
}

/**
 * True when `key` holds a value, whether known or only known after deployment. A key ARN taken
 * from another resource is unknown during a real preview; reading it through the SDK's
 * unknown-checking proxy would abort the whole check, but its presence is all a "key is set"
 * rule needs, and the property descriptor yields the raw value without tripping the proxy.
 */
export function isSet(obj: object | undefined | null, key: string): boolean {
    if (obj === undefined || obj === null) return false;
    const value: unknown = Object.getOwnPropertyDescriptor(obj, key)?.value;
    return value !== undefined && value !== null && value !== "";
}

/** How the engine sends a string that is known only after deployment (Pulumi's wire protocol). */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The value of a string property when it is known at preview, without tripping the proxy. */
export function knownString(obj: object | undefined | null, key: string): string | undefined {
    if (obj === undefined || obj === null) return undefined;
    const value: unknown = Object.getOwnPropertyDescriptor(obj, key)?.value;
    return typeof value === "string" && value !== UNKNOWN_STRING ? value : undefined;
}

/** Matches a name against a glob where `*` stands for any run of characters. */
export function matchesGlob(name: string, glob: string): boolean {
    const pattern = glob
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*");
    return new RegExp(`^${pattern}$`).test(name);
}

/** Formats values for a message: `"a", "b", "c"`. */
export function quoted(values: readonly string[]): string {
    return values.map((v) => `"${v}"`).join(", ");
}

/** Formats a list of allowed values for a message: `"a", "b" or "c"`. */
export function oneOf(values: readonly string[]): string {
    return series(values, "or");
}

/** Formats a list for a message: `"a", "b" and "c"`. */
export function allOf(values: readonly string[]): string {
    return series(values, "and");
}

function series(values: readonly string[], conjunction: string): string {
    if (values.length <= 1) return quoted(values);
    return `${quoted(values.slice(0, -1))} ${conjunction} "${values[values.length - 1]}"`;
}

/** The JSON-schema property of a config list of AWS region names. */
export function regionListProperty(defaults: readonly string[], description: string) {
    return {
        type: "array",
        items: { type: "string", pattern: "^[a-z]{2}(-[a-z]+)+-[0-9]+$" },
        minItems: 1,
        uniqueItems: true,
        default: [...defaults],
        description,
    } as const;
}
