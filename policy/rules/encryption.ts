// Encryption at rest with keys the stack controls. AWS's own defaults (no encryption, an
// AWS-owned key, or the account's AWS-managed key) count as non-compliant: a customer-managed key
// is what lets the key policy, rotation and CloudTrail key-use records cover PHI.
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    AWS_MANAGED_KEY_ALIASES,
    ECR_KMS_ENCRYPTION_TYPE,
    ROTATABLE_KEY_SPEC,
    S3_KMS_ALGORITHMS,
    S3_SSE_S3_ALGORITHM,
    SSE_S3_ONLY_BUCKETS,
} from "../awsFacts";
import { isSet, knownString, matchesGlob, oneOf, resourceRule, stackRule } from "./support";

const CMK = "a customer-managed KMS key";

const S3_ENCRYPTION_TYPE =
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";

/** True for the AWS-managed alias of a service, by name or as an alias ARN. */
function isAwsManagedAlias(keyId: unknown, alias: string): boolean {
    return typeof keyId === "string" && (keyId === alias || keyId.endsWith(`:${alias}`));
}

interface RdsClusterProps {
    storageEncrypted?: boolean;
    kmsKeyId?: string;
}

const rdsClusterStorage = resourceRule<RdsClusterProps>({
    name: "rds-cluster-storage-encrypted-cmk",
    requires: "RDS clusters encrypt their storage with a customer-managed KMS key",
    sections: ["164.312(a)(2)(iv)"],
    fix:
        "Set storageEncrypted: true and kmsKeyId to the ARN of the PHI key (PhiDatabase does " +
        "both).",
    baseline: "cdk-nag RDSStorageEncrypted; AWS Config rds-storage-encrypted",
    types: ["aws:rds/cluster:Cluster"],
    validate: (cluster, args, report) => {
        const what = `RDS cluster "${args.name}"`;
        const hasKey = isSet(cluster, "kmsKeyId");
        if (cluster.storageEncrypted !== true) {
            const key = hasKey ? "" : ` and kmsKeyId to ${CMK}`;
            report(`${what} stores data unencrypted: set storageEncrypted: true${key}.`);
        } else if (!hasKey) {
            report(
                `${what} is encrypted with the AWS-managed key aws/rds: set kmsKeyId to ${CMK}.`,
            );
        }
    },
});

interface RdsClusterInstanceProps {
    performanceInsightsEnabled?: boolean;
    performanceInsightsKmsKeyId?: string;
}

const rdsInstanceInsights = resourceRule<RdsClusterInstanceProps>({
    name: "rds-instance-performance-insights-cmk",
    requires:
        "RDS cluster instances with Performance Insights on encrypt its data, which holds " +
        "query text, with a customer-managed KMS key",
    sections: ["164.312(a)(2)(iv)"],
    fix: "Set performanceInsightsKmsKeyId to the PHI key's ARN, or turn Performance Insights off.",
    baseline: "Baymax",
    types: ["aws:rds/clusterInstance:ClusterInstance"],
    validate: (instance, args, report) => {
        const insightsOn = instance.performanceInsightsEnabled === true;
        if (insightsOn && !isSet(instance, "performanceInsightsKmsKeyId")) {
            report(
                `RDS cluster instance "${args.name}" keeps Performance Insights data under the ` +
                    `AWS-managed key aws/rds: set performanceInsightsKmsKeyId to ${CMK}.`,
            );
        }
    },
});

interface DynamoTableProps {
    serverSideEncryption?: { enabled?: boolean; kmsKeyArn?: string };
    replicas?: { regionName?: string; kmsKeyArn?: string }[];
}

const dynamoTable = resourceRule<DynamoTableProps>({
    name: "dynamodb-table-encrypted-cmk",
    requires: "DynamoDB tables and their replicas are encrypted with a customer-managed KMS key",
    sections: ["164.312(a)(2)(iv)"],
    fix:
        "Set serverSideEncryption to { enabled: true, kmsKeyArn: <PHI key ARN> } and give " +
        "each replica the key of its region.",
    baseline: "AWS Config dynamodb-table-encrypted-kms",
    types: ["aws:dynamodb/table:Table"],
    validate: (table, args, report) => {
        const what = `DynamoDB table "${args.name}"`;
        const sse = table.serverSideEncryption;
        if (sse === undefined || sse === null || sse.enabled !== true) {
            report(
                `${what} is encrypted with an AWS-owned key: set serverSideEncryption to ` +
                    `{ enabled: true, kmsKeyArn: <ARN of ${CMK}> }.`,
            );
        } else if (!isSet(sse, "kmsKeyArn")) {
            report(
                `${what} is encrypted with the AWS-managed key aws/dynamodb: set ` +
                    `serverSideEncryption.kmsKeyArn to ${CMK}.`,
            );
        }
        (table.replicas ?? []).forEach((replica, i) => {
            if (!isSet(replica, "kmsKeyArn")) {
                report(
                    `${what} replica ${i} (${replica.regionName}) uses the AWS-managed key: ` +
                        `set replicas[${i}].kmsKeyArn to ${CMK} in that region.`,
                );
            }
        });
    },
});

interface S3EncryptionProps {
    bucket?: string;
    rules?: {
        applyServerSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyId?: string };
    }[];
}

interface S3EncryptionConfig {
    sseS3OnlyBuckets: string[];
}

const s3BucketEncryption = resourceRule<S3EncryptionProps>({
    name: "s3-bucket-encrypted-kms",
    requires:
        "S3 buckets encrypt new objects by default with a customer-managed KMS key, except " +
        "buckets AWS allows only SSE-S3 on, which use AES256",
    sections: ["164.312(a)(2)(iv)"],
    fix:
        'Set applyServerSideEncryptionByDefault to sseAlgorithm "aws:kms" with kmsMasterKeyId ' +
        'set to a customer-managed key; ELB access-log buckets use "AES256".',
    baseline: "cdk-nag S3DefaultEncryptionKMS; AWS Config s3-default-encryption-kms",
    types: [S3_ENCRYPTION_TYPE],
    configSchema: {
        properties: {
            sseS3OnlyBuckets: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: [...SSE_S3_ONLY_BUCKETS],
                description:
                    "Bucket-name globs of buckets that must use SSE-S3 (AES256) because AWS " +
                    "forbids KMS on them, such as ELB access-log buckets.",
            },
        },
    },
    validate: (encryption, args, report) => {
        const what = `S3 bucket encryption "${args.name}"`;
        const defaults = (encryption.rules ?? [])
            .map((rule) => rule.applyServerSideEncryptionByDefault)
            .filter((d) => d !== undefined && d !== null);
        if (defaults.length === 0) {
            report(
                `${what} sets no default encryption: add a rule with ` +
                    "applyServerSideEncryptionByDefault " +
                    `{ sseAlgorithm: "aws:kms", kmsMasterKeyId: <${CMK}> }.`,
            );
            return;
        }
        const config = args.getConfig<Partial<S3EncryptionConfig>>();
        const sseS3Only = config.sseS3OnlyBuckets ?? [...SSE_S3_ONLY_BUCKETS];
        for (const byDefault of defaults) {
            const algorithm = byDefault.sseAlgorithm;
            const isKms = (S3_KMS_ALGORITHMS as readonly unknown[]).includes(algorithm);
            // A KMS rule needs the bucket's name only to catch KMS on an SSE-S3-only bucket, so it
            // is judged without it while the name is unknown; any other algorithm is compliant only
            // on such a bucket, and reading a name unknown at preview is reported by the SDK.
            const bucket = isKms ? knownString(encryption, "bucket") : encryption.bucket;
            const onBucket = `sets sseAlgorithm "${algorithm}" on bucket "${bucket}"`;
            if (bucket !== undefined && sseS3Only.some((glob) => matchesGlob(bucket, glob))) {
                if (algorithm !== S3_SSE_S3_ALGORITHM) {
                    report(
                        `${what} ${onBucket}, which AWS allows only SSE-S3 on: set sseAlgorithm ` +
                            `"${S3_SSE_S3_ALGORITHM}".`,
                    );
                }
            } else if (!isKms) {
                report(
                    `${what} ${onBucket}: set sseAlgorithm ${oneOf(S3_KMS_ALGORITHMS)} with ` +
                        `kmsMasterKeyId set to ${CMK}.`,
                );
            } else if (!isSet(byDefault, "kmsMasterKeyId")) {
                report(`${what} uses the AWS-managed key aws/s3: set kmsMasterKeyId to ${CMK}.`);
            }
        }
    },
});

const s3BucketHasEncryption: StackValidationPolicy = stackRule({
    name: "s3-bucket-encryption-configured",
    requires:
        "Every S3 bucket has a BucketServerSideEncryptionConfiguration of its own, so no bucket " +
        "is left with the SSE-S3 default",
    sections: ["164.312(a)(2)(iv)"],
    fix: "Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with its KMS key.",
    baseline: "AWS Config s3-bucket-server-side-encryption-enabled",
    validate: (args, report) => {
        const buckets = args.resources.filter((r) => r.type === "aws:s3/bucket:Bucket");
        if (buckets.length === 0) args.notApplicable("The stack has no S3 buckets");
        const configs = args.resources.filter((r) => r.type === S3_ENCRYPTION_TYPE);
        for (const bucket of buckets) {
            const covered = configs.some((config) => {
                const deps = config.propertyDependencies["bucket"] ?? [];
                if (deps.length > 0) return deps.some((d) => d.urn === bucket.urn);
                // Without a dependency the config names its bucket literally; compare raw values
                // so that a bucket whose name is computed at deployment does not abort the check.
                const named = knownString(config.props, "bucket");
                return named !== undefined && named === knownString(bucket.props, "bucket");
            });
            if (!covered) {
                report(
                    `S3 bucket "${bucket.name}" has no BucketServerSideEncryptionConfiguration: ` +
                        'add one for it with sseAlgorithm "aws:kms" and kmsMasterKeyId set to ' +
                        `${CMK}.`,
                    bucket.urn,
                );
            }
        }
    },
});

interface SecretProps {
    kmsKeyId?: string;
    replicas?: { region?: string; kmsKeyId?: string }[];
}

const secret = resourceRule<SecretProps>({
    name: "secretsmanager-secret-encrypted-cmk",
    requires:
        "Secrets Manager secrets and their replicas are encrypted with a customer-managed KMS key",
    sections: ["164.312(a)(2)(iv)", "164.312(d)"],
    fix:
        "Set kmsKeyId (and each replica's kmsKeyId) to a customer-managed key, not " +
        "alias/aws/secretsmanager.",
    baseline: "cdk-nag SecretsManagerUsingKMSKey; AWS Config secretsmanager-using-cmk",
    types: ["aws:secretsmanager/secret:Secret"],
    validate: (secret, args, report) => {
        const what = `Secrets Manager secret "${args.name}"`;
        const alias = AWS_MANAGED_KEY_ALIASES.secretsmanager;
        if (!isSet(secret, "kmsKeyId") || isAwsManagedAlias(secret.kmsKeyId, alias)) {
            report(
                `${what} is encrypted with the AWS-managed key ${alias}: set kmsKeyId to ${CMK}.`,
            );
        }
        (secret.replicas ?? []).forEach((replica, i) => {
            if (!isSet(replica, "kmsKeyId") || isAwsManagedAlias(replica.kmsKeyId, alias)) {
                report(
                    `${what} replica ${i} (${replica.region}) uses the AWS-managed key: ` +
                        `set replicas[${i}].kmsKeyId to ${CMK} in that region.`,
                );
            }
        });
    },
});

const logGroup = resourceRule<{ kmsKeyId?: string }>({
    name: "cloudwatch-log-group-encrypted-cmk",
    requires: "CloudWatch log groups encrypt their events with a customer-managed KMS key",
    sections: ["164.312(a)(2)(iv)", "164.312(b)"],
    fix: "Set kmsKeyId to a customer-managed key whose policy lets the logs service use it.",
    baseline: "cdk-nag CloudWatchLogGroupEncrypted; AWS Config cloudwatch-log-group-encrypted",
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    validate: (group, args, report) => {
        if (!isSet(group, "kmsKeyId")) {
            report(
                `CloudWatch log group "${args.name}" is not encrypted with a key of its own: ` +
                    `set kmsKeyId to ${CMK}.`,
            );
        }
    },
});

const snsTopic = resourceRule<{ kmsMasterKeyId?: string }>({
    name: "sns-topic-encrypted-cmk",
    requires: "SNS topics encrypt their messages at rest with a customer-managed KMS key",
    sections: ["164.312(a)(2)(iv)"],
    fix: "Set kmsMasterKeyId to a customer-managed key, not alias/aws/sns.",
    baseline: "cdk-nag SNSEncryptedKMS; AWS Config sns-encrypted-kms",
    types: ["aws:sns/topic:Topic"],
    validate: (topic, args, report) => {
        const what = `SNS topic "${args.name}"`;
        const alias = AWS_MANAGED_KEY_ALIASES.sns;
        if (!isSet(topic, "kmsMasterKeyId")) {
            report(`${what} is not encrypted at rest: set kmsMasterKeyId to ${CMK}.`);
        } else if (isAwsManagedAlias(topic.kmsMasterKeyId, alias)) {
            report(
                `${what} is encrypted with the AWS-managed key ${alias}: ` +
                    `set kmsMasterKeyId to ${CMK}.`,
            );
        }
    },
});

interface EcrRepositoryProps {
    encryptionConfigurations?: { encryptionType?: string; kmsKey?: string }[];
}

const ecrRepository = resourceRule<EcrRepositoryProps>({
    name: "ecr-repository-encrypted-kms",
    requires: "ECR repositories encrypt their images with a customer-managed KMS key",
    sections: ["164.312(a)(2)(iv)"],
    fix:
        'Set encryptionConfigurations to [{ encryptionType: "KMS", kmsKey: <customer-managed ' +
        "key ARN> }].",
    baseline: "Baymax",
    types: ["aws:ecr/repository:Repository", "awsx:ecr:Repository"],
    validate: (repository, args, report) => {
        const what = `ECR repository "${args.name}"`;
        const configs = repository.encryptionConfigurations ?? [];
        const kmsConfigs = configs.filter((c) => c.encryptionType === ECR_KMS_ENCRYPTION_TYPE);
        if (kmsConfigs.length === 0) {
            report(
                `${what} encrypts images with AES256: set encryptionConfigurations to ` +
                    `[{ encryptionType: "${ECR_KMS_ENCRYPTION_TYPE}", kmsKey: <ARN of ${CMK}> }].`,
            );
        } else if (!kmsConfigs.every((c) => isSet(c, "kmsKey"))) {
            report(
                `${what} is encrypted with the AWS-managed key aws/ecr: set ` +
                    `encryptionConfigurations[].kmsKey to ${CMK}.`,
            );
        }
    },
});

const backupVault = resourceRule<{ kmsKeyArn?: string }>({
    name: "backup-vault-encrypted-cmk",
    requires: "AWS Backup vaults encrypt recovery points with a customer-managed KMS key",
    sections: ["164.312(a)(2)(iv)", "164.308(a)(7)(ii)(A)"],
    fix: "Set kmsKeyArn to a customer-managed key of the vault's region.",
    baseline: "AWS Config backup-recovery-point-encrypted",
    types: ["aws:backup/vault:Vault"],
    validate: (vault, args, report) => {
        if (!isSet(vault, "kmsKeyArn")) {
            report(
                `Backup vault "${args.name}" encrypts recovery points with the AWS-managed key ` +
                    `aws/backup: set kmsKeyArn to ${CMK}.`,
            );
        }
    },
});

interface KmsKeyProps {
    enableKeyRotation?: boolean;
    customerMasterKeySpec?: string;
}

const kmsKeyRotation = resourceRule<KmsKeyProps>({
    name: "kms-key-rotation-enabled",
    requires: "Customer-managed symmetric KMS keys rotate their key material automatically",
    sections: ["164.312(a)(2)(iv)"],
    fix: "Set enableKeyRotation: true on the key.",
    baseline: "cdk-nag AwsSolutions-KMS5",
    types: ["aws:kms/key:Key"],
    validate: (key, args, report) => {
        const spec = key.customerMasterKeySpec ?? ROTATABLE_KEY_SPEC;
        if (spec !== ROTATABLE_KEY_SPEC) {
            args.notApplicable(`Only ${ROTATABLE_KEY_SPEC} keys support automatic rotation`);
        }
        if (key.enableKeyRotation !== true) {
            report(
                `KMS key "${args.name}" does not rotate its key material: ` +
                    "set enableKeyRotation: true.",
            );
        }
    },
});

export const encryptionPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    rdsClusterStorage,
    rdsInstanceInsights,
    dynamoTable,
    s3BucketEncryption,
    s3BucketHasEncryption,
    secret,
    logGroup,
    snsTopic,
    ecrRepository,
    backupVault,
    kmsKeyRotation,
];
