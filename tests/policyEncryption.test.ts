// Encryption at rest with customer-managed keys, run through the real analyzer path: the pack is
// started as the Pulumi CLI starts it and every case is a compliant plan with one change.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readPolicyPackConfig, RunningPolicyPack } from "../offline/analyzer";
import { PreviewDigest, UNKNOWN_SENTINEL } from "../offline/previewFormat";
import { Finding, findings, planWith, planWithout } from "./fixtures/policyPlans";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

const CMK = "a customer-managed KMS key";
const KMS_ALGORITHMS = '"aws:kms" or "aws:kms:dsse"';

function mandatory(policy: string, resource: string, message: string): Finding {
    return { policy, level: "mandatory", resource, message };
}

/** The advisory the SDK reports when a policy reads a value unknown at preview. */
function cannotRun(policy: string, resource: string, field: string): Finding {
    return {
        policy,
        level: "advisory",
        resource,
        message:
            `can't run policy '${policy}' from policy pack 'baymax-hipaa@v0.1.0' during preview: ` +
            `string value at .${field} can't be known during preview`,
    };
}

describe("policy pack: encryption at rest with customer-managed keys", () => {
    let pack: RunningPolicyPack;
    before(async () => {
        pack = await sharedPolicyPack();
    });

    const check = async (plan: PreviewDigest) => findings(await pack.analyze(plan));

    describe("rds-cluster-storage-encrypted-cmk", () => {
        const policy = "rds-cluster-storage-encrypted-cmk";
        const cluster = 'RDS cluster "db-cluster"';

        it("flags a cluster with storage encryption off", async () => {
            const plan = planWith("db-cluster", (i) => (i.storageEncrypted = false));
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "db-cluster",
                    `${cluster} stores data unencrypted: set storageEncrypted: true.`,
                ),
            ]);
        });

        it("treats a missing storageEncrypted as off and asks for the key too", async () => {
            const plan = planWith("db-cluster", (i) => {
                delete i.storageEncrypted;
                delete i.kmsKeyId;
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "db-cluster",
                    `${cluster} stores data unencrypted: set storageEncrypted: true and kmsKeyId ` +
                        `to ${CMK}.`,
                ),
            ]);
        });

        it("flags an encrypted cluster without a customer-managed key", async () => {
            const plan = planWith("db-cluster", (i) => delete i.kmsKeyId);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "db-cluster",
                    `${cluster} is encrypted with the AWS-managed key aws/rds: set kmsKeyId to ` +
                        `${CMK}.`,
                ),
            ]);
        });

        it("accepts a key ARN that is unknown until deployment: the key is set", async () => {
            const plan = planWith("db-cluster", (i) => (i.kmsKeyId = UNKNOWN_SENTINEL));
            assert.deepStrictEqual(await check(plan), []);
        });

        it("reports, as the SDK does, that it cannot judge storageEncrypted", async () => {
            const plan = planWith("db-cluster", (i) => (i.storageEncrypted = UNKNOWN_SENTINEL));
            assert.deepStrictEqual(await check(plan), [
                cannotRun(policy, "db-cluster", "storageEncrypted"),
            ]);
        });
    });

    describe("rds-instance-performance-insights-cmk", () => {
        it("flags Performance Insights without a key", async () => {
            const plan = planWith("db-instance-0", (i) => delete i.performanceInsightsKmsKeyId);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "rds-instance-performance-insights-cmk",
                    "db-instance-0",
                    'RDS cluster instance "db-instance-0" keeps Performance Insights data under ' +
                        `the AWS-managed key aws/rds: set performanceInsightsKmsKeyId to ${CMK}.`,
                ),
            ]);
        });

        it("leaves an instance without Performance Insights alone", async () => {
            const plan = planWith("db-instance-0", (i) => {
                i.performanceInsightsEnabled = false;
                delete i.performanceInsightsKmsKeyId;
            });
            assert.deepStrictEqual(await check(plan), []);
        });
    });

    describe("dynamodb-table-encrypted-cmk", () => {
        const policy = "dynamodb-table-encrypted-cmk";
        const table = 'DynamoDB table "conversations"';

        it("flags a table on the AWS-owned key", async () => {
            const plan = planWith("conversations", (i) => delete i.serverSideEncryption);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "conversations",
                    `${table} is encrypted with an AWS-owned key: set serverSideEncryption to ` +
                        `{ enabled: true, kmsKeyArn: <ARN of ${CMK}> }.`,
                ),
            ]);
        });

        it("flags a table on the AWS-managed key", async () => {
            const plan = planWith("conversations", (i) => delete i.serverSideEncryption.kmsKeyArn);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "conversations",
                    `${table} is encrypted with the AWS-managed key aws/dynamodb: set ` +
                        `serverSideEncryption.kmsKeyArn to ${CMK}.`,
                ),
            ]);
        });

        it("flags a replica without a key of its own", async () => {
            const plan = planWith("conversations", (i) => delete i.replicas[0].kmsKeyArn);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "conversations",
                    `${table} replica 0 (ap-south-2) uses the AWS-managed key: set ` +
                        `replicas[0].kmsKeyArn to ${CMK} in that region.`,
                ),
            ]);
        });
    });

    describe("s3-bucket-encrypted-kms and s3-bucket-encryption-configured", () => {
        const policy = "s3-bucket-encrypted-kms";
        const phi = 'S3 bucket encryption "phi-bucket-encryption"';
        const logs = 'S3 bucket encryption "alb-logs-bucket-encryption"';
        const byDefault = (i: Record<string, any>) => i.rules[0].applyServerSideEncryptionByDefault;

        it("flags SSE-S3 on a bucket that can take a KMS key", async () => {
            const plan = planWith("phi-bucket-encryption", (i) => {
                byDefault(i).sseAlgorithm = "AES256";
                delete byDefault(i).kmsMasterKeyId;
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "phi-bucket-encryption",
                    `${phi} sets sseAlgorithm "AES256" on bucket ` +
                        '"baymax-test-medical-attachments": set sseAlgorithm ' +
                        `${KMS_ALGORITHMS} with kmsMasterKeyId set to ${CMK}.`,
                ),
            ]);
        });

        it("flags aws:kms without a customer-managed key", async () => {
            const plan = planWith("phi-bucket-encryption", (i) => {
                delete byDefault(i).kmsMasterKeyId;
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "phi-bucket-encryption",
                    `${phi} uses the AWS-managed key aws/s3: set kmsMasterKeyId to ${CMK}.`,
                ),
            ]);
        });

        it("accepts dual-layer aws:kms:dsse with a key", async () => {
            const plan = planWith("phi-bucket-encryption", (i) => {
                byDefault(i).sseAlgorithm = "aws:kms:dsse";
            });
            assert.deepStrictEqual(await check(plan), []);
        });

        it("flags an encryption configuration without a default rule", async () => {
            const plan = planWith("phi-bucket-encryption", (i) => {
                i.rules = [{ bucketKeyEnabled: true }];
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "phi-bucket-encryption",
                    `${phi} sets no default encryption: add a rule with ` +
                        "applyServerSideEncryptionByDefault " +
                        `{ sseAlgorithm: "aws:kms", kmsMasterKeyId: <${CMK}> }.`,
                ),
            ]);
        });

        it("keeps the ELB access-log bucket on SSE-S3, which is all ELB can write to", async () => {
            const plan = planWith("alb-logs-bucket-encryption", (i) => {
                byDefault(i).sseAlgorithm = "aws:kms:dsse";
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "alb-logs-bucket-encryption",
                    `${logs} sets sseAlgorithm "aws:kms:dsse" on bucket ` +
                        '"baymax-test-alb-access-logs", which AWS allows only SSE-S3 on: ' +
                        'set sseAlgorithm "AES256".',
                ),
            ]);
        });

        it("judges a KMS rule while the bucket name is still unknown", async () => {
            const plan = planWith("phi-bucket-encryption", (i) => (i.bucket = UNKNOWN_SENTINEL));
            assert.deepStrictEqual(await check(plan), []);
        });

        it("reports that it cannot judge SSE-S3 on a bucket whose name is unknown", async () => {
            const plan = planWith("alb-logs-bucket-encryption", (i) => {
                i.bucket = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [
                cannotRun(policy, "alb-logs-bucket-encryption", "bucket"),
            ]);
        });

        it("takes the SSE-S3-only bucket globs from the pack config", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baymax-policy-"));
            const file = path.join(dir, "no-exemptions.json");
            fs.writeFileSync(file, JSON.stringify({ [policy]: { sseS3OnlyBuckets: [] } }));
            const plan = planWith("phi-key", () => undefined);
            const report = await pack.analyze(plan, readPolicyPackConfig(file));
            // Without exemptions, each of the three log buckets on SSE-S3 is flagged.
            const onSseS3 = (encryption: string, bucket: string) =>
                mandatory(
                    policy,
                    encryption,
                    `S3 bucket encryption "${encryption}" sets sseAlgorithm "AES256" on bucket ` +
                        `"${bucket}": set sseAlgorithm ${KMS_ALGORITHMS} with kmsMasterKeyId set ` +
                        `to ${CMK}.`,
                );
            assert.deepStrictEqual(findings(report), [
                onSseS3("access-logs-bucket-encryption", "baymax-test-s3-access-logs"),
                onSseS3("alb-logs-bucket-encryption", "baymax-test-alb-access-logs"),
                onSseS3("access-logs-bucket-dr-encryption", "baymax-test-s3-access-logs-dr"),
            ]);
        });

        it("flags a bucket with no encryption configuration of its own", async () => {
            assert.deepStrictEqual(await check(planWithout("phi-bucket-encryption")), [
                mandatory(
                    "s3-bucket-encryption-configured",
                    "phi-bucket",
                    'S3 bucket "phi-bucket" has no BucketServerSideEncryptionConfiguration: add ' +
                        `one for it with sseAlgorithm "aws:kms" and kmsMasterKeyId set to ${CMK}.`,
                ),
            ]);
        });
    });

    describe("secretsmanager-secret-encrypted-cmk", () => {
        const policy = "secretsmanager-secret-encrypted-cmk";
        const onManagedKey = mandatory(
            policy,
            "db-credentials",
            'Secrets Manager secret "db-credentials" is encrypted with the AWS-managed key ' +
                `alias/aws/secretsmanager: set kmsKeyId to ${CMK}.`,
        );

        it("flags a secret without kmsKeyId", async () => {
            const plan = planWith("db-credentials", (i) => delete i.kmsKeyId);
            assert.deepStrictEqual(await check(plan), [onManagedKey]);
        });

        it("flags a secret on the AWS-managed alias, by name or ARN", async () => {
            for (const alias of [
                "alias/aws/secretsmanager",
                "arn:aws:kms:ap-south-1:111122223333:alias/aws/secretsmanager",
            ]) {
                const plan = planWith("db-credentials", (i) => (i.kmsKeyId = alias));
                assert.deepStrictEqual(await check(plan), [onManagedKey], alias);
            }
        });

        it("flags a replica without a key of its own", async () => {
            const plan = planWith("db-credentials", (i) => delete i.replicas[0].kmsKeyId);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "db-credentials",
                    'Secrets Manager secret "db-credentials" replica 0 (ap-south-2) uses the ' +
                        `AWS-managed key: set replicas[0].kmsKeyId to ${CMK} in that region.`,
                ),
            ]);
        });
    });

    it("cloudwatch-log-group-encrypted-cmk flags a log group without kmsKeyId", async () => {
        const plan = planWith("app-logs", (i) => delete i.kmsKeyId);
        assert.deepStrictEqual(await check(plan), [
            mandatory(
                "cloudwatch-log-group-encrypted-cmk",
                "app-logs",
                'CloudWatch log group "app-logs" is not encrypted with a key of its own: set ' +
                    `kmsKeyId to ${CMK}.`,
            ),
        ]);
    });

    describe("sns-topic-encrypted-cmk", () => {
        const policy = "sns-topic-encrypted-cmk";

        it("flags a topic without kmsMasterKeyId", async () => {
            const plan = planWith("alerts", (i) => delete i.kmsMasterKeyId);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "alerts",
                    `SNS topic "alerts" is not encrypted at rest: set kmsMasterKeyId to ${CMK}.`,
                ),
            ]);
        });

        it("flags a topic on the AWS-managed key", async () => {
            const plan = planWith("alerts", (i) => (i.kmsMasterKeyId = "alias/aws/sns"));
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "alerts",
                    'SNS topic "alerts" is encrypted with the AWS-managed key alias/aws/sns: set ' +
                        `kmsMasterKeyId to ${CMK}.`,
                ),
            ]);
        });
    });

    describe("ecr-repository-encrypted-kms", () => {
        const policy = "ecr-repository-encrypted-kms";
        const onAes = (name: string) =>
            mandatory(
                policy,
                name,
                `ECR repository "${name}" encrypts images with AES256: set ` +
                    'encryptionConfigurations to [{ encryptionType: "KMS", kmsKey: <ARN of ' +
                    `${CMK}> }].`,
            );

        it("flags an AES256 repository", async () => {
            const plan = planWith("intake-images", (i) => {
                i.encryptionConfigurations = [{ encryptionType: "AES256" }];
            });
            assert.deepStrictEqual(await check(plan), [onAes("intake-images")]);
        });

        it("flags a KMS repository without a key", async () => {
            const plan = planWith("intake-images", (i) => {
                delete i.encryptionConfigurations[0].kmsKey;
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "intake-images",
                    'ECR repository "intake-images" is encrypted with the AWS-managed key ' +
                        `aws/ecr: set encryptionConfigurations[].kmsKey to ${CMK}.`,
                ),
            ]);
        });

        it("judges the awsx component by the inputs it was given", async () => {
            const plan = planWith("worker-images", (i) => delete i.encryptionConfigurations);
            assert.deepStrictEqual(await check(plan), [onAes("worker-images")]);
        });
    });

    it("backup-vault-encrypted-cmk flags a vault without kmsKeyArn", async () => {
        const plan = planWith("dr-vault", (i) => delete i.kmsKeyArn);
        assert.deepStrictEqual(await check(plan), [
            mandatory(
                "backup-vault-encrypted-cmk",
                "dr-vault",
                'Backup vault "dr-vault" encrypts recovery points with the AWS-managed key ' +
                    `aws/backup: set kmsKeyArn to ${CMK}.`,
            ),
        ]);
    });

    describe("kms-key-rotation-enabled", () => {
        it("flags a symmetric key without rotation", async () => {
            const plan = planWith("phi-key", (i) => delete i.enableKeyRotation);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "kms-key-rotation-enabled",
                    "phi-key",
                    'KMS key "phi-key" does not rotate its key material: ' +
                        "set enableKeyRotation: true.",
                ),
            ]);
        });

        it("does not apply to asymmetric keys, which AWS cannot rotate", async () => {
            const plan = planWith("phi-key", (i) => {
                i.enableKeyRotation = false;
                i.customerMasterKeySpec = "RSA_2048";
            });
            const report = await pack.analyze(plan);
            assert.deepStrictEqual(findings(report), []);
            const skipped = report.notApplicable["baymax-hipaa"]["kms-key-rotation-enabled"];
            // All 57 resources but the other key, dr-phi-key, which rotates.
            assert.strictEqual(skipped, 56);
        });
    });
});
