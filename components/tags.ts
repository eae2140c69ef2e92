// The tag set every Baymax resource carries in its own inputs, so that a reviewer, the tests and
// the policy pack see it offline, not only through the provider's default tags.

/** How sensitive the data a resource stores or carries is. */
export type DataClass = "PHI" | "Confidential" | "Internal";

/** Tags every taggable resource must have; the policy pack checks the same list. */
export const REQUIRED_TAGS = ["Environment", "Compliance", "DataClass", "Service", "Name"] as const;

export interface TagContext {
    /** Stack environment, such as "dev" or "prod". */
    readonly environment: string;
    /** The product service the resource belongs to, such as "network" or "database". */
    readonly service: string;
}

/** Builds the full tag set for one resource; `Name` is the resource's physical name. */
export function complianceTags(
    ctx: TagContext,
    name: string,
    dataClass: DataClass,
): Record<string, string> {
    return {
        Environment: ctx.environment,
        Compliance: "HIPAA",
        DataClass: dataClass,
        Service: ctx.service,
        Name: name,
    };
}
