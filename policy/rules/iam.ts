// Least privilege for the roles that reach PHI: no administrator or whole-service grants, no
// AWS-managed administrator policies, and no right to decrypt with every KMS key. The design keeps
// each role's policy inline on purpose (one role, one purpose, deleted with it), which cdk-nag
// advises against; that rule is advice here, with the reason in its message.
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { HipaaSection } from "../hipaa";
import {
    allowsAction,
    listOf,
    Statement,
    statementLabel,
    statementsOf,
} from "./documents";
import { isSet, knownString, resourceRule } from "./support";

/** Resources whose inputs hold a permission policy document, and what messages call them. */
export const IAM_DOCUMENT_TYPES: Record<string, string> = {
    "aws:iam/policy:Policy": "IAM policy",
    "aws:iam/rolePolicy:RolePolicy": "IAM role policy",
    "aws:iam/userPolicy:UserPolicy": "IAM user policy",
    "aws:iam/groupPolicy:GroupPolicy": "IAM group policy",
    "aws:iam/role:Role": "IAM role",
};

/** Resources that attach managed policies by ARN, and what messages call them. */
export const IAM_ATTACHMENT_TYPES: Record<string, string> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "IAM role policy attachment",
    "aws:iam/policyAttachment:PolicyAttachment": "IAM policy attachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "IAM user policy attachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "IAM group policy attachment",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive":
        "IAM role policy attachments",
    "aws:iam/role:Role": "IAM role",
};

/** Resources that are inline policies, or may carry some. */
const INLINE_TYPES = [
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    "aws:iam/role:Role",
];

/** AWS-managed policies that grant administrator-level access, or the power to gain it. */
export const ADMIN_MANAGED_POLICIES = [
    "AdministratorAccess",
    "AdministratorAccess-Amplify",
    "AdministratorAccess-AWSElasticBeanstalk",
    "AWSOrganizationsFullAccess",
    "IAMFullAccess",
    "PowerUserAccess",
];

/** KMS actions that reveal plaintext, blocked on all keys by default (the AWS Config defaults). */
export const BLOCKED_KMS_ACTIONS = ["kms:Decrypt", "kms:ReEncryptFrom"];

const LEAST_PRIVILEGE_SECTIONS: HipaaSection[] = [
    "164.308(a)(3)(i)",
    "164.308(a)(3)(ii)(A)",
    "164.308(a)(3)(ii)(B)",
    "164.308(a)(4)(i)",
    "164.308(a)(4)(ii)(A)",
    "164.308(a)(4)(ii)(B)",
    "164.308(a)(4)(ii)(C)",
    "164.312(a)(1)",
];

interface IamProps {
    policy?: unknown;
    inlinePolicies?: { name?: string; policy?: unknown }[];
}

interface Document {
    /** How messages name the document: its resource, and for a role's inline policy, its name. */
    readonly what: string;
    readonly statements: Statement[] | undefined;
}

/**
 * The permission documents of an IAM resource. A document known only after deployment is read
 * through the SDK's proxy, which reports that the policy cannot run during preview.
 */
function documentsOf(props: IamProps, type: string, name: string): Document[] {
    const what = `${IAM_DOCUMENT_TYPES[type]} "${name}"`;
    if (type !== "aws:iam/role:Role") {
        return [{ what, statements: statementsOf(props.policy) }];
    }
    return (props.inlinePolicies ?? [])
        .filter((inline) => isSet(inline, "policy"))
        .map((inline) => ({
            what: `${what} inline policy "${knownString(inline, "name") ?? ""}"`,
            statements: statementsOf(inline.policy),
        }));
}

/** Whether an Allow statement covers every resource: "*", or all but a NotResource list. */
function onEveryResource(statement: Statement): boolean {
    return statement.NotResource !== undefined || listOf(statement.Resource).includes("*");
}

const noAdminStatements = resourceRule<IamProps>({
    name: "iam-policy-no-admin-access",
    requires:
        'IAM policies allow neither every action ("*") nor every action of a service ' +
        '("<service>:*") on every resource',
    sections: LEAST_PRIVILEGE_SECTIONS,
    fix: "List the actions the principal needs, on the ARNs of the resources it needs them on.",
    baseline:
        "cdk-nag IAMPolicyNoStatementsWithAdminAccess, IAMPolicyNoStatementsWithFullAccess; " +
        "AWS Config iam-policy-no-statements-with-admin-access, " +
        "iam-policy-no-statements-with-full-access",
    types: Object.keys(IAM_DOCUMENT_TYPES),
    validate: (props, args, report) => {
        for (const { what, statements } of documentsOf(props, args.type, args.name)) {
            if (statements === undefined) {
                report(`${what} is not a JSON policy document: fix its JSON.`);
                continue;
            }
            statements.forEach((statement, i) => {
                if (statement.Effect !== "Allow" || !onEveryResource(statement)) return;
                const label = `${what} ${statementLabel(statement, i)}`;
                if (statement.NotAction !== undefined) {
                    report(
                        `${label} allows every action but those in NotAction on every ` +
                            "resource: list the actions needed in Action instead.",
                    );
                    return;
                }
                const actions = listOf(statement.Action);
                if (actions.some((a) => a === "*" || a === "*:*")) {
                    report(
                        `${label} allows every action on every resource: grant only the ` +
                            "actions needed, on named resources.",
                    );
                    return;
                }
                for (const action of actions.filter((a) => /^[A-Za-z0-9-]+:\*$/.test(a))) {
                    const service = action.split(":")[0];
                    report(
                        `${label} allows every "${service}" action ("${action}") on every ` +
                            "resource: list the actions needed, on named resources.",
                    );
                }
            });
        }
    },
});

/** The name of an AWS-managed policy from its ARN (any partition, any path). */
function managedPolicyName(arn: string): string | undefined {
    const match = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    return match === null ? undefined : match[1];
}

/** The elements of a list of strings that are known at preview, read without the proxy. */
function knownStrings(obj: object, key: string): string[] {
    const raw: unknown = Object.getOwnPropertyDescriptor(obj, key)?.value;
    if (!Array.isArray(raw)) return [];
    return raw
        .map((_, i) => knownString(raw, String(i)))
        .filter((value): value is string => value !== undefined);
}

interface AttachmentProps {
    policyArn?: string;
    policyArns?: string[];
    managedPolicyArns?: string[];
}

const noAdminManagedPolicies = resourceRule<AttachmentProps>({
    name: "iam-no-admin-managed-policies",
    requires:
        "No role, user or group has an AWS-managed administrator policy such as " +
        "AdministratorAccess, PowerUserAccess or IAMFullAccess attached",
    sections: LEAST_PRIVILEGE_SECTIONS,
    fix: "Attach a policy of this stack that lists only the actions and resources needed.",
    baseline:
        "cdk-nag IAMPolicyNoStatementsWithAdminAccess (managed policies); AWS Config " +
        "iam-policy-blacklisted-check",
    types: Object.keys(IAM_ATTACHMENT_TYPES),
    validate: (attachment, args, report) => {
        // An ARN known only after deployment is that of a policy this stack creates, whose
        // statements iam-policy-no-admin-access judges; AWS-managed ARNs are literals.
        const arns = [
            knownString(attachment, "policyArn"),
            ...knownStrings(attachment, "policyArns"),
            ...knownStrings(attachment, "managedPolicyArns"),
        ].filter((arn): arn is string => arn !== undefined);
        for (const arn of arns) {
            const name = managedPolicyName(arn);
            if (name !== undefined && ADMIN_MANAGED_POLICIES.includes(name)) {
                report(
                    `${IAM_ATTACHMENT_TYPES[args.type]} "${args.name}" attaches the ` +
                        `AWS-managed policy ${name}, which grants administrator-level access: ` +
                        "attach a policy with only the actions needed.",
                );
            }
        }
    },
});

const noInlinePolicies = resourceRule<IamProps>({
    name: "iam-no-inline-policies",
    requires:
        "IAM permissions come from managed policies rather than inline ones, as cdk-nag " +
        "advises; this design keeps least-privilege policies inline on purpose, so this is advice",
    sections: LEAST_PRIVILEGE_SECTIONS,
    enforcementLevel: "advisory",
    fix:
        "Keep the inline policy scoped to named resources, or move it to an aws.iam.Policy " +
        "attached with an aws.iam.RolePolicyAttachment.",
    baseline: "cdk-nag IAMNoInlinePolicy; AWS Config iam-no-inline-policy-check",
    types: INLINE_TYPES,
    validate: (props, args, report) => {
        const why =
            "which cdk-nag's IAMNoInlinePolicy advises against; this design keeps each role's " +
            "least-privilege policy inline on purpose (one role, one purpose, deleted with the " +
            "role): keep it scoped to named resources, or move it to an aws.iam.Policy.";
        if (args.type !== "aws:iam/role:Role") {
            report(`${IAM_DOCUMENT_TYPES[args.type]} "${args.name}" is an inline policy, ${why}`);
            return;
        }
        for (const inline of (props.inlinePolicies ?? []).filter((p) => isSet(p, "policy"))) {
            const name = knownString(inline, "name") ?? "";
            report(`IAM role "${args.name}" has the inline policy "${name}", ${why}`);
        }
    },
});

interface KmsConfig {
    blockedActions: string[];
}

const noKmsDecryptAll = resourceRule<IamProps>({
    name: "iam-policy-no-kms-decrypt-all-keys",
    requires:
        "IAM policies allow no action that reveals plaintext (kms:Decrypt, kms:ReEncryptFrom, " +
        "or a wildcard such as kms:*) on every KMS key",
    sections: ["164.312(a)(1)", "164.312(a)(2)(iv)"],
    configSchema: {
        properties: {
            blockedActions: {
                type: "array",
                items: { type: "string", pattern: "^kms:[A-Za-z]+$" },
                minItems: 1,
                uniqueItems: true,
                default: [...BLOCKED_KMS_ACTIONS],
                description: "KMS actions no IAM policy may allow on all keys.",
            },
        },
    },
    fix: "Name the keys in Resource by ARN (the PHI key, the secrets key), never \"*\".",
    baseline:
        "AWS Config iam-customer-policy-blocked-kms-actions, " +
        "iam-inline-policy-blocked-kms-actions",
    types: Object.keys(IAM_DOCUMENT_TYPES),
    validate: (props, args, report) => {
        const blocked =
            args.getConfig<Partial<KmsConfig>>().blockedActions ?? [...BLOCKED_KMS_ACTIONS];
        // A document that is not JSON is the finding of iam-policy-no-admin-access.
        for (const { what, statements } of documentsOf(props, args.type, args.name)) {
            (statements ?? []).forEach((statement, i) => {
                const allKeys =
                    statement.NotResource !== undefined ||
                    listOf(statement.Resource).some(
                        (r) => r === "*" || /^arn:[^:]+:kms:[^:]*:[^:]*:(key\/)?\*$/.test(r),
                    );
                const allowed = blocked.filter((action) => allowsAction(statement, action));
                if (!allKeys || allowed.length === 0) return;
                report(
                    `${what} ${statementLabel(statement, i)} allows ${allowed.join(", ")} on ` +
                        "every KMS key: name the keys needed in Resource by ARN.",
                );
            });
        }
    },
});

export const iamPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    noAdminStatements,
    noAdminManagedPolicies,
    noInlinePolicies,
    noKmsDecryptAll,
];
