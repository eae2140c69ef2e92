// The data-store and key policies, through the real analyzer path: the real prod plan passes, and
// each case weakens one setting of it and expects exactly one finding of the policy under test.
import * as assert from "assert";
import { RunningPolicyPack } from "../offline/analyzer";
import { PreviewDigest, UNKNOWN_SENTINEL } from "../offline/previewFormat";
import { analyzeOnly } from "./fixtures/focusedPack";
import {
    addState,
    advisory,
    cannotRun,
    editProps,
    editState,
    findingsOf,
    mandatory,
    packConfig,
} from "./fixtures/planEdits";
import { planWithoutStates, realPlan, weakenedPlan } from "./fixtures/prodPlan";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const TABLE = "aws:dynamodb/table:Table";
const KEY = "aws:kms/key:Key";
const PROXY_TARGET = "aws:rds/proxyTarget:ProxyTarget";
const CMK = "a customer-managed KMS key";

const POLICIES: [string, string][] = [
    ["rds-cluster-master-password-managed", "mandatory"],
    ["rds-cluster-iam-authentication", "advisory"],
    ["rds-instance-auto-minor-version-upgrade", "advisory"],
    ["rds-proxy-target-after-instances", "advisory"],
    ["dynamodb-table-autoscaling", "advisory"],
    ["kms-key-deletion-safeguards", "mandatory"],
    ["kms-key-policy-no-public-principal", "mandatory"],
    ["kms-key-protected", "mandatory"],
];
const NAMES = POLICIES.map(([name]) => name);

/** One sentence that ends with the HIPAA sections it serves. */
const SECTION = String.raw`164\.\d{3}(?:\([a-zA-Z0-9]+\))+`;
const DESCRIPTION = new RegExp(
    String.raw`^[A-Z][^.!?]*? \(HIPAA ${SECTION}(?:, ${SECTION})*\)\.$`,
);

/** A copy of the plan with the named key's policy document edited. */
function keyPolicyEdited(name: string, edit: (statements: any[]) => void): PreviewDigest {
    return weakenedPlan(KEY, name, (inputs) => {
        const document = JSON.parse(inputs.policy);
        edit(document.Statement);
        inputs.policy = JSON.stringify(document);
    });
}

describe("policy pack: data stores and keys", () => {
    let pack: RunningPolicyPack;
    before(async () => {
        pack = await sharedPolicyPack();
    });

    const check = async (plan: PreviewDigest, policy: string, config?: object) =>
        findingsOf(
            await analyzeOnly(pack, plan, [policy], config ? packConfig(config as any) : undefined),
            policy,
        );

    it("declares each policy at its level, with a HIPAA description", async () => {
        const report = await pack.analyze(realPlan("prod"));
        const declared = report.packs[0].policies.filter((p) => NAMES.includes(p.name));
        assert.deepStrictEqual(
            declared.map((p) => [p.name, p.enforcementLevel]),
            POLICIES,
        );
        for (const policy of declared) {
            assert.match(policy.description, DESCRIPTION, policy.name);
        }
        const defaults = (name: string, key: string) =>
            declared.find((p) => p.name === name)?.configSchema?.properties[key]?.default;
        const window = defaults("kms-key-deletion-safeguards", "minimumDeletionWindowDays");
        assert.strictEqual(window, 30);
        assert.deepStrictEqual(defaults("kms-key-protected", "enforcedEnvironments"), ["prod"]);
    });

    it("finds nothing in the real prod and dev plans", async () => {
        for (const stack of ["prod", "dev"] as const) {
            const report = await analyzeOnly(pack, realPlan(stack), NAMES);
            assert.deepStrictEqual(findingsOf(report, ...NAMES), [], stack);
        }
    });

    describe("rds-cluster-master-password-managed", () => {
        const policy = "rds-cluster-master-password-managed";
        const cluster = 'RDS cluster "database-cluster"';

        it("flags a master password written in the program", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                i.masterPassword = "[secret]";
                i.manageMasterUserPassword = false;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "database-cluster",
                    `${cluster} takes its master password from the program (masterPassword): ` +
                        "remove it and set manageMasterUserPassword: true, so that RDS " +
                        "generates, stores and rotates it in Secrets Manager.",
                ),
            ]);
        });

        it("flags a cluster that does not let RDS manage the password", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                delete i.manageMasterUserPassword;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "database-cluster",
                    `${cluster} does not let RDS manage its master password: set ` +
                        `manageMasterUserPassword: true and masterUserSecretKmsKeyId to ${CMK}.`,
                ),
            ]);
        });

        it("flags a managed password under the AWS-managed key", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                delete i.masterUserSecretKmsKeyId;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "database-cluster",
                    `${cluster} keeps its managed master password under the AWS-managed key ` +
                        `aws/secretsmanager: set masterUserSecretKmsKeyId to ${CMK}.`,
                ),
            ]);
        });

        it("accepts a secret key known only after deployment", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                i.masterUserSecretKmsKeyId = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), []);
        });

        it("reports that it cannot judge an unknown manageMasterUserPassword", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                i.manageMasterUserPassword = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "database-cluster", "manageMasterUserPassword"),
            ]);
        });
    });

    it("rds-cluster-iam-authentication flags a cluster of password logins only", async () => {
        const policy = "rds-cluster-iam-authentication";
        const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
            i.iamDatabaseAuthenticationEnabled = false;
        });
        assert.deepStrictEqual(await check(plan, policy), [
            advisory(
                policy,
                "database-cluster",
                'RDS cluster "database-cluster" accepts only password logins: set ' +
                    "iamDatabaseAuthenticationEnabled: true.",
            ),
        ]);
    });

    it("rds-instance-auto-minor-version-upgrade flags instances and clusters", async () => {
        const policy = "rds-instance-auto-minor-version-upgrade";
        let plan = weakenedPlan(INSTANCE, "database-instance-2", (i) => {
            i.autoMinorVersionUpgrade = false;
        });
        plan = editState(plan, CLUSTER, "database-cluster", (s) => {
            s.inputs.autoMinorVersionUpgrade = false;
        });
        assert.deepStrictEqual(await check(plan, policy), [
            advisory(
                policy,
                "database-cluster",
                'RDS cluster "database-cluster" does not apply minor engine versions: remove ' +
                    "autoMinorVersionUpgrade: false.",
            ),
            advisory(
                policy,
                "database-instance-2",
                'RDS cluster instance "database-instance-2" does not apply minor engine ' +
                    "versions: remove autoMinorVersionUpgrade: false.",
            ),
        ]);
    });

    describe("rds-proxy-target-after-instances", () => {
        const policy = "rds-proxy-target-after-instances";

        it("flags a target that does not wait for one of the cluster's instances", async () => {
            const plan = editState(realPlan("prod"), PROXY_TARGET, "database-proxy-target", (s) => {
                s.dependencies = s.dependencies!.filter((d) => !d.endsWith("database-instance-2"));
            });
            assert.deepStrictEqual(await check(plan, policy), [
                advisory(
                    policy,
                    "database-proxy-target",
                    'RDS proxy target "database-proxy-target" does not depend on cluster ' +
                        'instance(s) "database-instance-2": add them to its dependsOn.',
                ),
            ]);
        });

        it("finds the cluster by its identifier when no dependency names it", async () => {
            const plan = editState(realPlan("prod"), PROXY_TARGET, "database-proxy-target", (s) => {
                delete s.propertyDependencies!.dbClusterIdentifier;
                s.dependencies = s.dependencies!.filter((d) => !d.endsWith("database-instance-1"));
            });
            assert.deepStrictEqual(await check(plan, policy), [
                advisory(
                    policy,
                    "database-proxy-target",
                    'RDS proxy target "database-proxy-target" does not depend on cluster ' +
                        'instance(s) "database-instance-1": add them to its dependsOn.',
                ),
            ]);
        });

        it("flags a target of a cluster without instances", async () => {
            const plan = planWithoutStates((s) => s.type === INSTANCE);
            assert.deepStrictEqual(await check(plan, policy), [
                advisory(
                    policy,
                    "database-proxy-target",
                    'RDS proxy target "database-proxy-target" targets a cluster with no ' +
                        "instance in this stack: add cluster instances and list them in the " +
                        "target's dependsOn.",
                ),
            ]);
        });
    });

    describe("dynamodb-table-autoscaling", () => {
        const policy = "dynamodb-table-autoscaling";

        it("flags a provisioned table and its index without auto scaling", async () => {
            const plan = editProps(realPlan("prod"), TABLE, "conversations-conversations", (p) => {
                p.billingMode = "PROVISIONED";
            });
            assert.deepStrictEqual(await check(plan, policy), [
                advisory(
                    policy,
                    "conversations-conversations",
                    'DynamoDB table "conversations-conversations" has provisioned capacity ' +
                        "without auto scaling of dynamodb:table:ReadCapacityUnits of the table, " +
                        "dynamodb:table:WriteCapacityUnits of the table, " +
                        'dynamodb:index:ReadCapacityUnits of index "AppointmentIndex", ' +
                        'dynamodb:index:WriteCapacityUnits of index "AppointmentIndex": ' +
                        "register an aws.appautoscaling.Target for each, or set billingMode: " +
                        '"PAY_PER_REQUEST".',
                ),
            ]);
        });

        it("takes a table without billingMode as provisioned, as AWS does", async () => {
            let plan = editProps(realPlan("prod"), TABLE, "conversations-sessions", (p) => {
                delete p.billingMode;
            });
            plan = addState(plan, {
                name: "sessions-read-scaling",
                type: "aws:appautoscaling/target:Target",
                providerOf: "conversations-sessions",
                inputs: {
                    serviceNamespace: "dynamodb",
                    resourceId: "table/baymax-prod-sessions",
                    scalableDimension: "dynamodb:table:ReadCapacityUnits",
                    minCapacity: 5,
                    maxCapacity: 100,
                },
            });
            assert.deepStrictEqual(await check(plan, policy), [
                advisory(
                    policy,
                    "conversations-sessions",
                    'DynamoDB table "conversations-sessions" has provisioned capacity without ' +
                        "auto scaling of dynamodb:table:WriteCapacityUnits of the table: " +
                        "register an aws.appautoscaling.Target for each, or set billingMode: " +
                        '"PAY_PER_REQUEST".',
                ),
            ]);
        });
    });

    describe("kms-key-deletion-safeguards", () => {
        const policy = "kms-key-deletion-safeguards";

        it("flags a short window, a disabled key and a bypassed lockout check", async () => {
            const plan = weakenedPlan(KEY, "keys-phi-key", (i) => {
                i.deletionWindowInDays = 7;
                i.isEnabled = false;
                i.bypassPolicyLockoutSafetyCheck = true;
            });
            const key = 'KMS key "keys-phi-key"';
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "keys-phi-key",
                    `${key} is disabled, so nothing encrypted under it can be read: remove ` +
                        "isEnabled: false.",
                ),
                mandatory(
                    policy,
                    "keys-phi-key",
                    `${key} waits only 7 days before a scheduled deletion: set ` +
                        "deletionWindowInDays to at least 30.",
                ),
                mandatory(
                    policy,
                    "keys-phi-key",
                    `${key} skips the policy lockout safety check, so a policy could lock every ` +
                        "administrator out of the key: remove bypassPolicyLockoutSafetyCheck.",
                ),
            ]);
        });

        it("takes AWS's 30-day default for a key without a window", async () => {
            const plan = weakenedPlan(KEY, "keys-phi-key", (i) => delete i.deletionWindowInDays);
            assert.deepStrictEqual(await check(plan, policy), []);
        });

        it("takes the minimum window from the pack config", async () => {
            const plan = weakenedPlan(KEY, "keys-phi-key", (i) => (i.deletionWindowInDays = 14));
            const config = { [policy]: { minimumDeletionWindowDays: 14 } };
            assert.deepStrictEqual(await check(plan, policy, config), []);
        });

        it("reports that it cannot judge an unknown deletion window", async () => {
            const plan = weakenedPlan(KEY, "keys-phi-key", (i) => {
                i.deletionWindowInDays = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "keys-phi-key", "deletionWindowInDays"),
            ]);
        });
    });

    describe("kms-key-policy-no-public-principal", () => {
        const policy = "kms-key-policy-no-public-principal";
        const open = (label: string) =>
            mandatory(
                policy,
                "keys-phi-key",
                `KMS key "keys-phi-key" policy ${label} allows any principal ("*") with no ` +
                    "condition on the caller's account or identity: name the principals, or add " +
                    "a condition on kms:CallerAccount, aws:PrincipalAccount, aws:PrincipalOrgID " +
                    "or aws:PrincipalArn.",
            );

        it("flags a statement open to every principal without a condition", async () => {
            const plan = keyPolicyEdited("keys-phi-key", (s) => delete s[1].Condition);
            assert.deepStrictEqual(await check(plan, policy), [
                open('statement "UseViaPhiServices"'),
            ]);
        });

        it("does not count kms:ViaService alone as tying a statement to the account", async () => {
            const plan = keyPolicyEdited("keys-phi-key", (s) => {
                delete s[1].Condition.StringEquals["kms:CallerAccount"];
            });
            assert.deepStrictEqual(await check(plan, policy), [
                open('statement "UseViaPhiServices"'),
            ]);
        });

        it("does not count a negated account condition", async () => {
            const plan = keyPolicyEdited("keys-phi-key", (s) => {
                s[1].Condition = { StringNotEquals: { "kms:CallerAccount": "444455556666" } };
            });
            assert.deepStrictEqual(await check(plan, policy), [
                open('statement "UseViaPhiServices"'),
            ]);
        });

        it('flags Principal "*" and NotPrincipal, naming a Sid-less statement', async () => {
            const plan = keyPolicyEdited("keys-phi-key", (s) => {
                s.push({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" });
                s.push({
                    Sid: "AllButOne",
                    Effect: "Allow",
                    NotPrincipal: { AWS: "arn:aws:iam::111122223333:role/x" },
                    Action: "kms:Decrypt",
                    Resource: "*",
                });
            });
            assert.deepStrictEqual(await check(plan, policy), [
                open("statement 2"),
                open('statement "AllButOne"'),
            ]);
        });

        it("flags a policy that is not a JSON policy document", async () => {
            const plan = weakenedPlan(KEY, "keys-phi-key", (i) => (i.policy = "{not json"));
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "keys-phi-key",
                    'KMS key "keys-phi-key" has a policy that is not a JSON policy document: ' +
                        "fix its policy.",
                ),
            ]);
        });

        it("accepts a key with AWS's default policy", async () => {
            const plan = weakenedPlan(KEY, "keys-phi-key", (i) => delete i.policy);
            assert.deepStrictEqual(await check(plan, policy), []);
        });

        it("reports that it cannot judge a policy unknown at preview", async () => {
            const plan = weakenedPlan(KEY, "keys-phi-key", (i) => (i.policy = UNKNOWN_SENTINEL));
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "keys-phi-key", "policy"),
            ]);
        });
    });

    describe("kms-key-protected", () => {
        const policy = "kms-key-protected";

        it("flags a prod key without Pulumi's protect option", async () => {
            const plan = editState(realPlan("prod"), KEY, "keys-logs-key", (s) => {
                s.protect = false;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "keys-logs-key",
                    'KMS key "keys-logs-key" is not protected, so a destroy or a replacement ' +
                        "would schedule its deletion and make everything encrypted under it " +
                        "unreadable: create it with { protect: true }.",
                ),
            ]);
        });

        it("judges the environments the pack config names, here dev too", async () => {
            const config = { [policy]: { enforcedEnvironments: ["prod", "dev"] } };
            const found = await check(realPlan("dev"), policy, config);
            assert.deepStrictEqual(
                found.map((f) => f.resource),
                [
                    "keys-phi-key",
                    "keys-secrets-key",
                    "keys-alarms-key",
                    "keys-logs-key",
                    "dr-dr-backup-key",
                    "dr-dr-phi-key",
                ],
            );
        });

        it("reports that it cannot tell the environment of a key of unknown tags", async () => {
            const plan = weakenedPlan(KEY, "keys-phi-key", (i) => (i.tags = UNKNOWN_SENTINEL));
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "keys-phi-key", "tags"),
            ]);
        });
    });
});
