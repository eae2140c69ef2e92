// Small building blocks shared by the rules: a resource policy bound to a list of type tokens,
// presence checks that survive values unknown at preview, and bucket-name globs.
import {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { describe, HipaaSection } from "../hipaa";

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

/** Formats a list of allowed values for a message: `"a", "b" or "c"`. */
export function oneOf(values: readonly string[]): string {
    const quoted = values.map((v) => `"${v}"`);
    return quoted.length <= 1
        ? quoted.join("")
        : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}
