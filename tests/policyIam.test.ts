// IAM least-privilege policies, run through the real analyzer path over the REAL prod plan with
// one statement or attachment changed per case; a tiny hand-made plan only for a role's inline
// policies, which the program does not use.
import * as assert from "assert";
import { readPolicyPackConfig, RunningPolicyPack } from "../offline/analyzer";
import { PreviewDigest, UNKNOWN_SENTINEL } from "../offline/previewFormat";
import "../policy/rules/iam";
import { RULE_CATALOG } from "../policy/rules/support";
import { analyzeOnly } from "./fixtures/focusedPack";
import { configFile } from "./fixtures/packConfigFile";
import { Finding, findings, planOf, tags } from "./fixtures/policyPlans";
import { realPlan, weakenedPlan } from "./fixtures/prodPlan";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

const T = {
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
} as const;

const POLICIES: [string, string][] = [
    ["iam-policy-no-admin-access", "mandatory"],
    ["iam-no-admin-managed-policies", "mandatory"],
    ["iam-no-inline-policies", "advisory"],
    ["iam-policy-no-kms-decrypt-all-keys", "mandatory"],
];

const TASK_POLICY = 'IAM role policy "backend-task-access"';

function finding(policy: string, resource: string, message: string, level = "mandatory"): Finding {
    return { policy, level, resource, message };
}

/** The real prod plan with one statement added to the backend task role's inline policy. */
function withStatement(statement: object): PreviewDigest {
    return weakenedPlan(T.rolePolicy, "backend-task-access", (inputs) => {
        const document = JSON.parse(inputs.policy);
        document.Statement.push(statement);
        inputs.policy = JSON.stringify(document);
    });
}

/** A role with inline policies, the one form of policy the program does not create. */
function rolePlan(inlinePolicies: object[]): PreviewDigest {
    return planOf([
        { type: "pulumi:pulumi:Stack", name: "baymax-test", inputs: {} },
        { type: "pulumi:providers:aws", name: "mumbai", inputs: { region: "ap-south-1" } },
        {
            type: T.role,
            name: "worker-role",
            provider: "primary",
            inputs: {
                assumeRolePolicy: "{}",
                inlinePolicies,
                tags: tags("baymax-test-worker", "Internal"),
            },
        },
    ]);
}

describe("policy pack: IAM least privilege", () => {
    let pack: RunningPolicyPack;
    before(async () => {
        pack = await sharedPolicyPack();
    });

    const check = async (
        policy: string,
        plan: PreviewDigest,
        config?: ReturnType<typeof readPolicyPackConfig>,
    ) => {
        const report = await analyzeOnly(pack, plan, [policy], config);
        return findings(report).filter((f) => f.policy === policy);
    };

    describe("metadata", () => {
        it("declares each policy with its level, fix and baseline", async () => {
            const report = await pack.analyze(realPlan("prod"));
            const names = POLICIES.map(([name]) => name);
            const declared = report.packs[0].policies
                .filter((p) => names.includes(p.name))
                .map((p) => [p.name, p.enforcementLevel]);
            assert.deepStrictEqual(declared, POLICIES);
            for (const name of names) {
                const doc = RULE_CATALOG.get(name);
                assert.ok(doc?.fix && doc.baseline, `${name} documents no fix or baseline`);
            }
        });

        it("passes the real prod plan without a mandatory finding", async () => {
            const names = POLICIES.map(([name]) => name);
            const all = findings(await analyzeOnly(pack, realPlan("prod"), names));
            assert.deepStrictEqual(
                all.filter((f) => names.includes(f.policy) && f.level === "mandatory"),
                [],
            );
        });
    });

    describe("iam-policy-no-admin-access", () => {
        const policy = "iam-policy-no-admin-access";

        it("flags every action on every resource", async () => {
            for (const action of ["*", "*:*", ["s3:GetObject", "*"]]) {
                const admin = { Sid: "Admin", Effect: "Allow", Action: action, Resource: "*" };
                const plan = withStatement(admin);
                assert.deepStrictEqual(await check(policy, plan), [
                    finding(
                        policy,
                        "backend-task-access",
                        `${TASK_POLICY} statement "Admin" allows every action on every ` +
                            "resource: grant only the actions needed, on named resources.",
                    ),
                ]);
            }
        });

        it("flags every action of a service on every resource, by statement index", async () => {
            const plan = withStatement({
                Effect: "Allow",
                Action: ["s3:*", "dynamodb:*", "logs:Put*"],
                Resource: ["*"],
            });
            const statement = `${TASK_POLICY} statement 3`;
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-task-access",
                    `${statement} allows every "s3" action ("s3:*") on every resource: list ` +
                        "the actions needed, on named resources.",
                ),
                finding(
                    policy,
                    "backend-task-access",
                    `${statement} allows every "dynamodb" action ("dynamodb:*") on every ` +
                        "resource: list the actions needed, on named resources.",
                ),
            ]);
        });

        it("flags NotAction on every resource", async () => {
            const plan = withStatement({
                Sid: "AllButIam",
                Effect: "Allow",
                NotAction: "iam:*",
                Resource: "*",
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-task-access",
                    `${TASK_POLICY} statement "AllButIam" allows every action but those in ` +
                        "NotAction on every resource: list the actions needed in Action instead.",
                ),
            ]);
        });

        it("accepts a whole service on named resources, and a Deny of everything", async () => {
            const bucket = "arn:aws:s3:::baymax-prod-medical-attachments/*";
            const plan = withStatement({ Effect: "Allow", Action: "s3:*", Resource: bucket });
            assert.deepStrictEqual(await check(policy, plan), []);
            const deny = withStatement({ Effect: "Deny", Action: "*", Resource: "*" });
            assert.deepStrictEqual(await check(policy, deny), []);
        });

        it("flags a document that is not JSON", async () => {
            const plan = weakenedPlan(T.rolePolicy, "backend-task-access", (i) => {
                i.policy = "Statement: []";
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-task-access",
                    `${TASK_POLICY} is not a JSON policy document: fix its JSON.`,
                ),
            ]);
        });

        it("judges a role's inline policies", async () => {
            const admin = { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
            const plan = rolePlan([{ name: "everything", policy: JSON.stringify(admin) }]);
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "worker-role",
                    'IAM role "worker-role" inline policy "everything" statement 0 allows every ' +
                        "action on every resource: grant only the actions needed, on named " +
                        "resources.",
                ),
            ]);
        });

        it("reports, as the SDK does, a document unknown at preview", async () => {
            const plan = weakenedPlan(T.rolePolicy, "backend-task-access", (i) => {
                i.policy = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(policy, plan), [
                {
                    policy,
                    level: "advisory",
                    resource: "backend-task-access",
                    message:
                        `can't run policy '${policy}' from policy pack 'baymax-hipaa@v0.1.0' ` +
                        "during preview: string value at .policy can't be known during preview",
                },
            ]);
        });
    });

    describe("iam-no-admin-managed-policies", () => {
        const policy = "iam-no-admin-managed-policies";

        it("flags an attached AWS-managed administrator policy", async () => {
            const plan = weakenedPlan(T.attachment, "backend-execution-managed", (i) => {
                i.policyArn = "arn:aws:iam::aws:policy/AdministratorAccess";
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-execution-managed",
                    'IAM role policy attachment "backend-execution-managed" attaches the ' +
                        "AWS-managed policy AdministratorAccess, which grants " +
                        "administrator-level access: attach a policy with only the actions " +
                        "needed.",
                ),
            ]);
        });

        it("flags one among a role's managedPolicyArns, whatever its path", async () => {
            const plan = weakenedPlan(T.role, "backend-task-role", (i) => {
                i.managedPolicyArns = [
                    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
                    "arn:aws:iam::aws:policy/job-function/PowerUserAccess",
                    UNKNOWN_SENTINEL,
                ];
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-task-role",
                    'IAM role "backend-task-role" attaches the AWS-managed policy ' +
                        "PowerUserAccess, which grants administrator-level access: attach a " +
                        "policy with only the actions needed.",
                ),
            ]);
        });

        it("leaves a policy ARN known only after deployment to the statement rules", async () => {
            const plan = weakenedPlan(T.attachment, "backend-execution-managed", (i) => {
                i.policyArn = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(policy, plan), []);
        });
    });

    describe("iam-no-inline-policies", () => {
        const policy = "iam-no-inline-policies";
        const why =
            "which cdk-nag's IAMNoInlinePolicy advises against; this design keeps each role's " +
            "least-privilege policy inline on purpose (one role, one purpose, deleted with the " +
            "role): keep it scoped to named resources, or move it to an aws.iam.Policy.";

        it("advises on each inline role policy of the real prod plan, saying why", async () => {
            const inline = [
                "dr-replication-policy",
                "network-flow-logs-policy",
                "backend-task-access",
                "database-proxy-secret-access",
                "backend-execution-secrets",
            ];
            const found = await check(policy, realPlan("prod"));
            assert.deepStrictEqual(
                [...found].sort((a, b) => a.resource!.localeCompare(b.resource!)),
                [...inline].sort().map((name) =>
                    finding(
                        policy,
                        name,
                        `IAM role policy "${name}" is an inline policy, ${why}`,
                        "advisory",
                    ),
                ),
            );
        });

        it("advises on a role's inline policies by name", async () => {
            const plan = rolePlan([{ name: "read-queue", policy: '{"Statement":[]}' }]);
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "worker-role",
                    `IAM role "worker-role" has the inline policy "read-queue", ${why}`,
                    "advisory",
                ),
            ]);
        });
    });

    describe("iam-policy-no-kms-decrypt-all-keys", () => {
        const policy = "iam-policy-no-kms-decrypt-all-keys";

        it("flags kms:Decrypt and wildcards that include it on every key", async () => {
            const cases: [object, string][] = [
                [{ Action: "kms:Decrypt", Resource: "*" }, "kms:Decrypt"],
                [{ Action: "kms:*", Resource: "*" }, "kms:Decrypt, kms:ReEncryptFrom"],
                [
                    {
                        Action: "kms:ReEncrypt*",
                        Resource: "arn:aws:kms:ap-south-1:111122223333:key/*",
                    },
                    "kms:ReEncryptFrom",
                ],
            ];
            for (const [statement, actions] of cases) {
                const plan = withStatement({ Sid: "AnyKey", Effect: "Allow", ...statement });
                assert.deepStrictEqual(await check(policy, plan), [
                    finding(
                        policy,
                        "backend-task-access",
                        `${TASK_POLICY} statement "AnyKey" allows ${actions} on every KMS key: ` +
                            "name the keys needed in Resource by ARN.",
                    ),
                ]);
            }
        });

        it("accepts decrypting with named keys, and other actions on every key", async () => {
            const named = withStatement({
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: "arn:aws:kms:ap-south-1:111122223333:key/f09621ad",
            });
            assert.deepStrictEqual(await check(policy, named), []);
            const describeAll = withStatement({
                Effect: "Allow",
                Action: "kms:DescribeKey",
                Resource: "*",
            });
            assert.deepStrictEqual(await check(policy, describeAll), []);
        });

        it("takes the blocked actions from config", async () => {
            const config = configFile({ [policy]: { blockedActions: ["kms:DescribeKey"] } });
            const plan = withStatement({ Effect: "Allow", Action: "kms:Describe*", Resource: "*" });
            assert.deepStrictEqual(await check(policy, plan, config), [
                finding(
                    policy,
                    "backend-task-access",
                    `${TASK_POLICY} statement 3 allows kms:DescribeKey on every KMS key: name ` +
                        "the keys needed in Resource by ARN.",
                ),
            ]);
        });
    });
});
