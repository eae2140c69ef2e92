// Disaster recovery that keeps PHI inside India: medical attachments are stored in Mumbai and
// replicated to Hyderabad under a Hyderabad key, and the database and tables are backed up daily
// in Mumbai with a copy in a Hyderabad vault. Both buckets are private, versioned, KMS-encrypted
// and TLS-only, keep old versions for six years and write server access logs to a log bucket in
// their own region; a delete in Mumbai never removes the Hyderabad copy, and with deletion
// protection on, no one can delete a recovery point from either vault.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { complianceTags, DataClass, TagContext } from "./tags";

/** Regions that may hold the DR copy: in India, and not Mumbai, which holds the primary. */
export const DR_REGIONS: readonly string[] = ["ap-south-2"];

/** The key prefix under which the backend stores attachments; only these are replicated. */
export const ATTACHMENTS_PREFIX = "medical-attachments/";

/** Key prefix of the attachments buckets' server access logs inside the log buckets. */
export const ACCESS_LOGS_PREFIX = "medical-attachments/";

/**
 * Days an overwritten or deleted version of a PHI object stays recoverable before S3 expires it:
 * six years, the retention HIPAA sets for compliance records.
 */
export const PHI_NONCURRENT_VERSION_DAYS = 2192;

/** Days server access logs are kept by default: six years, like every other log of the stack. */
export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 2192;

/** Retention bounds for recovery points, in days (the stack config allows the same range). */
export const BACKUP_RETENTION_RANGE = { min: 7, max: 3650 } as const;

/** What every vault's access policy denies to everyone while deletion protection is on. */
export const VAULT_DENIED_ACTIONS = [
    "backup:DeleteRecoveryPoint",
    "backup:UpdateRecoveryPointLifecycle",
    "backup:PutBackupVaultAccessPolicy",
] as const;

const BACKUP_MANAGED_POLICIES = {
    backups: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
    restores: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
} as const;

export interface IndiaDrReplicaArgs {
    /** Stack environment, such as "dev" or "prod", for tags. No default. */
    readonly environment: string;
    /** Prefix of every physical name, such as "baymax-prod". No default. */
    readonly namePrefix: string;
    /** Explicit provider for Hyderabad; every DR resource is created through it. No default. */
    readonly drProvider: aws.Provider;
    /** Region of `drProvider`, used in key and role conditions. Default "ap-south-2". */
    readonly drRegion?: string;
    /** ARN of the Mumbai PHI key, for the attachments bucket and the primary vault. No default. */
    readonly phiKeyArn: pulumi.Input<string>;
    /** Days a recovery point stays in the Mumbai vault, 7 to 3650. No default. */
    readonly backupRetentionDays: number;
    /** Days a copied recovery point stays in the Hyderabad vault, 7 to 3650. No default. */
    readonly drBackupRetentionDays: number;
    /** ARNs backed up daily: the Aurora cluster and the DynamoDB tables. No default. */
    readonly protectedResourceArns: pulumi.Input<string>[];
    /** Days the S3 server access logs are kept, a whole number of at least 1. Default 2192. */
    readonly accessLogRetentionDays?: number;
    /**
     * Protects buckets, vaults and keys from deletion, never empties a bucket, and denies
     * everyone deleting recovery points in either vault. Default true.
     */
    readonly deletionProtection?: boolean;
}

/** Validates the arguments that shape resources; throws the first problem found. */
export function checkIndiaDrReplicaArgs(args: IndiaDrReplicaArgs): void {
    if (args.drRegion !== undefined && !DR_REGIONS.includes(args.drRegion)) {
        throw new pulumi.InputPropertyError({
            propertyPath: "drRegion",
            reason:
                `drRegion is "${args.drRegion}"; PHI must stay in India and Mumbai holds the ` +
                `primary copy, so allowed: ${DR_REGIONS.map((r) => `"${r}"`).join(", ")}. ` +
                "Set drRegion to one of them or leave it unset.",
        });
    }
    for (const property of ["backupRetentionDays", "drBackupRetentionDays"] as const) {
        const days = args[property];
        const { min, max } = BACKUP_RETENTION_RANGE;
        if (!Number.isInteger(days) || days < min || days > max) {
            throw new pulumi.InputPropertyError({
                propertyPath: property,
                reason:
                    `${property} is ${days}; allowed: a whole number of days from ${min} to ` +
                    `${max}. Set it to how long recovery points must be kept.`,
            });
        }
    }
    const logDays = args.accessLogRetentionDays;
    if (logDays !== undefined && (!Number.isInteger(logDays) || logDays < 1)) {
        throw new pulumi.InputPropertyError({
            propertyPath: "accessLogRetentionDays",
            reason:
                `accessLogRetentionDays is ${logDays}; allowed: a whole number of days, at least ` +
                "1. Set it to how long S3 access logs must be kept, or leave it unset for 2192.",
        });
    }
    if (args.protectedResourceArns.length === 0) {
        throw new pulumi.InputPropertyError({
            propertyPath: "protectedResourceArns",
            reason:
                "protectedResourceArns is empty; the backup plan would protect nothing. " +
                "Pass the Aurora cluster ARN and the DynamoDB table ARNs.",
        });
    }
}

/** A bucket-policy statement refusing every request to the bucket that is not made over TLS. */
export function denyInsecureTransport(bucketArn: pulumi.Input<string>) {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/**
 * Mumbai attachments bucket replicated to Hyderabad, each with a server access-log bucket in its
 * region, and daily AWS Backup of the PHI stores with a copy in Hyderabad. Primary resources use
 * the component's provider; DR resources `drProvider`.
 */
export class IndiaDrReplica extends pulumi.ComponentResource {
    /** Mumbai bucket of medical attachments, encrypted with the PHI key. */
    readonly attachmentsBucket: aws.s3.Bucket;
    /** Hyderabad replica of the attachments, encrypted with `drPhiKey`. */
    readonly drBucket: aws.s3.Bucket;
    /** Mumbai bucket of the attachments bucket's server access logs (SSE-S3). */
    readonly accessLogBucket: aws.s3.Bucket;
    /** Hyderabad bucket of the replica's server access logs (SSE-S3). */
    readonly drAccessLogBucket: aws.s3.Bucket;
    readonly replication: aws.s3.BucketReplicationConfig;
    /** Hyderabad key of the replica bucket. */
    readonly drPhiKey: aws.kms.Key;
    /** Hyderabad key of the DR backup vault. */
    readonly drBackupKey: aws.kms.Key;
    readonly primaryVault: aws.backup.Vault;
    readonly drVault: aws.backup.Vault;
    readonly backupPlan: aws.backup.Plan;
    readonly backupSelection: aws.backup.Selection;

    constructor(name: string, args: IndiaDrReplicaArgs, opts?: pulumi.ComponentResourceOptions) {
        checkIndiaDrReplicaArgs(args);
        super("baymax:dr:IndiaDrReplica", name, {}, opts);

        const drRegion = args.drRegion ?? DR_REGIONS[0];
        const deletionProtection = args.deletionProtection ?? true;
        const ctx: TagContext = { environment: args.environment, service: "disaster-recovery" };
        const inDr = { parent: this, provider: args.drProvider };
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const primaryRegion = aws.getRegionOutput({}, { parent: this }).region;
        const accountRoot = pulumi.interpolate`arn:aws:iam::${accountId}:root`;
        const s3InDr = `s3.${drRegion}.amazonaws.com`;

        // Roles come first: the Hyderabad key policies name them.
        const replicationRoleName = `${args.namePrefix}-attachments-replication`;
        const replicationRole = new aws.iam.Role(
            `${name}-replication-role`,
            {
                name: replicationRoleName,
                description: "Lets S3 replicate medical attachments from Mumbai to Hyderabad.",
                assumeRolePolicy: serviceTrust("s3.amazonaws.com", accountId),
                tags: complianceTags(ctx, replicationRoleName, "Internal"),
            },
            { parent: this },
        );
        const backupRoleName = `${args.namePrefix}-phi-backup`;
        const backupRole = new aws.iam.Role(
            `${name}-backup-role`,
            {
                name: backupRoleName,
                description: "Lets AWS Backup back up, copy and restore the PHI stores.",
                assumeRolePolicy: serviceTrust("backup.amazonaws.com"),
                tags: complianceTags(ctx, backupRoleName, "Internal"),
            },
            { parent: this },
        );
        const backupRolePolicies = Object.entries(BACKUP_MANAGED_POLICIES).map(
            ([purpose, policyArn]) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-backup-role-${purpose}`,
                    { role: backupRole.name, policyArn },
                    { parent: this },
                ),
        );

        const drKey = (role: string, description: string, grants: object[]) => {
            const physicalName = `${args.namePrefix}-${role}`;
            const key = new aws.kms.Key(
                `${name}-${role}-key`,
                {
                    description,
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    policy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "KeepAccountAdministration",
                                Effect: "Allow",
                                Principal: { AWS: accountRoot },
                                Action: "kms:*",
                                Resource: "*",
                            },
                            ...grants,
                        ],
                    }),
                    tags: complianceTags(ctx, physicalName, "PHI"),
                },
                { ...inDr, protect: deletionProtection },
            );
            new aws.kms.Alias(
                `${name}-${role}-alias`,
                { name: `alias/${physicalName}`, targetKeyId: key.keyId },
                inDr,
            );
            return key;
        };
        this.drPhiKey = drKey("dr-phi", "Encrypts the Hyderabad replica of medical attachments.", [
            {
                // Decrypt too: S3 checks the replica's bucket key with it before use.
                Sid: "AllowReplicationThroughS3",
                Effect: "Allow",
                Principal: { AWS: replicationRole.arn },
                Action: ["kms:Encrypt", "kms:Decrypt"],
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": s3InDr } },
            },
        ]);
        this.drBackupKey = drKey("dr-backup", "Encrypts the Hyderabad copies of PHI backups.", [
            {
                // Aurora copies are re-encrypted by RDS in Hyderabad, DynamoDB copies by Backup.
                Sid: "AllowBackupCopies",
                Effect: "Allow",
                Principal: { AWS: backupRole.arn },
                Action: [
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:DescribeKey",
                ],
                Resource: "*",
                Condition: {
                    StringEquals: {
                        "kms:ViaService": [
                            `backup.${drRegion}.amazonaws.com`,
                            `rds.${drRegion}.amazonaws.com`,
                        ],
                    },
                },
            },
            {
                Sid: "AllowBackupGrantsToAwsServices",
                Effect: "Allow",
                Principal: { AWS: backupRole.arn },
                Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                Resource: "*",
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
        ]);

        const phiBucketOptions = {
            ctx,
            deletionProtection,
            dataClass: "PHI" as const,
            lifecycleRule: {
                id: "expire-noncurrent-versions",
                status: "Enabled",
                filter: {},
                noncurrentVersionExpiration: { noncurrentDays: PHI_NONCURRENT_VERSION_DAYS },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            },
        };
        const source = privateBucket(this, `${name}-attachments`, {
            ...phiBucketOptions,
            bucketName: `${args.namePrefix}-medical-attachments`,
            kmsKeyArn: args.phiKeyArn,
        });
        const replica = privateBucket(this, `${name}-attachments-dr`, {
            ...phiBucketOptions,
            bucketName: `${args.namePrefix}-medical-attachments-dr`,
            kmsKeyArn: this.drPhiKey.arn,
            provider: args.drProvider,
        });
        this.attachmentsBucket = source.bucket;
        this.drBucket = replica.bucket;

        // S3 delivers server access logs only to a bucket in the source's region whose default
        // encryption is SSE-S3: it cannot use a KMS key. The logs hold requesters and object
        // keys, never object contents.
        const logBucketOptions = {
            ctx,
            deletionProtection,
            dataClass: "Confidential" as const,
            lifecycleRule: {
                id: "expire-access-logs",
                status: "Enabled",
                filter: {},
                expiration: {
                    days: args.accessLogRetentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS,
                },
                noncurrentVersionExpiration: { noncurrentDays: 30 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            },
        };
        const logDeliveryFrom =
            (sourceBucketArn: pulumi.Output<string>) => (logBucketArn: pulumi.Output<string>) => [
                {
                    Sid: "AllowServerAccessLogDelivery",
                    Effect: "Allow",
                    Principal: { Service: "logging.s3.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: pulumi.interpolate`${logBucketArn}/${ACCESS_LOGS_PREFIX}*`,
                    Condition: {
                        ArnLike: { "aws:SourceArn": sourceBucketArn },
                        StringEquals: { "aws:SourceAccount": accountId },
                    },
                },
            ];
        const sourceLogs = privateBucket(this, `${name}-access-logs`, {
            ...logBucketOptions,
            bucketName: `${args.namePrefix}-s3-access-logs`,
            grants: logDeliveryFrom(this.attachmentsBucket.arn),
        });
        const replicaLogs = privateBucket(this, `${name}-access-logs-dr`, {
            ...logBucketOptions,
            bucketName: `${args.namePrefix}-s3-access-logs-dr`,
            grants: logDeliveryFrom(this.drBucket.arn),
            provider: args.drProvider,
        });
        this.accessLogBucket = sourceLogs.bucket;
        this.drAccessLogBucket = replicaLogs.bucket;

        new aws.s3.BucketLogging(
            `${name}-attachments-logging`,
            {
                bucket: this.attachmentsBucket.id,
                targetBucket: this.accessLogBucket.id,
                targetPrefix: ACCESS_LOGS_PREFIX,
            },
            { parent: this, dependsOn: [sourceLogs.policy] },
        );
        new aws.s3.BucketLogging(
            `${name}-attachments-dr-logging`,
            {
                bucket: this.drBucket.id,
                targetBucket: this.drAccessLogBucket.id,
                targetPrefix: ACCESS_LOGS_PREFIX,
            },
            { ...inDr, dependsOn: [replicaLogs.policy] },
        );

        const sourceArn = this.attachmentsBucket.arn;
        const replicaArn = this.drBucket.arn;
        const s3InPrimary = pulumi.interpolate`s3.${primaryRegion}.amazonaws.com`;
        // With S3 Bucket Keys the encryption context is the bucket ARN, without them the object's.
        const encryptedIn = (bucketArn: pulumi.Output<string>) => ({
            "kms:EncryptionContext:aws:s3:arn": [
                bucketArn,
                pulumi.interpolate`${bucketArn}/${ATTACHMENTS_PREFIX}*`,
            ],
        });
        const replicationPolicy = new aws.iam.RolePolicy(
            `${name}-replication-policy`,
            {
                name: "replicate-medical-attachments",
                role: replicationRole.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "ReadReplicationConfiguration",
                            Effect: "Allow",
                            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
                            Resource: sourceArn,
                        },
                        {
                            Sid: "ReadSourceVersions",
                            Effect: "Allow",
                            Action: [
                                "s3:GetObjectVersionForReplication",
                                "s3:GetObjectVersionAcl",
                                "s3:GetObjectVersionTagging",
                            ],
                            Resource: pulumi.interpolate`${sourceArn}/${ATTACHMENTS_PREFIX}*`,
                        },
                        {
                            Sid: "WriteReplicas",
                            Effect: "Allow",
                            Action: [
                                "s3:ReplicateObject",
                                "s3:ReplicateDelete",
                                "s3:ReplicateTags",
                            ],
                            Resource: pulumi.interpolate`${replicaArn}/${ATTACHMENTS_PREFIX}*`,
                        },
                        {
                            Sid: "DecryptSourceObjects",
                            Effect: "Allow",
                            Action: "kms:Decrypt",
                            Resource: args.phiKeyArn,
                            Condition: {
                                StringEquals: { "kms:ViaService": s3InPrimary },
                                StringLike: encryptedIn(sourceArn),
                            },
                        },
                        {
                            Sid: "EncryptReplicas",
                            Effect: "Allow",
                            Action: ["kms:Encrypt", "kms:Decrypt"],
                            Resource: this.drPhiKey.arn,
                            Condition: {
                                StringEquals: { "kms:ViaService": s3InDr },
                                StringLike: encryptedIn(replicaArn),
                            },
                        },
                    ],
                }),
            },
            { parent: this },
        );

        this.replication = new aws.s3.BucketReplicationConfig(
            `${name}-replication`,
            {
                bucket: this.attachmentsBucket.id,
                role: replicationRole.arn,
                rules: [
                    {
                        id: "medical-attachments-to-hyderabad",
                        status: "Enabled",
                        priority: 1,
                        filter: { prefix: ATTACHMENTS_PREFIX },
                        // A delete in Mumbai, by mistake or by an attacker, must not reach the
                        // Hyderabad copy, which is what a recovery would be made from.
                        deleteMarkerReplication: { status: "Disabled" },
                        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                        destination: {
                            bucket: replicaArn,
                            storageClass: "STANDARD_IA",
                            encryptionConfiguration: { replicaKmsKeyId: this.drPhiKey.arn },
                        },
                    },
                ],
            },
            { parent: this, dependsOn: [source.versioning, replica.versioning, replicationPolicy] },
        );

        const vault = (
            childName: string,
            vaultName: string,
            kmsKeyArn: pulumi.Input<string>,
            provider?: aws.Provider,
        ) => {
            const created = new aws.backup.Vault(
                childName,
                {
                    name: vaultName,
                    kmsKeyArn,
                    forceDestroy: !deletionProtection,
                    tags: complianceTags(ctx, vaultName, "PHI"),
                },
                { parent: this, provider, protect: deletionProtection },
            );
            // Nobody, however privileged, may delete a recovery point or shorten its lifecycle,
            // so stolen credentials cannot erase the backups; AWS Backup's own lifecycle still
            // expires them. The policy cannot be overwritten either: to change it, delete it
            // first (DeleteBackupVaultAccessPolicy stays allowed).
            if (deletionProtection) {
                new aws.backup.VaultPolicy(
                    `${childName}-policy`,
                    {
                        backupVaultName: created.name,
                        policy: pulumi.jsonStringify({
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Sid: "DenyRecoveryPointDeletion",
                                    Effect: "Deny",
                                    Principal: "*",
                                    Action: [...VAULT_DENIED_ACTIONS],
                                    Resource: "*",
                                },
                            ],
                        }),
                    },
                    { parent: this, provider },
                );
            }
            return created;
        };
        this.primaryVault = vault(
            `${name}-primary-vault`,
            `${args.namePrefix}-phi-backups`,
            args.phiKeyArn,
        );
        this.drVault = vault(
            `${name}-dr-vault`,
            `${args.namePrefix}-phi-backups-dr`,
            this.drBackupKey.arn,
            args.drProvider,
        );

        const planName = `${args.namePrefix}-phi-daily`;
        const recoveryPointName = `${args.namePrefix}-phi-backup`;
        this.backupPlan = new aws.backup.Plan(
            `${name}-backup-plan`,
            {
                name: planName,
                rules: [
                    {
                        ruleName: "daily-phi",
                        targetVaultName: this.primaryVault.name,
                        schedule: "cron(0 2 * * ? *)",
                        scheduleExpressionTimezone: "Etc/UTC",
                        startWindow: 60,
                        completionWindow: 180,
                        lifecycle: { deleteAfter: args.backupRetentionDays },
                        copyActions: [
                            {
                                destinationVaultArn: this.drVault.arn,
                                lifecycle: { deleteAfter: args.drBackupRetentionDays },
                            },
                        ],
                        recoveryPointTags: complianceTags(ctx, recoveryPointName, "PHI"),
                    },
                ],
                tags: complianceTags(ctx, planName, "Internal"),
            },
            { parent: this },
        );
        this.backupSelection = new aws.backup.Selection(
            `${name}-backup-selection`,
            {
                name: `${args.namePrefix}-phi-stores`,
                planId: this.backupPlan.id,
                iamRoleArn: backupRole.arn,
                resources: args.protectedResourceArns,
            },
            { parent: this, dependsOn: backupRolePolicies },
        );

        this.registerOutputs({
            attachmentsBucket: this.attachmentsBucket,
            drBucket: this.drBucket,
            accessLogBucket: this.accessLogBucket,
            drAccessLogBucket: this.drAccessLogBucket,
            replication: this.replication,
            drPhiKey: this.drPhiKey,
            drBackupKey: this.drBackupKey,
            primaryVault: this.primaryVault,
            drVault: this.drVault,
            backupPlan: this.backupPlan,
            backupSelection: this.backupSelection,
        });
    }
}

/** A trust policy for an AWS service, limited to this account when `sourceAccount` is given. */
function serviceTrust(
    service: string,
    sourceAccount?: pulumi.Input<string>,
): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: service },
                Action: "sts:AssumeRole",
                ...(sourceAccount === undefined
                    ? {}
                    : { Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } } }),
            },
        ],
    });
}

interface PrivateBucketOptions {
    readonly ctx: TagContext;
    readonly bucketName: string;
    readonly dataClass: DataClass;
    /** Key of the default encryption; without one, SSE-S3, for buckets AWS allows nothing else. */
    readonly kmsKeyArn?: pulumi.Input<string>;
    readonly deletionProtection: boolean;
    readonly lifecycleRule: aws.types.input.s3.BucketLifecycleConfigurationRule;
    /** Statements the bucket policy allows besides the TLS-only deny, given the bucket's ARN. */
    readonly grants?: (bucketArn: pulumi.Output<string>) => object[];
    /** Set for a bucket outside the parent's region. */
    readonly provider?: aws.Provider;
}

/** A private, versioned, encrypted, TLS-only bucket with a lifecycle rule, every part parented. */
function privateBucket(parent: pulumi.Resource, name: string, options: PrivateBucketOptions) {
    const opts = { parent, provider: options.provider };
    const bucket = new aws.s3.Bucket(
        name,
        {
            bucket: options.bucketName,
            forceDestroy: !options.deletionProtection,
            tags: complianceTags(options.ctx, options.bucketName, options.dataClass),
        },
        { ...opts, protect: options.deletionProtection },
    );
    const versioning = new aws.s3.BucketVersioning(
        `${name}-versioning`,
        { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
        opts,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-encryption`,
        {
            bucket: bucket.id,
            rules: [
                options.kmsKeyArn === undefined
                    ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
                    : {
                          applyServerSideEncryptionByDefault: {
                              sseAlgorithm: "aws:kms",
                              kmsMasterKeyId: options.kmsKeyArn,
                          },
                          bucketKeyEnabled: true,
                      },
            ],
        },
        opts,
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access-block`,
        {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        opts,
    );
    new aws.s3.BucketOwnershipControls(
        `${name}-ownership`,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        opts,
    );
    const policy = new aws.s3.BucketPolicy(
        `${name}-policy`,
        {
            bucket: bucket.id,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    ...(options.grants?.(bucket.arn) ?? []),
                    denyInsecureTransport(bucket.arn),
                ],
            }),
        },
        // S3 refuses concurrent changes to one bucket's access settings.
        { ...opts, dependsOn: [publicAccessBlock] },
    );
    new aws.s3.BucketLifecycleConfiguration(
        `${name}-lifecycle`,
        { bucket: bucket.id, rules: [options.lifecycleRule] },
        // Rules on noncurrent versions need versioning in place first.
        { ...opts, dependsOn: [versioning] },
    );
    return { bucket, versioning, policy };
}
