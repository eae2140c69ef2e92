// The data stores and their keys: how the Aurora cluster is logged into, patched and reached
// through its proxy, how DynamoDB keeps up with load, and how a KMS key can be neither deleted in
// haste nor used by anyone outside the account. Storage encryption itself is in encryption.ts.
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { isPublicPrincipal, Statement, statementLabel, statementsOf } from "./documents";
import {
    EnforcedEnvironmentsConfig,
    enforcedEnvironmentsProperty,
    isEnforced,
    ofType,
    rawValue,
    referencedBy,
} from "./references";
import { isSet, knownString, quoted, resourceRule, stackRule } from "./support";

const CMK = "a customer-managed KMS key";
const CLUSTER_TYPE = "aws:rds/cluster:Cluster";
const INSTANCE_TYPE = "aws:rds/clusterInstance:ClusterInstance";
const TABLE_TYPE = "aws:dynamodb/table:Table";

/** The deletion window AWS allows for a KMS key, in days; AWS waits the maximum by default. */
export const KMS_DELETION_WINDOW_DAYS = { min: 7, max: 30 } as const;

/**
 * Condition keys that tie a statement open to any principal back to known callers: the calling
 * account, organization or principal, or the resource on whose behalf a service calls. A
 * condition on anything else (`kms:ViaService` alone, `aws:SecureTransport`) still lets another
 * account's principals use the key.
 */
export const PRINCIPAL_SCOPING_CONDITION_KEYS = [
    "kms:calleraccount",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:userid",
] as const;

/** The DynamoDB billing mode AWS applies when a table sets none: capacity is provisioned. */
export const DYNAMODB_DEFAULT_BILLING_MODE = "PROVISIONED";

/** The dimensions an auto-scaled provisioned table (or index) registers, read and write. */
export const DYNAMODB_SCALABLE_DIMENSIONS = {
    table: ["dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"],
    index: ["dynamodb:index:ReadCapacityUnits", "dynamodb:index:WriteCapacityUnits"],
} as const;

interface RdsClusterProps {
    engine?: string;
    manageMasterUserPassword?: boolean;
    masterUserSecretKmsKeyId?: string;
    iamDatabaseAuthenticationEnabled?: boolean;
    autoMinorVersionUpgrade?: boolean;
}

const rdsMasterPassword = resourceRule<RdsClusterProps>({
    name: "rds-cluster-master-password-managed",
    requires:
        "RDS clusters let RDS keep the master password in Secrets Manager under a " +
        "customer-managed KMS key, and the program never holds it",
    sections: ["164.312(a)(2)(iv)", "164.312(d)", "164.308(a)(5)(ii)(D)"],
    fix:
        "Remove masterPassword/masterPasswordWo and set manageMasterUserPassword: true with " +
        "masterUserSecretKmsKeyId set to the secrets key (PhiDatabase does both).",
    baseline: "Baymax (nearest: AWS Config secretsmanager-using-cmk)",
    types: [CLUSTER_TYPE],
    validate: (cluster, args, report) => {
        const what = `RDS cluster "${args.name}"`;
        const inProgram = ["masterPassword", "masterPasswordWo"].filter((k) => isSet(cluster, k));
        if (inProgram.length > 0) {
            report(
                `${what} takes its master password from the program (${inProgram.join(", ")}): ` +
                    "remove it and set manageMasterUserPassword: true, so that RDS generates, " +
                    "stores and rotates it in Secrets Manager.",
            );
        } else if (cluster.manageMasterUserPassword !== true) {
            report(
                `${what} does not let RDS manage its master password: set ` +
                    `manageMasterUserPassword: true and masterUserSecretKmsKeyId to ${CMK}.`,
            );
        } else if (!isSet(cluster, "masterUserSecretKmsKeyId")) {
            report(
                `${what} keeps its managed master password under the AWS-managed key ` +
                    `aws/secretsmanager: set masterUserSecretKmsKeyId to ${CMK}.`,
            );
        }
    },
});

const rdsIamAuthentication = resourceRule<RdsClusterProps>({
    name: "rds-cluster-iam-authentication",
    requires:
        "RDS clusters accept IAM database authentication, so that people and services can log " +
        "in with short-lived IAM tokens instead of shared passwords",
    sections: ["164.308(a)(3)(ii)(A)", "164.308(a)(4)(i)"],
    enforcementLevel: "advisory",
    fix:
        "Set iamDatabaseAuthenticationEnabled: true and grant rds-db:connect to the roles that " +
        "log in.",
    baseline: "cdk-nag AwsSolutions-RDS6 (not in the HIPAA pack)",
    types: [CLUSTER_TYPE],
    validate: (cluster, args, report) => {
        if (cluster.iamDatabaseAuthenticationEnabled !== true) {
            report(
                `RDS cluster "${args.name}" accepts only password logins: set ` +
                    "iamDatabaseAuthenticationEnabled: true.",
            );
        }
    },
});

const rdsMinorVersionUpgrade = resourceRule<RdsClusterProps>({
    name: "rds-instance-auto-minor-version-upgrade",
    requires:
        "RDS cluster instances (and clusters that take the setting) apply minor engine versions, " +
        "which carry security fixes, automatically in the maintenance window",
    sections: ["164.308(a)(5)(ii)(A)"],
    enforcementLevel: "advisory",
    fix: "Leave autoMinorVersionUpgrade unset or set it to true.",
    baseline:
        "cdk-nag RDSAutomaticMinorVersionUpgradeEnabled; AWS Config " +
        "rds-automatic-minor-version-upgrade-enabled",
    types: [INSTANCE_TYPE, CLUSTER_TYPE],
    validate: (resource, args, report) => {
        if (resource.autoMinorVersionUpgrade === false) {
            const what = args.type === CLUSTER_TYPE ? "RDS cluster" : "RDS cluster instance";
            report(
                `${what} "${args.name}" does not apply minor engine versions: remove ` +
                    "autoMinorVersionUpgrade: false.",
            );
        }
    },
});

// ---- RDS Proxy ----------------------------------------------------------------------------------

/** True when the cluster's identifier (input or id) is `identifier`. */
function hasIdentifier(cluster: PolicyResource, identifier: string): boolean {
    return [knownString(cluster.props, "clusterIdentifier"), knownString(cluster.props, "id")]
        .filter((v) => v !== undefined)
        .includes(identifier);
}

/** The RDS clusters of the stack that `holder.props[property]` names. */
export function clustersReferencedBy(
    holder: PolicyResource,
    property: string,
    resources: PolicyResource[],
): PolicyResource[] {
    return referencedBy(holder, property, ofType(resources, CLUSTER_TYPE), hasIdentifier);
}

/** The cluster instances of the stack that belong to `cluster`. */
export function instancesOf(
    cluster: PolicyResource,
    resources: PolicyResource[],
): PolicyResource[] {
    return ofType(resources, INSTANCE_TYPE).filter(
        (instance) => clustersReferencedBy(instance, "clusterIdentifier", resources)[0] === cluster,
    );
}

const rdsProxyTarget: StackValidationPolicy = stackRule({
    name: "rds-proxy-target-after-instances",
    requires:
        "An RDS Proxy target of a cluster depends on every instance of that cluster, so that the " +
        "proxy registers the cluster only once it has instances to connect to",
    sections: ["164.308(a)(7)(ii)(C)"],
    enforcementLevel: "advisory",
    fix: "Pass the cluster's instances in the proxy target's dependsOn (PhiDatabase does).",
    baseline: "Baymax",
    validate: (args, report) => {
        const targets = ofType(args.resources, "aws:rds/proxyTarget:ProxyTarget").filter((t) =>
            isSet(t.props, "dbClusterIdentifier"),
        );
        if (targets.length === 0) args.notApplicable("The stack has no RDS Proxy cluster target");
        for (const target of targets) {
            const what = `RDS proxy target "${target.name}"`;
            const instances = clustersReferencedBy(
                target,
                "dbClusterIdentifier",
                args.resources,
            ).flatMap((cluster) => instancesOf(cluster, args.resources));
            if (instances.length === 0) {
                report(
                    `${what} targets a cluster with no instance in this stack: add cluster ` +
                        "instances and list them in the target's dependsOn.",
                    target.urn,
                );
                continue;
            }
            const missing = instances.filter((i) => !target.dependencies.includes(i));
            if (missing.length > 0) {
                report(
                    `${what} does not depend on cluster instance(s) ` +
                        `${quoted(missing.map((i) => i.name))}: add them to its ` +
                        "dependsOn.",
                    target.urn,
                );
            }
        }
    },
});

// ---- DynamoDB -----------------------------------------------------------------------------------

const dynamoAutoscaling: StackValidationPolicy = stackRule({
    name: "dynamodb-table-autoscaling",
    requires:
        "DynamoDB tables with provisioned capacity have read and write auto scaling on the table " +
        "and on each global secondary index; on-demand tables need none",
    sections: ["164.308(a)(7)(i)", "164.308(a)(7)(ii)(C)"],
    enforcementLevel: "advisory",
    fix:
        'Set billingMode: "PAY_PER_REQUEST" (as ConversationStore does), or register ' +
        "aws.appautoscaling.Target and Policy resources for the read and write capacity of " +
        "the table and each index.",
    baseline: "cdk-nag DynamoDBAutoScalingEnabled; AWS Config dynamodb-autoscaling-enabled",
    validate: (args, report) => {
        const tables = ofType(args.resources, TABLE_TYPE);
        if (tables.length === 0) args.notApplicable("The stack has no DynamoDB tables");
        const targets = ofType(args.resources, "aws:appautoscaling/target:Target").filter(
            (t) => knownString(t.props, "serviceNamespace") === "dynamodb",
        );
        for (const table of tables) {
            const mode = table.props.billingMode ?? DYNAMODB_DEFAULT_BILLING_MODE;
            if (mode !== DYNAMODB_DEFAULT_BILLING_MODE) continue;
            const name = table.props.name as string;
            const scaled = (resourceId: string, dimension: string) =>
                targets.some((t) => {
                    if (knownString(t.props, "scalableDimension") !== dimension) return false;
                    const id = knownString(t.props, "resourceId");
                    if (id !== undefined) return id === resourceId;
                    return (t.propertyDependencies["resourceId"] ?? []).includes(table);
                });
            const indexes = (rawValue(table.props, "globalSecondaryIndexes") ?? []) as {
                name?: string;
            }[];
            const unscaled = [
                ...DYNAMODB_SCALABLE_DIMENSIONS.table
                    .filter((d) => !scaled(`table/${name}`, d))
                    .map((d) => `${d} of the table`),
                ...indexes.flatMap((index) =>
                    DYNAMODB_SCALABLE_DIMENSIONS.index
                        .filter((d) => !scaled(`table/${name}/index/${index.name}`, d))
                        .map((d) => `${d} of index "${index.name}"`),
                ),
            ];
            if (unscaled.length > 0) {
                report(
                    `DynamoDB table "${table.name}" has provisioned capacity without auto ` +
                        `scaling of ${unscaled.join(", ")}: register an ` +
                        "aws.appautoscaling.Target for each, or set billingMode: " +
                        '"PAY_PER_REQUEST".',
                    table.urn,
                );
            }
        }
    },
});

// ---- KMS keys -----------------------------------------------------------------------------------

interface KmsKeyProps {
    isEnabled?: boolean;
    deletionWindowInDays?: number;
    bypassPolicyLockoutSafetyCheck?: boolean;
    policy?: string;
}

interface KeyDeletionConfig {
    minimumDeletionWindowDays: number;
}

const kmsKeyDeletion = resourceRule<KmsKeyProps>({
    name: "kms-key-deletion-safeguards",
    requires:
        "KMS keys stay enabled, wait at least the configured deletion window (30 days by " +
        "default) before deletion, and keep AWS's policy lockout safety check",
    sections: ["164.308(a)(1)(ii)(B)", "164.312(a)(2)(iv)"],
    fix:
        "Leave isEnabled unset, set deletionWindowInDays to 30 (EncryptionKeys' default) and " +
        "never set bypassPolicyLockoutSafetyCheck.",
    baseline: "AWS Config kms-cmk-not-scheduled-for-deletion; Baymax (window, lockout check)",
    types: ["aws:kms/key:Key"],
    configSchema: {
        properties: {
            minimumDeletionWindowDays: {
                type: "integer",
                minimum: KMS_DELETION_WINDOW_DAYS.min,
                maximum: KMS_DELETION_WINDOW_DAYS.max,
                default: KMS_DELETION_WINDOW_DAYS.max,
                description:
                    "Fewest days a key scheduled for deletion may wait. Deleting a key makes " +
                    "everything encrypted under it, backups included, unreadable for good, so " +
                    "the default is the longest window AWS allows, to give the most time to " +
                    "notice and cancel a mistaken or malicious deletion.",
            },
        },
    },
    validate: (key, args, report) => {
        const what = `KMS key "${args.name}"`;
        const config = args.getConfig<Partial<KeyDeletionConfig>>();
        const minimum = config.minimumDeletionWindowDays ?? KMS_DELETION_WINDOW_DAYS.max;
        if (key.isEnabled === false) {
            report(
                `${what} is disabled, so nothing encrypted under it can be read: remove ` +
                    "isEnabled: false.",
            );
        }
        const window = key.deletionWindowInDays ?? KMS_DELETION_WINDOW_DAYS.max;
        if (window < minimum) {
            report(
                `${what} waits only ${window} days before a scheduled deletion: set ` +
                    `deletionWindowInDays to at least ${minimum}.`,
            );
        }
        if (key.bypassPolicyLockoutSafetyCheck === true) {
            report(
                `${what} skips the policy lockout safety check, so a policy could lock every ` +
                    "administrator out of the key: remove bypassPolicyLockoutSafetyCheck.",
            );
        }
    },
});

/** True when a condition of the statement ties it to known callers. */
function scopesPrincipals(statement: Statement): boolean {
    return Object.entries(statement.Condition ?? {}).some(([operator, keys]) => {
        // A negated or IfExists operator passes for callers the key does not describe.
        if (/Not|IfExists$/.test(operator) || typeof keys !== "object" || keys === null) {
            return false;
        }
        return Object.entries(keys).some(([key, value]) => {
            const values = Array.isArray(value) ? value : [value];
            return (
                (PRINCIPAL_SCOPING_CONDITION_KEYS as readonly string[]).includes(
                    key.toLowerCase(),
                ) &&
                values.length > 0 &&
                values.every((v) => typeof v === "string" && v !== "" && !v.includes("*"))
            );
        });
    });
}

const kmsKeyPolicy = resourceRule<KmsKeyProps>({
    name: "kms-key-policy-no-public-principal",
    requires:
        "KMS key policies allow no principal \"*\" unless a condition ties the statement to the " +
        "calling account, organization, principal or source resource",
    sections: ["164.312(a)(1)", "164.308(a)(1)(ii)(B)"],
    fix:
        "Name the principals, or add a condition such as StringEquals kms:CallerAccount " +
        "(EncryptionKeys' via-service statements do).",
    baseline: "Baymax (nearest: IAM Access Analyzer public and cross-account findings)",
    types: ["aws:kms/key:Key"],
    validate: (key, args, report) => {
        // Without a policy AWS applies its default, which trusts only the account.
        if (!isSet(key, "policy")) return;
        const what = `KMS key "${args.name}"`;
        const statements = statementsOf(key.policy, { requireStatement: true });
        if (statements === undefined) {
            report(`${what} has a policy that is not a JSON policy document: fix its policy.`);
            return;
        }
        statements.forEach((statement, i) => {
            const open =
                statement.Effect === "Allow" &&
                (isPublicPrincipal(statement.Principal) || statement.NotPrincipal !== undefined);
            if (open && !scopesPrincipals(statement)) {
                report(
                    `${what} policy ${statementLabel(statement, i)} allows any principal ("*") ` +
                        "with no condition on the caller's account or identity: name the " +
                        "principals, or add a condition on kms:CallerAccount, " +
                        "aws:PrincipalAccount, aws:PrincipalOrgID or aws:PrincipalArn.",
                );
            }
        });
    },
});

const kmsKeyProtected = resourceRule<KmsKeyProps>({
    name: "kms-key-protected",
    requires:
        "In the enforced environments (prod by default, per the Environment tag), KMS keys " +
        "carry Pulumi's protect option, so that no destroy or replacement schedules their deletion",
    sections: ["164.312(a)(2)(iv)", "164.308(a)(1)(ii)(B)"],
    fix:
        "Create the key with { protect: true } (EncryptionKeys does when deletionProtection is " +
        "on).",
    baseline: "Baymax",
    types: ["aws:kms/key:Key"],
    configSchema: { properties: { enforcedEnvironments: enforcedEnvironmentsProperty } },
    validate: (key, args, report) => {
        if (!isEnforced(key, args.getConfig<Partial<EnforcedEnvironmentsConfig>>())) return;
        if (args.opts.protect !== true) {
            report(
                `KMS key "${args.name}" is not protected, so a destroy or a replacement would ` +
                    "schedule its deletion and make everything encrypted under it unreadable: " +
                    "create it with { protect: true }.",
            );
        }
    },
});

export const dataPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    rdsMasterPassword,
    rdsIamAuthentication,
    rdsMinorVersionUpgrade,
    rdsProxyTarget,
    dynamoAutoscaling,
    kmsKeyDeletion,
    kmsKeyPolicy,
    kmsKeyProtected,
];
