// India-only data residency: PHI stays in Mumbai, its disaster-recovery copy in Hyderabad. The
// region of a resource is its own `region` input (AWS provider v7 accepts one per resource), else
// its provider's; replicas and backup copies name the regions their data moves to.
import {
    PolicyConfigSchema,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import { AWS_PROVIDER_TYPE, INDIA_REGIONS } from "../awsFacts";
import { HipaaSection } from "../hipaa";
import {
    isSet,
    knownString,
    oneOf,
    regionListProperty,
    resourceRule,
    stackRule,
} from "./support";

interface RegionConfig {
    allowedRegions: string[];
}

const regionConfigSchema: PolicyConfigSchema = {
    properties: {
        allowedRegions: regionListProperty(
            INDIA_REGIONS,
            "AWS regions where resources and copies of their data may live.",
        ),
    },
};

const regionSections: HipaaSection[] = ["164.308(a)(1)(ii)(B)", "164.308(b)(1)"];

function allowedRegions(config: Partial<RegionConfig>): string[] {
    return config.allowedRegions ?? [...INDIA_REGIONS];
}

interface RegionProps {
    region?: string;
    replicas?: { regionName?: string; region?: string }[];
    rules?: { copyActions?: { destinationVaultArn?: string }[] }[];
}

/** The regions a resource copies its data to, read from the inputs that name them. */
function copyRegions(type: string, props: RegionProps): { field: string; region: string }[] {
    switch (type) {
        case "aws:dynamodb/table:Table":
            return (props.replicas ?? []).map((r, i) => ({
                field: `replicas[${i}].regionName`,
                region: String(r.regionName),
            }));
        case "aws:secretsmanager/secret:Secret":
            return (props.replicas ?? []).map((r, i) => ({
                field: `replicas[${i}].region`,
                region: String(r.region),
            }));
        case "aws:backup/plan:Plan":
            return (props.rules ?? []).flatMap((rule, i) =>
                (rule.copyActions ?? []).flatMap((copy, j) => {
                    // A vault ARN known only after deployment belongs to a vault of this stack,
                    // whose own region this policy checks; a literal ARN names its region.
                    const arn = knownString(copy, "destinationVaultArn");
                    const region = arn?.startsWith("arn:") ? arn.split(":")[3] : undefined;
                    return region === undefined
                        ? []
                        : [{ field: `rules[${i}].copyActions[${j}].destinationVaultArn`, region }];
                }),
            );
        default:
            return [];
    }
}

const regionIndiaOnly = resourceRule<RegionProps>({
    name: "aws-region-india-only",
    requires:
        "AWS providers, resources and the replicas or backup copies of their data stay in the " +
        "allowed Indian regions",
    sections: regionSections,
    fix:
        "Deploy through the Mumbai or Hyderabad provider, remove per-resource region " +
        "overrides, and send replicas and backup copies only to the allowed regions.",
    baseline: "Baymax",
    types: {
        label: "AWS resources and providers",
        matches: (type) => type === AWS_PROVIDER_TYPE || /^awsx?:/.test(type),
    },
    configSchema: regionConfigSchema,
    validate: (props, args, report) => {
        const allowed = allowedRegions(args.getConfig<Partial<RegionConfig>>());
        const choose = `set it to ${oneOf(allowed)}`;
        const what = `Resource "${args.name}" (${args.type})`;
        if (args.type === AWS_PROVIDER_TYPE) {
            // A provider without a region is the finding of the stack policy below.
            if (isSet(props, "region") && !allowed.includes(props.region as string)) {
                report(
                    `AWS provider "${args.name}" deploys to region "${props.region}": ${choose}.`,
                );
            }
            return;
        }
        if (isSet(props, "region")) {
            if (!allowed.includes(props.region as string)) {
                report(
                    `${what} sets region "${props.region}": ${choose}, or remove it to use its ` +
                        "provider's region.",
                );
            }
        } else if (args.provider !== undefined && isSet(args.provider.props, "region")) {
            const region = args.provider.props.region as string;
            if (!allowed.includes(region)) {
                report(
                    `${what} lands in region "${region}" through provider ` +
                        `"${args.provider.name}": set the provider's region to ${oneOf(allowed)}.`,
                );
            }
        }
        for (const { field, region } of copyRegions(args.type, props)) {
            if (!allowed.includes(region)) {
                report(
                    `${what} copies data to region "${region}" in ${field}: ${choose}.`,
                );
            }
        }
    },
});

const providerRegionExplicit = stackRule({
    name: "aws-provider-region-explicit",
    requires:
        "Every AWS provider names its region explicitly instead of falling back to the ambient " +
        "AWS_REGION or profile",
    sections: regionSections,
    fix: 'Set region on every aws.Provider to "ap-south-1" or "ap-south-2".',
    baseline: "Baymax",
    configSchema: regionConfigSchema,
    validate: (args, report) => {
        const providers = args.resources.filter((r) => r.type === AWS_PROVIDER_TYPE);
        if (providers.length === 0) args.notApplicable("The stack has no AWS providers");
        const allowed = allowedRegions(args.getConfig<Partial<RegionConfig>>());
        for (const provider of providers) {
            if (!isSet(provider.props, "region")) {
                report(
                    `AWS provider "${provider.name}" sets no region and would deploy wherever ` +
                        `the environment points: set region to ${oneOf(allowed)}.`,
                    provider.urn,
                );
            }
        }
    },
});

export const regionPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    regionIndiaOnly,
    providerRegionExplicit,
];
