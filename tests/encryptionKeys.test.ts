import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    EncryptionKeys,
    EncryptionKeysArgs,
    validateDeletionWindow,
} from "../components/encryptionKeys";
import { RecordedResource, RecordingEngine } from "../offline/engine";
import { record } from "../offline/harness";
import { OFFLINE_ACCOUNT_ID } from "../offline/identities";

const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";
const COMPONENT_URN = "urn:pulumi:test::baymax::baymax:security:EncryptionKeys::keys";
const MUMBAI = "urn:pulumi:test::baymax::pulumi:providers:aws::primary::primary-provider-id";
const ROOT_ARN = `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:root`;

const ARGS: EncryptionKeysArgs = {
    environment: "prod",
    namePrefix: "baymax-prod",
    region: "ap-south-1",
};

const ROOT_STATEMENT = {
    Sid: "AccountRootAdministersKey",
    Effect: "Allow",
    Principal: { AWS: ROOT_ARN },
    Action: "kms:*",
    Resource: "*",
};

const VIA_SERVICE_ACTIONS = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:CreateGrant",
    "kms:ListGrants",
    "kms:DescribeKey",
];

function viaServices(sid: string, services: string[]) {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: VIA_SERVICE_ACTIONS,
        Resource: "*",
        Condition: {
            StringEquals: {
                "kms:CallerAccount": OFFLINE_ACCOUNT_ID,
                "kms:ViaService": services,
            },
        },
    };
}

function build(args: EncryptionKeysArgs = ARGS) {
    return record(({ primary }) => new EncryptionKeys("keys", args, { provider: primary }));
}

function policyOf(engine: RecordingEngine, role: string): { Version: string; Statement: any[] } {
    return JSON.parse(engine.one(KEY, `keys-${role}-key`).inputs.policy);
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

describe("EncryptionKeys", () => {
    let engine: RecordingEngine;
    let keys: EncryptionKeys;

    before(async () => {
        ({ engine, result: keys } = await build());
    });

    it("registers one component with four keys and four aliases, nothing else", () => {
        const component = engine.one("baymax:security:EncryptionKeys", "keys");
        assert.strictEqual(component.urn, COMPONENT_URN);
        assert.deepStrictEqual(
            engine.ofType(KEY).map((r) => r.name).sort(),
            ["keys-alarms-key", "keys-logs-key", "keys-phi-key", "keys-secrets-key"],
        );
        assert.deepStrictEqual(
            engine.ofType(ALIAS).map((r) => r.name).sort(),
            ["keys-alarms-alias", "keys-logs-alias", "keys-phi-alias", "keys-secrets-alias"],
        );
        const types = engine.resources.filter((r) => r.parent === COMPONENT_URN).map((r) => r.type);
        assert.deepStrictEqual(types.sort(), [...Array(4).fill(ALIAS), ...Array(4).fill(KEY)]);
    });

    it("parents every child to the component and creates it with the Mumbai provider", () => {
        const children = engine.resources.filter((r) => r.type === KEY || r.type === ALIAS);
        assert.strictEqual(children.length, 8);
        for (const child of children) {
            assert.strictEqual(child.parent, COMPONENT_URN, child.name);
            assert.strictEqual(child.provider, MUMBAI, child.name);
            assert.strictEqual(engine.regionOf(child), "ap-south-1", child.name);
        }
    });

    it("looks the account up once, through the Mumbai provider", () => {
        const lookups = engine.invokes.filter((i) => i.token.includes("getCallerIdentity"));
        assert.strictEqual(lookups.length, 1);
        assert.strictEqual(lookups[0].provider, MUMBAI);
        assert.deepStrictEqual(
            engine.invokes.map((i) => i.token),
            ["aws:index/getCallerIdentity:getCallerIdentity"],
        );
    });

    it("rotates every key yearly, waits 30 days before deleting one and protects it", () => {
        for (const key of engine.ofType(KEY)) {
            assert.strictEqual(key.inputs.enableKeyRotation, true, key.name);
            assert.strictEqual(key.inputs.deletionWindowInDays, 30, key.name);
            assert.strictEqual(key.options.protect, true, key.name);
        }
        for (const alias of engine.ofType(ALIAS)) {
            assert.strictEqual(alias.options.protect, false, alias.name);
        }
    });

    it("leaves the keys unprotected when deletion protection is off, as in dev", async () => {
        const { engine: dev } = await build({ ...ARGS, deletionProtection: false });
        assert.deepStrictEqual(
            dev.ofType(KEY).map((r: RecordedResource) => r.options.protect),
            [false, false, false, false],
        );
    });

    it("describes each key by the data it protects", () => {
        const descriptionOf = (role: string) =>
            engine.one(KEY, `keys-${role}-key`).inputs.description;
        assert.strictEqual(
            descriptionOf("phi"),
            "Encrypts baymax-prod patient data: Aurora, DynamoDB, S3 and AWS Backup.",
        );
        assert.strictEqual(
            descriptionOf("secrets"),
            "Encrypts baymax-prod secrets in Secrets Manager and container images in ECR.",
        );
        assert.strictEqual(
            descriptionOf("logs"),
            "Encrypts baymax-prod CloudWatch Logs log groups.",
        );
        assert.strictEqual(descriptionOf("alarms"), "Encrypts baymax-prod SNS alarm topics.");
    });

    it("tags the PHI key as PHI and the other keys as Confidential", () => {
        const expected: Record<string, string> = {
            phi: "PHI",
            secrets: "Confidential",
            logs: "Confidential",
            alarms: "Confidential",
        };
        for (const [role, dataClass] of Object.entries(expected)) {
            assert.deepStrictEqual(engine.one(KEY, `keys-${role}-key`).inputs.tags, {
                Environment: "prod",
                Compliance: "HIPAA",
                DataClass: dataClass,
                Service: "security",
                Name: `baymax-prod-${role}`,
            });
        }
    });

    it("gives each key an alias named after the environment, pointing at that key", () => {
        for (const role of ["phi", "secrets", "logs", "alarms"]) {
            const key = engine.one(KEY, `keys-${role}-key`);
            const alias = engine.one(ALIAS, `keys-${role}-alias`);
            assert.deepStrictEqual(alias.inputs, {
                name: `alias/baymax-prod-${role}`,
                targetKeyId: key.id,
            });
            assert.deepStrictEqual(alias.propertyDependencies.targetKeyId, [key.urn]);
        }
    });

    it("keeps the account root as administrator of every key, first in each policy", () => {
        for (const role of ["phi", "secrets", "logs", "alarms"]) {
            const policy = policyOf(engine, role);
            assert.strictEqual(policy.Version, "2012-10-17", role);
            assert.deepStrictEqual(policy.Statement[0], ROOT_STATEMENT, role);
        }
    });

    it("lets only Aurora, DynamoDB, S3 and AWS Backup use the PHI key, for this account", () => {
        const policy = policyOf(engine, "phi");
        assert.deepStrictEqual(policy.Statement, [
            ROOT_STATEMENT,
            viaServices("UseViaPhiServices", [
                "rds.ap-south-1.amazonaws.com",
                "dynamodb.ap-south-1.amazonaws.com",
                "s3.ap-south-1.amazonaws.com",
                "backup.ap-south-1.amazonaws.com",
            ]),
        ]);
        const text = engine.one(KEY, "keys-phi-key").inputs.policy as string;
        for (const absent of ["logs.", "cloudwatch.", "sns.", "secretsmanager.", '"Service"']) {
            assert.ok(!text.includes(absent), `PHI key policy must not mention ${absent}`);
        }
    });

    it("lets only Secrets Manager, RDS (managed master password) and ECR use the secrets key", () => {
        assert.deepStrictEqual(policyOf(engine, "secrets").Statement, [
            ROOT_STATEMENT,
            viaServices("UseViaSecretsManager", [
                "secretsmanager.ap-south-1.amazonaws.com",
                "rds.ap-south-1.amazonaws.com",
                "ecr.ap-south-1.amazonaws.com",
            ]),
        ]);
    });

    it("lets Mumbai's CloudWatch Logs use the logs key for this account's groups only", () => {
        assert.deepStrictEqual(policyOf(engine, "logs").Statement, [
            ROOT_STATEMENT,
            {
                Sid: "UseByCloudWatchLogs",
                Effect: "Allow",
                Principal: { Service: "logs.ap-south-1.amazonaws.com" },
                Action: [
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                Resource: "*",
                Condition: {
                    ArnLike: {
                        "kms:EncryptionContext:aws:logs:arn":
                            `arn:aws:logs:ap-south-1:${OFFLINE_ACCOUNT_ID}:log-group:*`,
                    },
                },
            },
        ]);
    });

    it("lets CloudWatch alarms publish to, and SNS use, the alarms key, and nothing else", () => {
        assert.deepStrictEqual(policyOf(engine, "alarms").Statement, [
            ROOT_STATEMENT,
            {
                Sid: "PublishByCloudWatchAlarms",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
            },
            viaServices("UseViaSns", ["sns.ap-south-1.amazonaws.com"]),
        ]);
    });

    it("exposes each key and its ARN", async () => {
        const roles = [
            ["phi", keys.phiKey, keys.phiKeyArn],
            ["secrets", keys.secretsKey, keys.secretsKeyArn],
            ["logs", keys.logsKey, keys.logsKeyArn],
            ["alarms", keys.alarmsKey, keys.alarmsKeyArn],
        ] as const;
        for (const [role, key, arn] of roles) {
            const recorded = engine.one(KEY, `keys-${role}-key`);
            assert.strictEqual(await valueOf(key.urn), recorded.urn);
            assert.strictEqual(await valueOf(arn), recorded.wireOutputs?.arn);
            assert.strictEqual(
                await valueOf(arn),
                `arn:aws:kms:ap-south-1:${OFFLINE_ACCOUNT_ID}:key/${recorded.id}`,
            );
        }
    });

    it("writes the region it is given into the key policies", async () => {
        const { engine: dr } = await build({ ...ARGS, region: "ap-south-2" });
        assert.deepStrictEqual(
            JSON.parse(dr.one(KEY, "keys-logs-key").inputs.policy).Statement[1].Principal,
            { Service: "logs.ap-south-2.amazonaws.com" },
        );
        assert.deepStrictEqual(
            JSON.parse(dr.one(KEY, "keys-phi-key").inputs.policy).Statement[1].Condition
                .StringEquals["kms:ViaService"],
            [
                "rds.ap-south-2.amazonaws.com",
                "dynamodb.ap-south-2.amazonaws.com",
                "s3.ap-south-2.amazonaws.com",
                "backup.ap-south-2.amazonaws.com",
            ],
        );
    });

    it("uses a shorter deletion window when given one within AWS's limits", async () => {
        const { engine: short } = await build({ ...ARGS, deletionWindowInDays: 7 });
        assert.deepStrictEqual(
            short.ofType(KEY).map((r: RecordedResource) => r.inputs.deletionWindowInDays),
            [7, 7, 7, 7],
        );
    });

    describe("deletion window validation", () => {
        it("defaults to 30 days and accepts 7 to 30", () => {
            assert.strictEqual(validateDeletionWindow(undefined), 30);
            assert.strictEqual(validateDeletionWindow(7), 7);
            assert.strictEqual(validateDeletionWindow(30), 30);
        });

        for (const bad of [6, 31, 0, 14.5]) {
            it(`refuses ${bad} days with a sentence naming the value and the fix`, () => {
                assert.throws(
                    () => validateDeletionWindow(bad),
                    (e: unknown) => {
                        assert.ok(pulumi.InputPropertyError.isInstance(e));
                        assert.strictEqual(e.propertyPath, "deletionWindowInDays");
                        assert.strictEqual(
                            e.message,
                            `deletionWindowInDays is ${bad}, but a KMS key's deletion window ` +
                                "must be a whole number of days from 7 to 30; use 30 (the " +
                                "default) so that a key scheduled for deletion by mistake can be " +
                                "recovered for as long as possible.",
                        );
                        return true;
                    },
                );
            });
        }

        it("stops the component before it registers anything", async () => {
            const { engine: refused, result: error } = await record(({ primary }) => {
                try {
                    new EncryptionKeys(
                        "keys",
                        { ...ARGS, deletionWindowInDays: 3 },
                        { provider: primary },
                    );
                } catch (e) {
                    return e;
                }
                return undefined;
            });
            assert.ok(pulumi.InputPropertyError.isInstance(error));
            assert.strictEqual(
                error.message,
                "deletionWindowInDays is 3, but a KMS key's deletion window must be a whole " +
                    "number of days from 7 to 30; use 30 (the default) so that a key scheduled " +
                    "for deletion by mistake can be recovered for as long as possible.",
            );
            assert.deepStrictEqual(
                refused.resources.map((r) => r.type),
                ["pulumi:providers:aws", "pulumi:providers:aws"],
            );
            assert.deepStrictEqual(refused.invokes, []);
        });
    });
});
