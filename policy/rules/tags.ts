// Compliance tags: every taggable resource says, in its own inputs, which environment and service
// it belongs to and how sensitive its data is, so that an inventory of where PHI lives can be read
// from AWS itself. Provider-level default tags do not count: they are invisible to a reviewer of
// the resource and vanish when a resource moves to another provider.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { COMPLIANCE_TAG_VALUE, DATA_CLASSES, REQUIRED_TAGS, TAGGABLE_TYPES } from "../awsFacts";
import { isSet, oneOf, resourceRule } from "./support";

interface TagConfig {
    requiredTags: string[];
}

const hipaaTags = resourceRule<{ tags?: Record<string, string> }>({
    name: "aws-resource-hipaa-tags",
    requires:
        "Every taggable AWS resource carries the Environment, Compliance, DataClass, Service and " +
        "Name tags in its own tags input, with Compliance HIPAA and a known DataClass",
    sections: ["164.308(a)(1)(ii)(A)", "164.310(d)(2)(iii)"],
    fix:
        "Pass tags: complianceTags({ environment, service }, physicalName, dataClass) in the " +
        "resource's own inputs.",
    baseline: "Baymax; AWS Config required-tags (outside the HIPAA template)",
    types: TAGGABLE_TYPES,
    configSchema: {
        properties: {
            requiredTags: {
                type: "array",
                items: { type: "string", minLength: 1 },
                minItems: 1,
                uniqueItems: true,
                default: [...REQUIRED_TAGS],
                description: "Tag keys every taggable resource must set in its own tags input.",
            },
        },
    },
    validate: (props, args, report) => {
        const required = args.getConfig<Partial<TagConfig>>().requiredTags ?? [...REQUIRED_TAGS];
        const what = `Resource "${args.name}" (${args.type})`;
        const tags = props.tags;
        const missing = required.filter((key) => !isSet(tags, key));
        if (missing.length > 0) {
            report(
                `${what} lacks the tag(s) ${missing.join(", ")}: pass tags: complianceTags(...) ` +
                    "in its own inputs.",
            );
        }
        if (isSet(tags, "Compliance") && tags?.Compliance !== COMPLIANCE_TAG_VALUE) {
            report(
                `${what} has Compliance tag "${tags?.Compliance}": set it to ` +
                    `"${COMPLIANCE_TAG_VALUE}".`,
            );
        }
        const knownClass = (DATA_CLASSES as readonly unknown[]).includes(tags?.DataClass);
        if (isSet(tags, "DataClass") && !knownClass) {
            report(
                `${what} has DataClass tag "${tags?.DataClass}": set it to ${oneOf(DATA_CLASSES)}.`,
            );
        }
    },
});

export const tagPolicies: ResourceValidationPolicy[] = [hipaaTags];
