// Contingency: PHI stores that can be restored to a point in time, are backed up daily with a
// copy in the disaster-recovery region, keep their recovery points for long enough and out of
// reach of a hasty delete, and survive the loss of an availability zone. Rules that dev
// legitimately relaxes (deletion protection, Multi-AZ, long retention, vault locks) judge only the
// environments named in their `enforcedEnvironments` config, read from the Environment tag.
import {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import { DR_REGIONS } from "../awsFacts";
import { HipaaSection } from "../hipaa";
import { instancesOf } from "./data";
import { actionListCovers, isPublicPrincipal, statementsOf } from "./documents";
import {
    EnforcedEnvironmentsConfig,
    enforcedEnvironmentsProperty,
    hasValue,
    isEnforced,
    ofType,
    referencedBy,
    regionOf,
    regionOfArn,
} from "./references";
import {
    isSet,
    knownString,
    oneOf,
    quoted,
    regionListProperty,
    resourceRule,
    stackRule,
} from "./support";

const CONTINGENCY: HipaaSection[] = [
    "164.308(a)(7)(i)",
    "164.308(a)(7)(ii)(A)",
    "164.308(a)(7)(ii)(B)",
];
const AVAILABILITY: HipaaSection[] = ["164.308(a)(7)(i)", "164.308(a)(7)(ii)(C)"];

const CLUSTER_TYPE = "aws:rds/cluster:Cluster";
const TABLE_TYPE = "aws:dynamodb/table:Table";
const VAULT_TYPE = "aws:backup/vault:Vault";
const VAULT_LOCK_TYPE = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";

/** Days RDS keeps automated backups: AWS allows 1 to 35; the pack asks a week by default. */
export const RDS_BACKUP_RETENTION_DAYS = { min: 1, max: 35, defaultMinimum: 7 } as const;

/** AWS Config's default minimum retention of a backup plan (requiredRetentionDays). */
export const DEFAULT_MINIMUM_BACKUP_PLAN_RETENTION_DAYS = 35;

/** Fewest availability zones that must hold an instance of an Aurora cluster by default. */
export const DEFAULT_MINIMUM_AVAILABILITY_ZONES = 2;

/** What a vault access policy must deny to everyone (AWS Config's manual-deletion rule). */
export const VAULT_DELETION_DENIED_ACTIONS = [
    "backup:DeleteRecoveryPoint",
    "backup:UpdateRecoveryPointLifecycle",
    "backup:PutBackupVaultAccessPolicy",
] as const;

const enforcedOnly = { properties: { enforcedEnvironments: enforcedEnvironmentsProperty } };

function enforced(args: ResourceValidationArgs, props: Record<string, any>): boolean {
    return isEnforced(props, args.getConfig<Partial<EnforcedEnvironmentsConfig>>());
}

// ---- DynamoDB -----------------------------------------------------------------------------------

interface DynamoTableProps {
    pointInTimeRecovery?: { enabled?: boolean };
    replicas?: { regionName?: string; pointInTimeRecovery?: boolean }[];
    deletionProtectionEnabled?: boolean;
}

const dynamoPitr = resourceRule<DynamoTableProps>({
    name: "dynamodb-table-pitr-enabled",
    requires:
        "DynamoDB tables and their replicas keep point-in-time recovery on, so that a table can " +
        "be restored to any second of its recovery window",
    sections: CONTINGENCY,
    fix:
        "Set pointInTimeRecovery: { enabled: true } (ConversationStore does) and, on each " +
        "replica, pointInTimeRecovery: true.",
    baseline: "cdk-nag DynamoDBPITREnabled; AWS Config dynamodb-pitr-enabled",
    types: [TABLE_TYPE],
    validate: (table, args, report) => {
        const what = `DynamoDB table "${args.name}"`;
        if (table.pointInTimeRecovery?.enabled !== true) {
            report(
                `${what} cannot be restored to a point in time: set pointInTimeRecovery: ` +
                    "{ enabled: true }.",
            );
        }
        (table.replicas ?? []).forEach((replica, i) => {
            if (replica.pointInTimeRecovery !== true) {
                report(
                    `${what} replica ${i} (${replica.regionName}) has no point-in-time ` +
                        `recovery: set replicas[${i}].pointInTimeRecovery: true.`,
                );
            }
        });
    },
});

const dynamoDeletionProtection = resourceRule<DynamoTableProps>({
    name: "dynamodb-table-deletion-protection",
    requires:
        "In the enforced environments (prod by default, per the Environment tag), DynamoDB " +
        "tables have deletion protection on",
    sections: AVAILABILITY,
    fix:
        "Set deletionProtectionEnabled: true (ConversationStore does when deletionProtection " +
        "is on).",
    baseline: "Baymax",
    types: [TABLE_TYPE],
    configSchema: enforcedOnly,
    validate: (table, args, report) => {
        if (enforced(args, table) && table.deletionProtectionEnabled !== true) {
            report(
                `DynamoDB table "${args.name}" can be deleted with its data: set ` +
                    "deletionProtectionEnabled: true.",
            );
        }
    },
});

// ---- Aurora -------------------------------------------------------------------------------------

interface RdsClusterProps {
    engine?: string;
    backupRetentionPeriod?: number;
    deletionProtection?: boolean;
    skipFinalSnapshot?: boolean;
    finalSnapshotIdentifier?: string;
}

interface RdsBackupConfig {
    minimumRetentionDays: number;
}

const rdsBackupRetention = resourceRule<RdsClusterProps>({
    name: "rds-cluster-backup-retention",
    requires:
        "RDS clusters keep automated backups for at least the configured number of days " +
        "(7 by default; AWS keeps 1 when unset)",
    sections: CONTINGENCY,
    fix: "Set backupRetentionPeriod to at least the minimum; PhiDatabase keeps the maximum, 35.",
    baseline: "cdk-nag RDSInstanceBackupEnabled; AWS Config db-instance-backup-enabled",
    types: [CLUSTER_TYPE],
    configSchema: {
        properties: {
            minimumRetentionDays: {
                type: "integer",
                minimum: RDS_BACKUP_RETENTION_DAYS.min,
                maximum: RDS_BACKUP_RETENTION_DAYS.max,
                default: RDS_BACKUP_RETENTION_DAYS.defaultMinimum,
                description:
                    "Fewest days automated backups (and so point-in-time restore) must reach " +
                    "back; RDS allows 1 to 35.",
            },
        },
    },
    validate: (cluster, args, report) => {
        const config = args.getConfig<Partial<RdsBackupConfig>>();
        const minimum = config.minimumRetentionDays ?? RDS_BACKUP_RETENTION_DAYS.defaultMinimum;
        const days = cluster.backupRetentionPeriod ?? RDS_BACKUP_RETENTION_DAYS.min;
        if (days < minimum) {
            report(
                `RDS cluster "${args.name}" keeps automated backups for ${days} day(s): set ` +
                    `backupRetentionPeriod to at least ${minimum} (at most ` +
                    `${RDS_BACKUP_RETENTION_DAYS.max}).`,
            );
        }
    },
});

const rdsDeletionProtection = resourceRule<RdsClusterProps>({
    name: "rds-cluster-deletion-protection",
    requires:
        "In the enforced environments (prod by default, per the Environment tag), RDS clusters " +
        "have deletion protection on",
    sections: AVAILABILITY,
    fix: "Set deletionProtection: true (PhiDatabase does when deletionProtection is on).",
    baseline:
        "cdk-nag RDSInstanceDeletionProtectionEnabled; AWS Config " +
        "rds-cluster-deletion-protection-enabled",
    types: [CLUSTER_TYPE],
    configSchema: enforcedOnly,
    validate: (cluster, args, report) => {
        if (enforced(args, cluster) && cluster.deletionProtection !== true) {
            report(
                `RDS cluster "${args.name}" can be deleted with its data: set ` +
                    "deletionProtection: true.",
            );
        }
    },
});

const rdsFinalSnapshot = resourceRule<RdsClusterProps>({
    name: "rds-cluster-final-snapshot",
    requires: "RDS clusters take a named final snapshot when they are deleted",
    sections: CONTINGENCY,
    fix:
        "Leave skipFinalSnapshot unset (or false) and set finalSnapshotIdentifier (PhiDatabase " +
        "does).",
    baseline: "Baymax (companion of AWS Config rds-cluster-deletion-protection-enabled)",
    types: [CLUSTER_TYPE],
    validate: (cluster, args, report) => {
        const what = `RDS cluster "${args.name}"`;
        if (cluster.skipFinalSnapshot === true) {
            report(
                `${what} skips its final snapshot, so deleting it loses its data: set ` +
                    "skipFinalSnapshot: false and a finalSnapshotIdentifier.",
            );
        } else if (!isSet(cluster, "finalSnapshotIdentifier")) {
            report(
                `${what} names no final snapshot, so RDS refuses to delete it without losing ` +
                    "the data on the way: set finalSnapshotIdentifier.",
            );
        }
    },
});

interface MultiAzConfig extends EnforcedEnvironmentsConfig {
    minimumAvailabilityZones: number;
}

const rdsMultiAz: StackValidationPolicy = stackRule({
    name: "rds-cluster-multi-az",
    requires:
        "In the enforced environments (prod by default, per the Environment tag), every Aurora " +
        "cluster runs instances pinned to at least two availability zones, so that a reader " +
        "takes over when the writer's zone fails",
    sections: AVAILABILITY,
    fix:
        "Run at least two cluster instances with availabilityZone set to different zones " +
        "(PhiDatabase does with dbInstanceCount 2 or more).",
    baseline: "AWS Config rds-cluster-multi-az-enabled; cdk-nag RDSMultiAZSupport (non-Aurora)",
    configSchema: {
        properties: {
            enforcedEnvironments: enforcedEnvironmentsProperty,
            minimumAvailabilityZones: {
                type: "integer",
                minimum: 2,
                maximum: 3,
                default: DEFAULT_MINIMUM_AVAILABILITY_ZONES,
                description: "Fewest distinct availability zones that must hold an instance.",
            },
        },
    },
    validate: (args, report) => {
        const config = args.getConfig<Partial<MultiAzConfig>>();
        const zonesNeeded = config.minimumAvailabilityZones ?? DEFAULT_MINIMUM_AVAILABILITY_ZONES;
        const clusters = ofType(args.resources, CLUSTER_TYPE).filter(
            (c) => String(c.props.engine).startsWith("aurora") && isEnforced(c.props, config),
        );
        if (clusters.length === 0) {
            args.notApplicable("The stack has no Aurora cluster in an enforced environment");
        }
        for (const cluster of clusters) {
            const what = `RDS cluster "${cluster.name}"`;
            const instances = instancesOf(cluster, args.resources);
            const zones = new Set(
                instances
                    .map((i) => i.props.availabilityZone as string | undefined)
                    .filter((zone) => zone !== undefined && zone !== null && zone !== ""),
            );
            if (instances.length < zonesNeeded) {
                report(
                    `${what} has ${instances.length} instance(s): run at least ${zonesNeeded}, ` +
                        "each with availabilityZone set to a different zone.",
                    cluster.urn,
                );
            } else if (zones.size < zonesNeeded) {
                const where = zones.size === 0 ? "no zone" : [...zones].join(", ");
                report(
                    `${what} pins its ${instances.length} instances to ${where}: set ` +
                        `availabilityZone so that at least ${zonesNeeded} zones hold an instance.`,
                    cluster.urn,
                );
            }
        }
    },
});

// ---- AWS Backup ---------------------------------------------------------------------------------

interface DrConfig {
    drRegions: string[];
}

/** The regions a plan copies recovery points to; unknown vault ARNs resolve through deps. */
function copyRegions(plan: PolicyResource): string[] {
    const regions: string[] = [];
    const rules = (plan.props.rules ?? []) as Record<string, any>[];
    for (const rule of rules) {
        for (const copy of (rule.copyActions ?? []) as Record<string, any>[]) {
            const arn = knownString(copy, "destinationVaultArn");
            if (arn !== undefined) {
                const region = regionOfArn(arn);
                if (region !== undefined) regions.push(region);
                continue;
            }
            // A vault ARN known only after deployment: the plan's rules depend on the vaults
            // they name, and every one but the rule's own target vault is a copy destination.
            const target = knownString(rule, "targetVaultName");
            const vaults = (plan.propertyDependencies["rules"] ?? []).filter(
                (v) => v.type === VAULT_TYPE && !(target && hasValue(v, ["name", "id"], target)),
            );
            if (vaults.length === 0) void copy.destinationVaultArn;
            vaults.forEach((v) => {
                const region = regionOf(v);
                if (region !== undefined) regions.push(region);
            });
        }
    }
    return regions;
}

const backupCoversStores: StackValidationPolicy = stackRule({
    name: "backup-plan-covers-phi-stores",
    requires:
        "Every Aurora cluster and DynamoDB table is selected by an AWS Backup plan of the stack " +
        "that copies its recovery points to a disaster-recovery region (ap-south-2 by default)",
    sections: CONTINGENCY,
    fix:
        "List the store's ARN in an aws.backup.Selection whose plan has a copyActions entry to a " +
        "vault in the DR region (IndiaDrReplica does for the cluster and tables).",
    baseline:
        "cdk-nag DynamoDBInBackupPlan, RDSInBackupPlan; AWS Config dynamodb-in-backup-plan, " +
        "aurora-resources-protected-by-backup-plan, rds-in-backup-plan; Baymax (DR copy)",
    configSchema: {
        properties: {
            drRegions: regionListProperty(
                DR_REGIONS,
                "Regions a copy of every backup must reach: the disaster-recovery regions, in " +
                    "India.",
            ),
        },
    },
    validate: (args, report) => {
        const drRegions = args.getConfig<Partial<DrConfig>>().drRegions ?? [...DR_REGIONS];
        const stores = ofType(args.resources, CLUSTER_TYPE, TABLE_TYPE);
        if (stores.length === 0) args.notApplicable("The stack has no Aurora cluster or table");
        const plans = ofType(args.resources, "aws:backup/plan:Plan");
        const selectedBy = new Map<PolicyResource, PolicyResource[]>();
        for (const selection of ofType(args.resources, "aws:backup/selection:Selection")) {
            const [plan] = referencedBy(selection, "planId", plans, (p, v) =>
                hasValue(p, ["id"], v),
            );
            if (plan === undefined) continue;
            const matchesArn = (store: PolicyResource, arn: string) =>
                hasValue(store, ["arn"], arn);
            const excluded = isSet(selection.props, "notResources")
                ? referencedBy(selection, "notResources", stores, matchesArn)
                : [];
            referencedBy(selection, "resources", stores, matchesArn)
                .filter((store) => !excluded.includes(store))
                .forEach((store) => {
                    selectedBy.set(store, [...(selectedBy.get(store) ?? []), plan]);
                });
        }
        const destinations = oneOf(drRegions);
        for (const store of stores) {
            const what = `${store.type === CLUSTER_TYPE ? "RDS cluster" : "DynamoDB table"} "${
                store.name
            }"`;
            const storePlans = selectedBy.get(store) ?? [];
            if (storePlans.length === 0) {
                report(
                    `${what} is in no AWS Backup selection of the stack: add its ARN to the ` +
                        "resources of an aws.backup.Selection whose plan copies recovery points " +
                        `to ${destinations}.`,
                    store.urn,
                );
                continue;
            }
            const toDr = storePlans.some((plan) =>
                copyRegions(plan).some((r) => drRegions.includes(r)),
            );
            if (!toDr) {
                report(
                    `${what} is backed up by plan(s) ` +
                        `${quoted(storePlans.map((p) => p.name))}, which copy no ` +
                        `recovery point to ${destinations}: add a copyActions entry whose ` +
                        "destinationVaultArn is a vault in that region.",
                    store.urn,
                );
            }
        }
    },
});

/**
 * True when an AWS Backup schedule runs at least once a day: a cron expression that fires every
 * day of every month (any minutes and hours), or a rate of at most a day.
 */
export function runsAtLeastDaily(schedule: string): boolean {
    const cron = /^cron\((.*)\)$/.exec(schedule.trim());
    if (cron) {
        const fields = cron[1].trim().split(/\s+/);
        if (fields.length !== 6) return false;
        const [, , dayOfMonth, month, dayOfWeek] = fields;
        const everyDay = (field: string) => field === "*" || field === "?";
        return everyDay(dayOfMonth) && month === "*" && everyDay(dayOfWeek);
    }
    const rate = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(schedule.trim());
    if (rate) {
        const hours = { minute: 1 / 60, hour: 1, day: 24 }[rate[2].replace(/s$/, "")] ?? 0;
        return Number(rate[1]) * hours <= 24;
    }
    return false;
}

interface BackupPlanRule {
    ruleName?: string;
    schedule?: string;
    enableContinuousBackup?: boolean;
    lifecycle?: { deleteAfter?: number };
    copyActions?: { destinationVaultArn?: string; lifecycle?: { deleteAfter?: number } }[];
}

interface BackupPlanProps {
    rules?: BackupPlanRule[];
}

const backupDaily = resourceRule<BackupPlanProps>({
    name: "backup-plan-daily-schedule",
    requires: "AWS Backup plan rules run at least once a day",
    sections: CONTINGENCY,
    fix:
        'Set each rule\'s schedule to a daily cron, such as "cron(0 2 * * ? *)" (IndiaDrReplica ' +
        "does).",
    baseline: "AWS Config backup-plan-min-frequency-and-min-retention-check (1 day)",
    types: ["aws:backup/plan:Plan"],
    validate: (plan, args, report) => {
        (plan.rules ?? []).forEach((rule, i) => {
            const label = `rule "${rule.ruleName ?? i}"`;
            const what = `Backup plan "${args.name}" ${label}`;
            if (!isSet(rule, "schedule")) {
                report(`${what} has no schedule: set schedule to a daily cron expression.`);
            } else if (!runsAtLeastDaily(rule.schedule as string)) {
                report(
                    `${what} runs on "${rule.schedule}", less often than daily: set schedule to ` +
                        'a cron expression that fires every day, such as "cron(0 2 * * ? *)".',
                );
            }
        });
    },
});

interface PlanRetentionConfig extends EnforcedEnvironmentsConfig {
    minimumRetentionDays: number;
}

const backupRetention = resourceRule<BackupPlanProps>({
    name: "backup-plan-minimum-retention",
    requires:
        "In the enforced environments (prod by default, per the Environment tag), AWS Backup " +
        "plans keep recovery points and their copies for at least the configured number of " +
        "days (35 by default)",
    sections: CONTINGENCY,
    fix:
        "Set lifecycle.deleteAfter of each rule and copy action to at least the minimum (the " +
        "stack's backupRetentionDays and drBackupRetentionDays), or leave it unset.",
    baseline: "AWS Config backup-plan-min-frequency-and-min-retention-check (35 days)",
    types: ["aws:backup/plan:Plan"],
    configSchema: {
        properties: {
            enforcedEnvironments: enforcedEnvironmentsProperty,
            minimumRetentionDays: {
                type: "integer",
                minimum: 1,
                default: DEFAULT_MINIMUM_BACKUP_PLAN_RETENTION_DAYS,
                description:
                    "Fewest days a recovery point, and its copy in the DR region, must be kept.",
            },
        },
    },
    validate: (plan, args, report) => {
        const config = args.getConfig<Partial<PlanRetentionConfig>>();
        if (!isEnforced(plan, config)) return;
        const minimum = config.minimumRetentionDays ?? DEFAULT_MINIMUM_BACKUP_PLAN_RETENTION_DAYS;
        (plan.rules ?? []).forEach((rule, i) => {
            const what = `Backup plan "${args.name}" rule "${rule.ruleName ?? i}"`;
            // No deleteAfter keeps the recovery point until someone deletes it.
            const kept = rule.lifecycle?.deleteAfter;
            if (kept !== undefined && kept !== null && kept < minimum) {
                report(
                    `${what} deletes recovery points after ${kept} days: set ` +
                        `lifecycle.deleteAfter to at least ${minimum}.`,
                );
            }
            (rule.copyActions ?? []).forEach((copy, j) => {
                const copyKept = copy.lifecycle?.deleteAfter;
                if (copyKept !== undefined && copyKept !== null && copyKept < minimum) {
                    report(
                        `${what} deletes its copies after ${copyKept} days: set ` +
                            `copyActions[${j}].lifecycle.deleteAfter to at least ${minimum}.`,
                    );
                }
            });
        });
    },
});

const vaultLocked: StackValidationPolicy = stackRule({
    name: "backup-vault-deletion-denied",
    requires:
        "In the enforced environments (prod by default, per the Environment tag), every AWS " +
        "Backup vault has a vault lock, or an access policy that denies everyone deleting " +
        "recovery points, shortening their lifecycle and replacing the policy",
    sections: CONTINGENCY,
    fix:
        'Attach an aws.backup.VaultPolicy with a Deny for Principal "*" on ' +
        `${VAULT_DELETION_DENIED_ACTIONS.join(", ")} (IndiaDrReplica does when deletion ` +
        "protection is on), or an aws.backup.VaultLockConfiguration.",
    baseline: "AWS Config backup-recovery-point-manual-deletion-disabled",
    configSchema: enforcedOnly,
    validate: (args, report) => {
        const config = args.getConfig<Partial<EnforcedEnvironmentsConfig>>();
        const vaults = ofType(args.resources, VAULT_TYPE).filter((v) =>
            isEnforced(v.props, config),
        );
        if (vaults.length === 0) {
            args.notApplicable("The stack has no backup vault in an enforced environment");
        }
        const attachedTo = (type: string, vault: PolicyResource) =>
            ofType(args.resources, type).filter(
                (r) =>
                    referencedBy(r, "backupVaultName", [vault], (v, name) =>
                        hasValue(v, ["name", "id"], name),
                    ).length > 0,
            );
        for (const vault of vaults) {
            const locks = attachedTo(VAULT_LOCK_TYPE, vault);
            if (locks.length > 0) continue;
            const what = `Backup vault "${vault.name}"`;
            const policies = attachedTo("aws:backup/vaultPolicy:VaultPolicy", vault);
            const denials = policies.flatMap((p) =>
                (statementsOf(p.props.policy, { requireStatement: true }) ?? []).filter(
                    (s) => s.Effect === "Deny" && isPublicPrincipal(s.Principal),
                ),
            );
            const allowed = VAULT_DELETION_DENIED_ACTIONS.filter(
                (action) => !denials.some((s) => actionListCovers(s, action)),
            );
            if (allowed.length > 0) {
                report(
                    `${what} lets anyone with IAM permission call ${allowed.join(", ")}: attach ` +
                        'an aws.backup.VaultPolicy that denies them to Principal "*", or an ' +
                        "aws.backup.VaultLockConfiguration.",
                    vault.urn,
                );
            }
        }
    },
});

export const backupPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    dynamoPitr,
    dynamoDeletionProtection,
    rdsBackupRetention,
    rdsDeletionProtection,
    rdsFinalSnapshot,
    rdsMultiAz,
    backupCoversStores,
    backupDaily,
    backupRetention,
    vaultLocked,
];
