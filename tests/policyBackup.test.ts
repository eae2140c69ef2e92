// The backup, disaster-recovery and availability policies, through the real analyzer path: the
// real prod plan passes, and each case weakens one setting of it and expects exactly the findings
// of the policy under test. Environment-dependent policies are also run on the real dev plan.
import * as assert from "assert";
import { RunningPolicyPack } from "../offline/analyzer";
import { PreviewDigest, UNKNOWN_SENTINEL } from "../offline/previewFormat";
import { runsAtLeastDaily } from "../policy/rules/backup";
import { analyzeOnly } from "./fixtures/focusedPack";
import {
    addState,
    cannotRun,
    editProps,
    editState,
    findingsOf,
    mandatory,
    packConfig,
    stateIn,
} from "./fixtures/planEdits";
import { planWithoutStates, realPlan, weakenedPlan } from "./fixtures/prodPlan";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const TABLE = "aws:dynamodb/table:Table";
const PLAN = "aws:backup/plan:Plan";
const SELECTION = "aws:backup/selection:Selection";
const VAULT = "aws:backup/vault:Vault";
const VAULT_POLICY = "aws:backup/vaultPolicy:VaultPolicy";

const POLICIES: [string, string][] = [
    ["dynamodb-table-pitr-enabled", "mandatory"],
    ["dynamodb-table-deletion-protection", "mandatory"],
    ["rds-cluster-backup-retention", "mandatory"],
    ["rds-cluster-deletion-protection", "mandatory"],
    ["rds-cluster-final-snapshot", "mandatory"],
    ["rds-cluster-multi-az", "mandatory"],
    ["backup-plan-covers-phi-stores", "mandatory"],
    ["backup-plan-daily-schedule", "mandatory"],
    ["backup-plan-minimum-retention", "mandatory"],
    ["backup-vault-deletion-denied", "mandatory"],
];
const NAMES = POLICIES.map(([name]) => name);

describe("policy pack: backup, disaster recovery and availability", () => {
    let pack: RunningPolicyPack;
    before(async () => {
        pack = await sharedPolicyPack();
    });

    const check = async (plan: PreviewDigest, policy: string, config?: object) =>
        findingsOf(
            await analyzeOnly(pack, plan, [policy], config ? packConfig(config as any) : undefined),
            policy,
        );

    it("declares each policy at its level, with its config defaults", async () => {
        const report = await pack.analyze(realPlan("prod"));
        const declared = report.packs[0].policies.filter((p) => NAMES.includes(p.name));
        assert.deepStrictEqual(
            declared.map((p) => [p.name, p.enforcementLevel]),
            POLICIES,
        );
        const defaults = Object.fromEntries(
            declared
                .filter((p) => p.configSchema)
                .map((p) => [
                    p.name,
                    Object.fromEntries(
                        Object.entries(p.configSchema!.properties).map(([k, v]) => [k, v.default]),
                    ),
                ]),
        );
        assert.deepStrictEqual(defaults, {
            "dynamodb-table-deletion-protection": { enforcedEnvironments: ["prod"] },
            "rds-cluster-backup-retention": { minimumRetentionDays: 7 },
            "rds-cluster-deletion-protection": { enforcedEnvironments: ["prod"] },
            "rds-cluster-multi-az": {
                enforcedEnvironments: ["prod"],
                minimumAvailabilityZones: 2,
            },
            "backup-plan-covers-phi-stores": { drRegions: ["ap-south-2"] },
            "backup-plan-minimum-retention": {
                enforcedEnvironments: ["prod"],
                minimumRetentionDays: 35,
            },
            "backup-vault-deletion-denied": { enforcedEnvironments: ["prod"] },
        });
    });

    it("finds nothing in the real prod and dev plans", async () => {
        for (const stack of ["prod", "dev"] as const) {
            const report = await analyzeOnly(pack, realPlan(stack), NAMES);
            assert.deepStrictEqual(findingsOf(report, ...NAMES), [], stack);
        }
    });

    describe("dynamodb-table-pitr-enabled", () => {
        const policy = "dynamodb-table-pitr-enabled";
        const noPitr = mandatory(
            policy,
            "conversations-sessions",
            'DynamoDB table "conversations-sessions" cannot be restored to a point in time: set ' +
                "pointInTimeRecovery: { enabled: true }.",
        );

        it("flags a table with point-in-time recovery off or unset", async () => {
            const off = weakenedPlan(TABLE, "conversations-sessions", (i) => {
                i.pointInTimeRecovery.enabled = false;
            });
            assert.deepStrictEqual(await check(off, policy), [noPitr]);
            const unset = weakenedPlan(TABLE, "conversations-sessions", (i) => {
                delete i.pointInTimeRecovery;
            });
            assert.deepStrictEqual(await check(unset, policy), [noPitr]);
        });

        it("flags a replica without point-in-time recovery", async () => {
            const plan = weakenedPlan(TABLE, "conversations-sessions", (i) => {
                i.replicas = [{ regionName: "ap-south-2", kmsKeyArn: "arn:dr-key" }];
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "conversations-sessions",
                    'DynamoDB table "conversations-sessions" replica 0 (ap-south-2) has no ' +
                        "point-in-time recovery: set replicas[0].pointInTimeRecovery: true.",
                ),
            ]);
        });

        it("reports that it cannot judge point-in-time recovery unknown at preview", async () => {
            const plan = weakenedPlan(TABLE, "conversations-sessions", (i) => {
                i.pointInTimeRecovery.enabled = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "conversations-sessions", "pointInTimeRecovery.enabled"),
            ]);
        });
    });

    describe("dynamodb-table-deletion-protection", () => {
        const policy = "dynamodb-table-deletion-protection";

        it("flags a prod table without deletion protection, and no dev table", async () => {
            const plan = weakenedPlan(TABLE, "conversations-conversations", (i) => {
                delete i.deletionProtectionEnabled;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "conversations-conversations",
                    'DynamoDB table "conversations-conversations" can be deleted with its data: ' +
                        "set deletionProtectionEnabled: true.",
                ),
            ]);
            const dev = stateIn(realPlan("dev"), TABLE, "conversations-conversations");
            assert.strictEqual(dev.inputs.deletionProtectionEnabled, false);
            assert.deepStrictEqual(await check(realPlan("dev"), policy), []);
        });

        it("reports that it cannot judge deletion protection unknown at preview", async () => {
            const plan = weakenedPlan(TABLE, "conversations-conversations", (i) => {
                i.deletionProtectionEnabled = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "conversations-conversations", "deletionProtectionEnabled"),
            ]);
        });
    });

    describe("rds-cluster-backup-retention", () => {
        const policy = "rds-cluster-backup-retention";

        it("flags a short retention, and AWS's one-day default", async () => {
            const short = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                i.backupRetentionPeriod = 3;
            });
            const message = (days: number) =>
                mandatory(
                    policy,
                    "database-cluster",
                    `RDS cluster "database-cluster" keeps automated backups for ${days} day(s): ` +
                        "set backupRetentionPeriod to at least 7 (at most 35).",
                );
            assert.deepStrictEqual(await check(short, policy), [message(3)]);
            const unset = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                delete i.backupRetentionPeriod;
            });
            assert.deepStrictEqual(await check(unset, policy), [message(1)]);
        });

        it("takes the minimum from the pack config", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                i.backupRetentionPeriod = 14;
            });
            const config = { [policy]: { minimumRetentionDays: 35 } };
            assert.deepStrictEqual(await check(plan, policy, config), [
                mandatory(
                    policy,
                    "database-cluster",
                    'RDS cluster "database-cluster" keeps automated backups for 14 day(s): set ' +
                        "backupRetentionPeriod to at least 35 (at most 35).",
                ),
            ]);
            assert.deepStrictEqual(await check(realPlan("prod"), policy, config), []);
        });

        it("reports that it cannot judge a retention unknown at preview", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                i.backupRetentionPeriod = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "database-cluster", "backupRetentionPeriod"),
            ]);
        });
    });

    describe("rds-cluster-deletion-protection", () => {
        const policy = "rds-cluster-deletion-protection";
        const unprotected = (resource: string) =>
            mandatory(
                policy,
                resource,
                `RDS cluster "${resource}" can be deleted with its data: set ` +
                    "deletionProtection: true.",
            );

        it("flags a prod cluster without deletion protection", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                i.deletionProtection = false;
            });
            assert.deepStrictEqual(await check(plan, policy), [unprotected("database-cluster")]);
        });

        it("judges dev only when the pack config enforces it there", async () => {
            assert.deepStrictEqual(await check(realPlan("dev"), policy), []);
            const config = { [policy]: { enforcedEnvironments: ["dev"] } };
            assert.deepStrictEqual(await check(realPlan("dev"), policy, config), [
                unprotected("database-cluster"),
            ]);
        });

        it("reports that it cannot judge deletion protection unknown at preview", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                i.deletionProtection = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "database-cluster", "deletionProtection"),
            ]);
        });
    });

    describe("rds-cluster-final-snapshot", () => {
        const policy = "rds-cluster-final-snapshot";

        it("flags a cluster that skips its final snapshot", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                i.skipFinalSnapshot = true;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "database-cluster",
                    'RDS cluster "database-cluster" skips its final snapshot, so deleting it ' +
                        "loses its data: set skipFinalSnapshot: false and a " +
                        "finalSnapshotIdentifier.",
                ),
            ]);
        });

        it("flags a cluster that names no final snapshot, in dev as well", async () => {
            const plan = weakenedPlan(
                CLUSTER,
                "database-cluster",
                (i) => delete i.finalSnapshotIdentifier,
                "dev",
            );
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "database-cluster",
                    'RDS cluster "database-cluster" names no final snapshot, so RDS refuses to ' +
                        "delete it without losing the data on the way: set " +
                        "finalSnapshotIdentifier.",
                ),
            ]);
        });

        it("reports that it cannot judge skipFinalSnapshot unknown at preview", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                i.skipFinalSnapshot = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "database-cluster", "skipFinalSnapshot"),
            ]);
        });
    });

    describe("rds-cluster-multi-az", () => {
        const policy = "rds-cluster-multi-az";

        it("flags a prod cluster with one instance, and not dev's single instance", async () => {
            const plan = planWithoutStates((s) => s.urn.endsWith("::database-instance-2"));
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "database-cluster",
                    'RDS cluster "database-cluster" has 1 instance(s): run at least 2, each with ' +
                        "availabilityZone set to a different zone.",
                ),
            ]);
            const dev = realPlan("dev");
            assert.strictEqual(
                (dev.steps ?? []).filter((s) => s.newState?.type === INSTANCE).length,
                1,
            );
            assert.deepStrictEqual(await check(dev, policy), []);
        });

        it("flags two instances pinned to one zone, or to none", async () => {
            const oneZone = editProps(realPlan("prod"), INSTANCE, "database-instance-2", (p) => {
                p.availabilityZone = "ap-south-1a";
            });
            assert.deepStrictEqual(await check(oneZone, policy), [
                mandatory(
                    policy,
                    "database-cluster",
                    'RDS cluster "database-cluster" pins its 2 instances to ap-south-1a: set ' +
                        "availabilityZone so that at least 2 zones hold an instance.",
                ),
            ]);
            let noZone = realPlan("prod");
            for (const name of ["database-instance-1", "database-instance-2"]) {
                noZone = editProps(noZone, INSTANCE, name, (p) => delete p.availabilityZone);
            }
            assert.deepStrictEqual(await check(noZone, policy), [
                mandatory(
                    policy,
                    "database-cluster",
                    'RDS cluster "database-cluster" pins its 2 instances to no zone: set ' +
                        "availabilityZone so that at least 2 zones hold an instance.",
                ),
            ]);
        });

        it("asks for three zones when the pack config does", async () => {
            const config = { [policy]: { minimumAvailabilityZones: 3 } };
            assert.deepStrictEqual(await check(realPlan("prod"), policy, config), [
                mandatory(
                    policy,
                    "database-cluster",
                    'RDS cluster "database-cluster" has 2 instance(s): run at least 3, each with ' +
                        "availabilityZone set to a different zone.",
                ),
            ]);
        });

        it("reports that it cannot judge a zone unknown at preview", async () => {
            const plan = editProps(realPlan("prod"), INSTANCE, "database-instance-2", (p) => {
                p.availabilityZone = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, undefined, "availabilityZone"),
            ]);
        });
    });

    describe("backup-plan-covers-phi-stores", () => {
        const policy = "backup-plan-covers-phi-stores";

        it("flags a table left out of the backup selection", async () => {
            const plan = editState(realPlan("prod"), SELECTION, "dr-backup-selection", (s) => {
                const keep = (arn: string) => !arn.endsWith("table/baymax-prod-sessions");
                s.inputs.resources = s.inputs.resources.filter(keep);
                s.outputs!.resources = (s.outputs!.resources as string[]).filter(keep);
                s.propertyDependencies!.resources = s.propertyDependencies!.resources.filter(
                    (urn) => !urn.endsWith("::conversations-sessions"),
                );
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "conversations-sessions",
                    'DynamoDB table "conversations-sessions" is in no AWS Backup selection of ' +
                        "the stack: add its ARN to the resources of an aws.backup.Selection " +
                        'whose plan copies recovery points to "ap-south-2".',
                ),
            ]);
        });

        it("flags every store when the stack has no backup selection", async () => {
            const plan = planWithoutStates((s) => s.type === SELECTION);
            const found = await check(plan, policy);
            assert.deepStrictEqual(found.map((f) => f.resource).sort(), [
                "conversations-conversations",
                "conversations-sessions",
                "database-cluster",
            ]);
            assert.strictEqual(
                found.find((f) => f.resource === "database-cluster")?.message,
                'RDS cluster "database-cluster" is in no AWS Backup selection of the stack: add ' +
                    "its ARN to the resources of an aws.backup.Selection whose plan copies " +
                    'recovery points to "ap-south-2".',
            );
        });

        it("flags stores whose plan copies nothing out of Mumbai", async () => {
            const primaryVault = stateIn(realPlan("prod"), VAULT, "dr-primary-vault");
            const plan = editState(realPlan("prod"), PLAN, "dr-backup-plan", (s) => {
                for (const props of [s.inputs, s.outputs!]) {
                    props.rules[0].copyActions[0].destinationVaultArn = primaryVault.outputs!.arn;
                }
            });
            const found = await check(plan, policy);
            assert.strictEqual(found.length, 3);
            assert.deepStrictEqual(found.find((f) => f.resource === "conversations-sessions"), {
                policy,
                level: "mandatory",
                resource: "conversations-sessions",
                message:
                    'DynamoDB table "conversations-sessions" is backed up by plan(s) ' +
                    '"dr-backup-plan", which copy no recovery point to "ap-south-2": add a ' +
                    "copyActions entry whose destinationVaultArn is a vault in that region.",
            });
        });

        it("follows an unknown copy destination to the vault the plan depends on", async () => {
            const plan = editProps(realPlan("prod"), PLAN, "dr-backup-plan", (p) => {
                p.rules[0].copyActions[0].destinationVaultArn = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), []);
        });

        it("reports that it cannot judge an unknown destination without a vault", async () => {
            const plan = editState(realPlan("prod"), PLAN, "dr-backup-plan", (s) => {
                s.inputs.rules[0].copyActions[0].destinationVaultArn = UNKNOWN_SENTINEL;
                s.outputs!.rules[0].copyActions[0].destinationVaultArn = UNKNOWN_SENTINEL;
                delete s.propertyDependencies!.rules;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, undefined, "rules.0.copyActions.0.destinationVaultArn"),
            ]);
        });

        it("takes the DR regions from the pack config", async () => {
            const config = { [policy]: { drRegions: ["ap-south-1"] } };
            const found = await check(realPlan("prod"), policy, config);
            assert.strictEqual(found.length, 3);
            assert.match(found[0].message, /which copy no recovery point to "ap-south-1"/);
        });
    });

    describe("backup-plan-daily-schedule", () => {
        const policy = "backup-plan-daily-schedule";

        it("flags a weekly schedule and a rule without one", async () => {
            const weekly = weakenedPlan(PLAN, "dr-backup-plan", (i) => {
                i.rules[0].schedule = "cron(0 2 ? * SUN *)";
            });
            assert.deepStrictEqual(await check(weekly, policy), [
                mandatory(
                    policy,
                    "dr-backup-plan",
                    'Backup plan "dr-backup-plan" rule "daily-phi" runs on ' +
                        '"cron(0 2 ? * SUN *)", less often than daily: set schedule to a cron ' +
                        'expression that fires every day, such as "cron(0 2 * * ? *)".',
                ),
            ]);
            const none = weakenedPlan(PLAN, "dr-backup-plan", (i) => delete i.rules[0].schedule);
            assert.deepStrictEqual(await check(none, policy), [
                mandatory(
                    policy,
                    "dr-backup-plan",
                    'Backup plan "dr-backup-plan" rule "daily-phi" has no schedule: set ' +
                        "schedule to a daily cron expression.",
                ),
            ]);
        });

        it("reads cron and rate expressions", () => {
            const daily = ["cron(0 2 * * ? *)", "cron(0 5 ? * * *)", "cron(0 */6 * * ? *)"];
            const rare = ["cron(0 2 1 * ? *)", "cron(0 2 ? * MON-FRI *)", "cron(0 2 * 1 ? *)"];
            for (const schedule of daily) assert.strictEqual(runsAtLeastDaily(schedule), true);
            for (const schedule of rare) assert.strictEqual(runsAtLeastDaily(schedule), false);
            assert.strictEqual(runsAtLeastDaily("rate(12 hours)"), true);
            assert.strictEqual(runsAtLeastDaily("rate(1 day)"), true);
            assert.strictEqual(runsAtLeastDaily("rate(2 days)"), false);
            assert.strictEqual(runsAtLeastDaily("daily"), false);
        });

        it("reports that it cannot judge a schedule unknown at preview", async () => {
            const plan = weakenedPlan(PLAN, "dr-backup-plan", (i) => {
                i.rules[0].schedule = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "dr-backup-plan", "rules.0.schedule"),
            ]);
        });
    });

    describe("backup-plan-minimum-retention", () => {
        const policy = "backup-plan-minimum-retention";

        it("flags short retention of recovery points and of their copies in prod", async () => {
            const plan = weakenedPlan(PLAN, "dr-backup-plan", (i) => {
                i.rules[0].lifecycle.deleteAfter = 7;
                i.rules[0].copyActions[0].lifecycle.deleteAfter = 14;
            });
            const rule = 'Backup plan "dr-backup-plan" rule "daily-phi"';
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "dr-backup-plan",
                    `${rule} deletes recovery points after 7 days: set lifecycle.deleteAfter to ` +
                        "at least 35.",
                ),
                mandatory(
                    policy,
                    "dr-backup-plan",
                    `${rule} deletes its copies after 14 days: set ` +
                        "copyActions[0].lifecycle.deleteAfter to at least 35.",
                ),
            ]);
        });

        it("leaves dev's 7-day plan alone and accepts points kept until deleted", async () => {
            const dev = stateIn(realPlan("dev"), PLAN, "dr-backup-plan");
            assert.strictEqual(dev.inputs.rules[0].lifecycle.deleteAfter, 7);
            assert.deepStrictEqual(await check(realPlan("dev"), policy), []);
            const forever = weakenedPlan(PLAN, "dr-backup-plan", (i) => {
                delete i.rules[0].lifecycle;
            });
            assert.deepStrictEqual(await check(forever, policy), []);
        });

        it("reports that it cannot judge a retention unknown at preview", async () => {
            const plan = weakenedPlan(PLAN, "dr-backup-plan", (i) => {
                i.rules[0].lifecycle.deleteAfter = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "dr-backup-plan", "rules.0.lifecycle.deleteAfter"),
            ]);
        });
    });

    describe("backup-vault-deletion-denied", () => {
        const policy = "backup-vault-deletion-denied";
        const exposed = (vault: string, actions: string) =>
            mandatory(
                policy,
                vault,
                `Backup vault "${vault}" lets anyone with IAM permission call ${actions}: attach ` +
                    'an aws.backup.VaultPolicy that denies them to Principal "*", or an ' +
                    "aws.backup.VaultLockConfiguration.",
            );
        const ALL =
            "backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, " +
            "backup:PutBackupVaultAccessPolicy";

        it("flags a prod vault without an access policy", async () => {
            const plan = planWithoutStates((s) => s.urn.endsWith("::dr-dr-vault-policy"));
            assert.deepStrictEqual(await check(plan, policy), [exposed("dr-dr-vault", ALL)]);
        });

        it("flags a policy that still lets the policy itself be replaced", async () => {
            const name = "dr-primary-vault-policy";
            const plan = editProps(realPlan("prod"), VAULT_POLICY, name, (p) => {
                const document = JSON.parse(p.policy);
                document.Statement[0].Action = document.Statement[0].Action.slice(0, 2);
                p.policy = JSON.stringify(document);
            });
            assert.deepStrictEqual(await check(plan, policy), [
                exposed("dr-primary-vault", "backup:PutBackupVaultAccessPolicy"),
            ]);
        });

        it("accepts a vault lock instead of a policy", async () => {
            let plan = planWithoutStates((s) => s.urn.endsWith("::dr-dr-vault-policy"));
            plan = addState(plan, {
                name: "dr-dr-vault-lock",
                type: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
                providerOf: "dr-dr-vault",
                inputs: { backupVaultName: "baymax-prod-phi-backups-dr", minRetentionDays: 35 },
            });
            assert.deepStrictEqual(await check(plan, policy), []);
        });

        it("leaves dev's vaults, which are destroyed with the stack, alone", async () => {
            const dev = realPlan("dev");
            assert.deepStrictEqual(
                (dev.steps ?? []).filter((s) => s.newState?.type === VAULT_POLICY),
                [],
            );
            assert.deepStrictEqual(await check(dev, policy), []);
        });

        it("reports that it cannot judge a vault policy unknown at preview", async () => {
            const plan = editProps(realPlan("prod"), VAULT_POLICY, "dr-dr-vault-policy", (p) => {
                p.policy = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, undefined, "policy"),
            ]);
        });
    });
});
