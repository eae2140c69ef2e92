// Secret rotation policies through the real analyzer path: the REAL prod plan, whose application
// secrets rotate by hand, and tiny hand-made plans for secret rotations, which the program does
// not create.
import * as assert from "assert";
import { readPolicyPackConfig, RunningPolicyPack } from "../offline/analyzer";
import { PreviewDigest, UNKNOWN_SENTINEL } from "../offline/previewFormat";
import "../policy/rules/secrets";
import { RULE_CATALOG } from "../policy/rules/support";
import { analyzeOnly } from "./fixtures/focusedPack";
import { configFile } from "./fixtures/packConfigFile";
import { FixtureResource, Finding, findings, planOf, tags, urnOf } from "./fixtures/policyPlans";
import { realPlan } from "./fixtures/prodPlan";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const CLUSTER = "aws:rds/cluster:Cluster";

const KEY_ARN = "arn:aws:kms:ap-south-1:111122223333:key/1f2e3d4c-0000-4000-a000-000000000003";
const LAMBDA_ARN = "arn:aws:lambda:ap-south-1:111122223333:function:rotate-app-secret";
const RDS_SECRET_ARN =
    "arn:aws:secretsmanager:ap-south-1:111122223333:secret:rds!cluster-0a1b2c3d-4e5f-ab12cd";

const POLICIES: [string, string][] = [
    ["secretsmanager-secret-rotation-enabled", "advisory"],
    ["secretsmanager-rotation-interval", "mandatory"],
    ["secretsmanager-rotation-complete", "mandatory"],
];

function finding(policy: string, resource: string, message: string, level = "mandatory"): Finding {
    return { policy, level, resource, message };
}

/** A secret of the stack and its rotation, with the rotation's inputs edited. */
function rotationPlan(
    edit: (rotation: Record<string, any>) => void = () => undefined,
    extra: FixtureResource[] = [],
): PreviewDigest {
    const rotation: FixtureResource = {
        type: ROTATION,
        name: "app-secret-rotation",
        provider: "primary",
        inputs: {
            secretId: UNKNOWN_SENTINEL,
            rotationLambdaArn: LAMBDA_ARN,
            rotationRules: { automaticallyAfterDays: 30 },
        },
        propertyDependencies: { secretId: [urnOf(SECRET, "app-secret")] },
    };
    edit(rotation.inputs);
    return planOf([
        { type: "pulumi:pulumi:Stack", name: "baymax-test", inputs: {} },
        { type: "pulumi:providers:aws", name: "mumbai", inputs: { region: "ap-south-1" } },
        {
            type: SECRET,
            name: "app-secret",
            provider: "primary",
            inputs: {
                name: "baymax-test/app",
                kmsKeyId: KEY_ARN,
                tags: tags("baymax-test/app", "Confidential"),
            },
        },
        ...extra,
        rotation,
    ]);
}

describe("policy pack: secret rotation", () => {
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

    it("declares each rotation policy with its level, fix and baseline", async () => {
        const report = await pack.analyze(rotationPlan());
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

    describe("secretsmanager-secret-rotation-enabled", () => {
        const policy = "secretsmanager-secret-rotation-enabled";

        it("advises how to rotate each application secret of the real prod plan", async () => {
            const secrets = ["jwt-signing-key", "phi-encryption-key", "openai-api-key"];
            assert.deepStrictEqual(
                await check(policy, realPlan("prod")),
                secrets.map((s) =>
                    finding(
                        policy,
                        `secrets-${s}`,
                        `Secrets Manager secret "secrets-${s}" does not rotate automatically: ` +
                            "rotate it by hand at least every 90 days (put a new value with " +
                            "`aws secretsmanager put-secret-value`, or change its source in the " +
                            "stack and run `pulumi up`, keeping a retired key until the data it " +
                            "encrypted is re-encrypted), then force a new deployment of the ECS " +
                            "service so that its tasks read it; or add a SecretRotation with a " +
                            "rotation Lambda.",
                        "advisory",
                    ),
                ),
            );
        });

        it("accepts a secret whose rotation names it by dependency or by name", async () => {
            assert.deepStrictEqual(await check(policy, rotationPlan()), []);
            const byName = rotationPlan((r) => (r.secretId = "baymax-test/app"));
            const state = byName.steps!.find((s) => s.urn.endsWith("::app-secret-rotation"))!;
            delete state.newState!.propertyDependencies;
            assert.deepStrictEqual(await check(policy, byName), []);
        });
    });

    describe("secretsmanager-rotation-interval", () => {
        const policy = "secretsmanager-rotation-interval";
        const rotation = 'Secret rotation "app-secret-rotation"';
        const rules = (rotationRules: object) =>
            rotationPlan((r) => (r.rotationRules = rotationRules));

        it("accepts 30 days, rate(12 hours) and a monthly cron", async () => {
            for (const r of [
                { automaticallyAfterDays: 30 },
                { scheduleExpression: "rate(12 hours)" },
                { scheduleExpression: "cron(0 16 1 * ? *)" },
            ]) {
                assert.deepStrictEqual(await check(policy, rules(r)), [], JSON.stringify(r));
            }
        });

        it("flags automaticallyAfterDays beyond 90", async () => {
            assert.deepStrictEqual(await check(policy, rules({ automaticallyAfterDays: 120 })), [
                finding(
                    policy,
                    "app-secret-rotation",
                    `${rotation} rotates every 120 days: set ` +
                        "rotationRules.automaticallyAfterDays to at most 90.",
                ),
            ]);
        });

        it("flags a rate schedule beyond 90 days", async () => {
            const plan = rules({ scheduleExpression: "rate(120 days)" });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "app-secret-rotation",
                    `${rotation} runs every 120 days ("rate(120 days)"): schedule it at least ` +
                        "every 90 days.",
                ),
            ]);
        });

        it("flags a cron schedule that skips months", async () => {
            const plan = rules({ scheduleExpression: "cron(0 0 1 1/6 ? *)" });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "app-secret-rotation",
                    `${rotation} runs on schedule "cron(0 0 1 1/6 ? *)", which does not run at ` +
                        "least every 90 days: use rate(N days) with N at most 90, or a cron " +
                        'whose month field is "*".',
                ),
            ]);
        });

        it("flags rules that set no interval", async () => {
            assert.deepStrictEqual(await check(policy, rules({ duration: "2h" })), [
                finding(
                    policy,
                    "app-secret-rotation",
                    `${rotation} sets no interval: set rotationRules.automaticallyAfterDays (at ` +
                        "most 90) or scheduleExpression.",
                ),
            ]);
        });

        it("takes the maximum from config", async () => {
            const config = configFile({ [policy]: { maxRotationDays: 14 } });
            assert.deepStrictEqual(await check(policy, rotationPlan(), config), [
                finding(
                    policy,
                    "app-secret-rotation",
                    `${rotation} rotates every 30 days: set ` +
                        "rotationRules.automaticallyAfterDays to at most 14.",
                ),
            ]);
        });

        it("reports, as the SDK does, that it cannot judge an unknown interval", async () => {
            const plan = rules({ automaticallyAfterDays: UNKNOWN_SENTINEL });
            assert.deepStrictEqual(await check(policy, plan), [
                {
                    policy,
                    level: "advisory",
                    resource: "app-secret-rotation",
                    message:
                        `can't run policy '${policy}' from policy pack 'baymax-hipaa@v0.1.0' ` +
                        "during preview: string value at .rotationRules.automaticallyAfterDays " +
                        "can't be known during preview",
                },
            ]);
        });
    });

    describe("secretsmanager-rotation-complete", () => {
        const policy = "secretsmanager-rotation-complete";
        const rotation = 'Secret rotation "app-secret-rotation"';

        it("has nothing to judge in the real prod plan, which rotates no secret", async () => {
            const report = await analyzeOnly(pack, realPlan("prod"), [policy]);
            assert.deepStrictEqual(
                findings(report).filter((f) => f.policy === policy),
                [],
            );
            assert.strictEqual(report.notApplicable["baymax-hipaa"][policy], 1);
        });

        it("flags a rotation without rules", async () => {
            const plan = rotationPlan((r) => delete r.rotationRules);
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "app-secret-rotation",
                    `${rotation} has no rotationRules, so the secret never rotates: set ` +
                        "rotationRules.automaticallyAfterDays or scheduleExpression.",
                ),
            ]);
        });

        it("flags a rotation of an application secret without a function", async () => {
            const plan = rotationPlan((r) => delete r.rotationLambdaArn);
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "app-secret-rotation",
                    `${rotation} has no rotationLambdaArn and its secret is not managed by RDS, ` +
                        "so nothing can rotate it: set rotationLambdaArn to a rotation function.",
                ),
            ]);
        });

        it("accepts the managed rotation of an RDS master secret of the stack", async () => {
            const cluster: FixtureResource = {
                type: CLUSTER,
                name: "db-cluster",
                provider: "primary",
                inputs: { manageMasterUserPassword: true, masterUserSecretKmsKeyId: KEY_ARN },
            };
            const byArn = rotationPlan(
                (r) => {
                    r.secretId = RDS_SECRET_ARN;
                    delete r.rotationLambdaArn;
                },
                [cluster],
            );
            const state = byArn.steps!.find((s) => s.urn.endsWith("::app-secret-rotation"))!;
            delete state.newState!.propertyDependencies;
            assert.deepStrictEqual(await check(policy, byArn), []);
            const byDependency = rotationPlan((r) => delete r.rotationLambdaArn, [cluster]);
            const rotationState = byDependency.steps!.find((s) =>
                s.urn.endsWith("::app-secret-rotation"),
            )!;
            rotationState.newState!.propertyDependencies = {
                secretId: [urnOf(CLUSTER, "db-cluster")],
            };
            assert.deepStrictEqual(await check(policy, byDependency), []);
        });

        it("flags a rotation of a secret this stack does not create", async () => {
            const elsewhere = "arn:aws:secretsmanager:ap-south-1:111122223333:secret:legacy-abc123";
            const plan = rotationPlan((r) => (r.secretId = elsewhere));
            const state = plan.steps!.find((s) => s.urn.endsWith("::app-secret-rotation"))!;
            delete state.newState!.propertyDependencies;
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "app-secret-rotation",
                    `${rotation} rotates "${elsewhere}", which is not a secret of this stack: ` +
                        "set secretId to a Secret this stack creates, or to the master user " +
                        "secret of one of its RDS clusters.",
                ),
            ]);
        });

        it("reports, as the SDK does, an unknown secret id no dependency explains", async () => {
            const plan = rotationPlan();
            const state = plan.steps!.find((s) => s.urn.endsWith("::app-secret-rotation"))!;
            delete state.newState!.propertyDependencies;
            assert.deepStrictEqual(await check(policy, plan), [
                {
                    policy,
                    level: "advisory",
                    message:
                        `can't run policy '${policy}' from policy pack 'baymax-hipaa@v0.1.0' ` +
                        "during preview: string value at .secretId can't be known during preview",
                },
            ]);
        });
    });
});
