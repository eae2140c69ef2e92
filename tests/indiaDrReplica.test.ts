import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    checkIndiaDrReplicaArgs,
    IndiaDrReplica,
    IndiaDrReplicaArgs,
} from "../components/indiaDrReplica";
import { RecordedResource, RecordingEngine } from "../offline/engine";
import { record, TestProviders } from "../offline/harness";
import { OFFLINE_ACCOUNT_ID } from "../offline/identities";

const PHI_KEY = "arn:aws:kms:ap-south-1:111122223333:key/phi-key";
const CLUSTER = "arn:aws:rds:ap-south-1:111122223333:cluster:baymax-test-phi";
const CONVERSATIONS = "arn:aws:dynamodb:ap-south-1:111122223333:table/baymax-test-conversations";
const SESSIONS = "arn:aws:dynamodb:ap-south-1:111122223333:table/baymax-test-sessions";
const ROOT = `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:root`;

const args = (dr: TestProviders["dr"], overrides: Partial<IndiaDrReplicaArgs> = {}) => ({
    environment: "test",
    namePrefix: "baymax-test",
    drProvider: dr,
    phiKeyArn: PHI_KEY,
    backupRetentionDays: 35,
    drBackupRetentionDays: 90,
    protectedResourceArns: [CLUSTER, CONVERSATIONS, SESSIONS],
    ...overrides,
});

const TAGS = (name: string, dataClass: string) => ({
    Environment: "test",
    Compliance: "HIPAA",
    DataClass: dataClass,
    Service: "disaster-recovery",
    Name: name,
});

const BUCKET_PARTS = [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
];

const BUCKET_SUFFIXES = [
    "",
    "-versioning",
    "-encryption",
    "-public-access-block",
    "-ownership",
    "-policy",
    "-lifecycle",
];

const LOGGING = "aws:s3/bucketLogging:BucketLogging";

/** Children that must land in Hyderabad, by type and name; everything else stays in Mumbai. */
const DR_CHILDREN = [
    "aws:kms/key:Key dr-dr-phi-key",
    "aws:kms/alias:Alias dr-dr-phi-alias",
    "aws:kms/key:Key dr-dr-backup-key",
    "aws:kms/alias:Alias dr-dr-backup-alias",
    "aws:backup/vault:Vault dr-dr-vault",
    "aws:backup/vaultPolicy:VaultPolicy dr-dr-vault-policy",
    ...BUCKET_PARTS.map((type, i) => `${type} dr-attachments-dr${BUCKET_SUFFIXES[i]}`),
    ...BUCKET_PARTS.map((type, i) => `${type} dr-access-logs-dr${BUCKET_SUFFIXES[i]}`),
    `${LOGGING} dr-attachments-dr-logging`,
].sort();

describe("IndiaDrReplica", () => {
    let engine: RecordingEngine;
    let component: IndiaDrReplica;

    before(async () => {
        ({ engine, result: component } = await record(
            ({ primary, dr }) => new IndiaDrReplica("dr", args(dr), { provider: primary }),
        ));
    });

    const out = (type: string, name: string) => engine.one(type, name).wireOutputs!;
    const bucketArn = (name: string) => out("aws:s3/bucket:Bucket", name).arn as string;
    const keyArn = (name: string) => out("aws:kms/key:Key", name).arn as string;
    const roleArn = (name: string) => out("aws:iam/role:Role", name).arn as string;
    const children = () => {
        const self = engine.one("baymax:dr:IndiaDrReplica", "dr");
        return engine.resources.filter((r) => r.parent === self.urn);
    };
    const label = (r: RecordedResource) => `${r.type} ${r.name}`;

    it("creates every DR child in Hyderabad and every other child in Mumbai", () => {
        const all = children();
        // Keys, aliases, roles and backup: 16; two PHI and two log buckets of 7 parts; 2 loggings.
        assert.strictEqual(all.length, 46);
        assert.strictEqual(DR_CHILDREN.length, 21);
        const inHyderabad = all.filter((r) => engine.regionOf(r) === "ap-south-2").map(label);
        const inMumbai = all.filter((r) => engine.regionOf(r) === "ap-south-1");
        assert.deepStrictEqual(inHyderabad.sort(), DR_CHILDREN);
        assert.strictEqual(inMumbai.length, all.length - DR_CHILDREN.length);
        for (const child of all) {
            const viaDr = child.provider?.includes("::pulumi:providers:aws::dr::") ?? false;
            assert.strictEqual(viaDr, DR_CHILDREN.includes(label(child)), label(child));
        }
    });

    it("gives the DR keys rotation, a 30-day window, aliases and PHI tags", () => {
        for (const [role, description] of [
            ["dr-phi", "Encrypts the Hyderabad replica of medical attachments."],
            ["dr-backup", "Encrypts the Hyderabad copies of PHI backups."],
        ]) {
            const key = engine.one("aws:kms/key:Key", `dr-${role}-key`);
            assert.strictEqual(key.inputs.enableKeyRotation, true);
            assert.strictEqual(key.inputs.deletionWindowInDays, 30);
            assert.strictEqual(key.inputs.description, description);
            assert.deepStrictEqual(key.inputs.tags, TAGS(`baymax-test-${role}`, "PHI"));
            assert.strictEqual(key.options.protect, true);
            assert.strictEqual(keyArn(`dr-${role}-key`).split(":")[3], "ap-south-2");
            const alias = engine.one("aws:kms/alias:Alias", `dr-${role}-alias`);
            assert.deepStrictEqual(alias.inputs, {
                name: `alias/baymax-test-${role}`,
                targetKeyId: key.wireOutputs!.keyId,
            });
        }
    });

    it("keeps the account root on the DR PHI key and lets only replication use it, via S3", () => {
        const policy = JSON.parse(engine.one("aws:kms/key:Key", "dr-dr-phi-key").inputs.policy);
        assert.deepStrictEqual(policy, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "KeepAccountAdministration",
                    Effect: "Allow",
                    Principal: { AWS: ROOT },
                    Action: "kms:*",
                    Resource: "*",
                },
                {
                    Sid: "AllowReplicationThroughS3",
                    Effect: "Allow",
                    Principal: { AWS: roleArn("dr-replication-role") },
                    Action: ["kms:Encrypt", "kms:Decrypt"],
                    Resource: "*",
                    Condition: {
                        StringEquals: { "kms:ViaService": "s3.ap-south-2.amazonaws.com" },
                    },
                },
            ],
        });
    });

    it("keeps the account root on the DR backup key and lets the backup role copy into it", () => {
        const policy = JSON.parse(engine.one("aws:kms/key:Key", "dr-dr-backup-key").inputs.policy);
        const backupRole = roleArn("dr-backup-role");
        assert.deepStrictEqual(policy.Statement, [
            {
                Sid: "KeepAccountAdministration",
                Effect: "Allow",
                Principal: { AWS: ROOT },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "AllowBackupCopies",
                Effect: "Allow",
                Principal: { AWS: backupRole },
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
                            "backup.ap-south-2.amazonaws.com",
                            "rds.ap-south-2.amazonaws.com",
                        ],
                    },
                },
            },
            {
                Sid: "AllowBackupGrantsToAwsServices",
                Effect: "Allow",
                Principal: { AWS: backupRole },
                Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                Resource: "*",
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
        ]);
    });

    for (const [child, bucketName, region, key] of [
        ["dr-attachments", "baymax-test-medical-attachments", "ap-south-1", () => PHI_KEY],
        [
            "dr-attachments-dr",
            "baymax-test-medical-attachments-dr",
            "ap-south-2",
            () => keyArn("dr-dr-phi-key"),
        ],
    ] as const) {
        it(`protects ${bucketName}: versioned, KMS, private, owner-enforced, TLS-only`, () => {
            const bucket = engine.one("aws:s3/bucket:Bucket", child);
            assert.deepStrictEqual(bucket.inputs, {
                bucket: bucketName,
                forceDestroy: false,
                tags: TAGS(bucketName, "PHI"),
            });
            assert.strictEqual(bucket.options.protect, true);
            assert.strictEqual(engine.regionOf(bucket), region);
            const part = (type: string, suffix: string) => {
                const found = engine.one(type, `${child}-${suffix}`);
                assert.strictEqual(found.inputs.bucket, bucketName, found.name);
                assert.strictEqual(engine.regionOf(found), region, found.name);
                return found.inputs;
            };
            assert.deepStrictEqual(
                part("aws:s3/bucketVersioning:BucketVersioning", "versioning")
                    .versioningConfiguration,
                { status: "Enabled" },
            );
            assert.deepStrictEqual(
                part(BUCKET_PARTS[2], "encryption").rules,
                [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: key(),
                        },
                        bucketKeyEnabled: true,
                    },
                ],
            );
            assert.deepStrictEqual(part(BUCKET_PARTS[3], "public-access-block"), {
                bucket: bucketName,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            assert.deepStrictEqual(part(BUCKET_PARTS[4], "ownership").rule, {
                objectOwnership: "BucketOwnerEnforced",
            });
            const arn = `arn:aws:s3:::${bucketName}`;
            assert.strictEqual(bucketArn(child), arn);
            assert.deepStrictEqual(JSON.parse(part(BUCKET_PARTS[5], "policy").policy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [arn, `${arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            });
            const policy = engine.one(BUCKET_PARTS[5], `${child}-policy`);
            const block = engine.one(BUCKET_PARTS[3], `${child}-public-access-block`);
            assert.ok(policy.options.dependsOn.includes(block.urn), "policy waits for the block");
        });

        it(`keeps overwritten and deleted versions in ${bucketName} for six years`, () => {
            const lifecycle = engine.one(BUCKET_PARTS[6], `${child}-lifecycle`);
            assert.strictEqual(engine.regionOf(lifecycle), region);
            assert.deepStrictEqual(lifecycle.inputs, {
                bucket: bucketName,
                rules: [
                    {
                        id: "expire-noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays: 2192 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            });
            const versioning = engine.one(BUCKET_PARTS[1], `${child}-versioning`);
            assert.ok(lifecycle.options.dependsOn.includes(versioning.urn), "after versioning");
        });
    }

    for (const [child, bucketName, region, source] of [
        ["dr-access-logs", "baymax-test-s3-access-logs", "ap-south-1", "dr-attachments"],
        ["dr-access-logs-dr", "baymax-test-s3-access-logs-dr", "ap-south-2", "dr-attachments-dr"],
    ] as const) {
        it(`keeps ${bucketName} private, versioned, SSE-S3, TLS-only, in ${region}`, () => {
            const bucket = engine.one("aws:s3/bucket:Bucket", child);
            assert.deepStrictEqual(bucket.inputs, {
                bucket: bucketName,
                forceDestroy: false,
                tags: TAGS(bucketName, "Confidential"),
            });
            assert.strictEqual(bucket.options.protect, true);
            assert.strictEqual(engine.regionOf(bucket), region);
            const inputsOf = (type: string, suffix: string) => {
                const found = engine.one(type, `${child}-${suffix}`);
                assert.strictEqual(engine.regionOf(found), region, found.name);
                return found.inputs;
            };
            assert.deepStrictEqual(inputsOf(BUCKET_PARTS[1], "versioning"), {
                bucket: bucketName,
                versioningConfiguration: { status: "Enabled" },
            });
            assert.deepStrictEqual(inputsOf(BUCKET_PARTS[2], "encryption"), {
                bucket: bucketName,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            });
            assert.deepStrictEqual(inputsOf(BUCKET_PARTS[3], "public-access-block"), {
                bucket: bucketName,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            assert.deepStrictEqual(inputsOf(BUCKET_PARTS[4], "ownership"), {
                bucket: bucketName,
                rule: { objectOwnership: "BucketOwnerEnforced" },
            });
            assert.deepStrictEqual(inputsOf(BUCKET_PARTS[6], "lifecycle"), {
                bucket: bucketName,
                rules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: 2192 },
                        noncurrentVersionExpiration: { noncurrentDays: 30 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            });
        });

        it(`lets only S3 logging of ${source} write into ${bucketName}`, () => {
            const arn = `arn:aws:s3:::${bucketName}`;
            assert.strictEqual(bucketArn(child), arn);
            const sourceArn = bucketArn(source);
            assert.match(sourceArn, /^arn:aws:s3:::baymax-test-medical-attachments(-dr)?$/);
            const policy = engine.one(BUCKET_PARTS[5], `${child}-policy`);
            assert.strictEqual(policy.inputs.bucket, bucketName);
            assert.strictEqual(engine.regionOf(policy), region);
            assert.deepStrictEqual(JSON.parse(policy.inputs.policy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AllowServerAccessLogDelivery",
                        Effect: "Allow",
                        Principal: { Service: "logging.s3.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: `${arn}/medical-attachments/*`,
                        Condition: {
                            ArnLike: { "aws:SourceArn": sourceArn },
                            StringEquals: { "aws:SourceAccount": OFFLINE_ACCOUNT_ID },
                        },
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [arn, `${arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            });
        });

        it(`logs every request to ${source} into ${bucketName}, in the same region`, () => {
            const logging = engine.one(LOGGING, `${source}-logging`);
            assert.strictEqual(engine.regionOf(logging), region);
            assert.strictEqual(engine.regionOf(engine.one("aws:s3/bucket:Bucket", source)), region);
            assert.deepStrictEqual(logging.inputs, {
                bucket: out("aws:s3/bucket:Bucket", source).bucket,
                targetBucket: engine.one("aws:s3/bucket:Bucket", child).id,
                targetPrefix: "medical-attachments/",
            });
            assert.strictEqual(logging.inputs.targetBucket, bucketName);
            const policy = engine.one(BUCKET_PARTS[5], `${child}-policy`);
            assert.ok(logging.options.dependsOn.includes(policy.urn), "after the policy");
        });
    }

    it("logs both attachments buckets and no other bucket", () => {
        assert.deepStrictEqual(
            engine.ofType(LOGGING).map((l) => [l.inputs.bucket, l.inputs.targetBucket]),
            [
                ["baymax-test-medical-attachments", "baymax-test-s3-access-logs"],
                ["baymax-test-medical-attachments-dr", "baymax-test-s3-access-logs-dr"],
            ],
        );
    });

    it("keeps access logs for an explicit number of days in both regions", async () => {
        const { engine: custom } = await record(
            ({ primary, dr }) =>
                new IndiaDrReplica("dr", args(dr, { accessLogRetentionDays: 400 }), {
                    provider: primary,
                }),
        );
        for (const child of ["dr-access-logs", "dr-access-logs-dr"]) {
            const lifecycle = custom.one(BUCKET_PARTS[6], `${child}-lifecycle`);
            assert.deepStrictEqual(lifecycle.inputs.rules[0].expiration, { days: 400 }, child);
        }
        const phi = custom.one(BUCKET_PARTS[6], "dr-attachments-lifecycle");
        assert.deepStrictEqual(phi.inputs.rules[0].noncurrentVersionExpiration, {
            noncurrentDays: 2192,
        });
    });

    it("replicates the attachments prefix to Hyderabad under the DR key, never deletes", () => {
        const replication = engine.one(
            "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            "dr-replication",
        );
        assert.strictEqual(engine.regionOf(replication), "ap-south-1");
        assert.deepStrictEqual(replication.inputs, {
            bucket: "baymax-test-medical-attachments",
            role: roleArn("dr-replication-role"),
            rules: [
                {
                    id: "medical-attachments-to-hyderabad",
                    status: "Enabled",
                    priority: 1,
                    filter: { prefix: "medical-attachments/" },
                    deleteMarkerReplication: { status: "Disabled" },
                    sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                    destination: {
                        bucket: "arn:aws:s3:::baymax-test-medical-attachments-dr",
                        storageClass: "STANDARD_IA",
                        encryptionConfiguration: { replicaKmsKeyId: keyArn("dr-dr-phi-key") },
                    },
                },
            ],
        });
        const urnOf = (type: string, name: string) => engine.one(type, name).urn;
        for (const [type, name] of [
            [BUCKET_PARTS[1], "dr-attachments-versioning"],
            [BUCKET_PARTS[1], "dr-attachments-dr-versioning"],
            ["aws:iam/rolePolicy:RolePolicy", "dr-replication-policy"],
        ]) {
            assert.ok(replication.options.dependsOn.includes(urnOf(type, name)), name);
        }
    });

    it("lets only S3 of this account assume the replication role", () => {
        const role = engine.one("aws:iam/role:Role", "dr-replication-role");
        assert.strictEqual(role.inputs.name, "baymax-test-attachments-replication");
        assert.deepStrictEqual(
            role.inputs.tags,
            TAGS("baymax-test-attachments-replication", "Internal"),
        );
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy), {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "s3.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": OFFLINE_ACCOUNT_ID } },
                },
            ],
        });
    });

    it("grants the replication role exactly the reads, writes and key uses it needs", () => {
        const policy = engine.one("aws:iam/rolePolicy:RolePolicy", "dr-replication-policy");
        assert.strictEqual(policy.inputs.role, "baymax-test-attachments-replication");
        const source = "arn:aws:s3:::baymax-test-medical-attachments";
        const replica = "arn:aws:s3:::baymax-test-medical-attachments-dr";
        assert.deepStrictEqual(JSON.parse(policy.inputs.policy).Statement, [
            {
                Sid: "ReadReplicationConfiguration",
                Effect: "Allow",
                Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
                Resource: source,
            },
            {
                Sid: "ReadSourceVersions",
                Effect: "Allow",
                Action: [
                    "s3:GetObjectVersionForReplication",
                    "s3:GetObjectVersionAcl",
                    "s3:GetObjectVersionTagging",
                ],
                Resource: `${source}/medical-attachments/*`,
            },
            {
                Sid: "WriteReplicas",
                Effect: "Allow",
                Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                Resource: `${replica}/medical-attachments/*`,
            },
            {
                Sid: "DecryptSourceObjects",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: PHI_KEY,
                Condition: {
                    StringEquals: { "kms:ViaService": "s3.ap-south-1.amazonaws.com" },
                    StringLike: {
                        "kms:EncryptionContext:aws:s3:arn": [
                            source,
                            `${source}/medical-attachments/*`,
                        ],
                    },
                },
            },
            {
                Sid: "EncryptReplicas",
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:Decrypt"],
                Resource: keyArn("dr-dr-phi-key"),
                Condition: {
                    StringEquals: { "kms:ViaService": "s3.ap-south-2.amazonaws.com" },
                    StringLike: {
                        "kms:EncryptionContext:aws:s3:arn": [
                            replica,
                            `${replica}/medical-attachments/*`,
                        ],
                    },
                },
            },
        ]);
    });

    it("keeps a vault in each region, under the PHI key and the DR backup key", () => {
        const primary = engine.one("aws:backup/vault:Vault", "dr-primary-vault");
        assert.deepStrictEqual(primary.inputs, {
            name: "baymax-test-phi-backups",
            kmsKeyArn: PHI_KEY,
            forceDestroy: false,
            tags: TAGS("baymax-test-phi-backups", "PHI"),
        });
        assert.strictEqual(engine.regionOf(primary), "ap-south-1");
        const drVault = engine.one("aws:backup/vault:Vault", "dr-dr-vault");
        assert.deepStrictEqual(drVault.inputs, {
            name: "baymax-test-phi-backups-dr",
            kmsKeyArn: keyArn("dr-dr-backup-key"),
            forceDestroy: false,
            tags: TAGS("baymax-test-phi-backups-dr", "PHI"),
        });
        assert.strictEqual(
            drVault.wireOutputs!.arn,
            `arn:aws:backup:ap-south-2:${OFFLINE_ACCOUNT_ID}:backup-vault:` +
                "baymax-test-phi-backups-dr",
        );
        assert.strictEqual(primary.options.protect && drVault.options.protect, true);
    });

    it("denies everyone deleting recovery points or replacing the policy, in both vaults", () => {
        for (const [name, region] of [
            ["dr-primary-vault", "ap-south-1"],
            ["dr-dr-vault", "ap-south-2"],
        ]) {
            const vault = engine.one("aws:backup/vault:Vault", name);
            const policy = engine.one("aws:backup/vaultPolicy:VaultPolicy", `${name}-policy`);
            assert.strictEqual(policy.inputs.backupVaultName, vault.inputs.name);
            assert.strictEqual(engine.regionOf(policy), region);
            assert.deepStrictEqual(JSON.parse(policy.inputs.policy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyRecoveryPointDeletion",
                        Effect: "Deny",
                        Principal: "*",
                        Action: [
                            "backup:DeleteRecoveryPoint",
                            "backup:UpdateRecoveryPointLifecycle",
                            "backup:PutBackupVaultAccessPolicy",
                        ],
                        Resource: "*",
                    },
                ],
            });
        }
    });

    it("backs up daily at 02:00 UTC and copies each recovery point to the Hyderabad vault", () => {
        const plan = engine.one("aws:backup/plan:Plan", "dr-backup-plan");
        assert.deepStrictEqual(plan.inputs, {
            name: "baymax-test-phi-daily",
            rules: [
                {
                    ruleName: "daily-phi",
                    targetVaultName: "baymax-test-phi-backups",
                    schedule: "cron(0 2 * * ? *)",
                    scheduleExpressionTimezone: "Etc/UTC",
                    startWindow: 60,
                    completionWindow: 180,
                    lifecycle: { deleteAfter: 35 },
                    copyActions: [
                        {
                            destinationVaultArn: out("aws:backup/vault:Vault", "dr-dr-vault").arn,
                            lifecycle: { deleteAfter: 90 },
                        },
                    ],
                    recoveryPointTags: TAGS("baymax-test-phi-backup", "PHI"),
                },
            ],
            tags: TAGS("baymax-test-phi-daily", "Internal"),
        });
    });

    it("selects the protected resources with a role AWS Backup can assume", () => {
        const selection = engine.one("aws:backup/selection:Selection", "dr-backup-selection");
        assert.deepStrictEqual(selection.inputs, {
            name: "baymax-test-phi-stores",
            planId: engine.one("aws:backup/plan:Plan", "dr-backup-plan").id,
            iamRoleArn: roleArn("dr-backup-role"),
            resources: [CLUSTER, CONVERSATIONS, SESSIONS],
        });
        const attachments = engine.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
        const managed = "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyFor";
        assert.deepStrictEqual(
            attachments.map((a) => a.inputs).sort((a, b) => a.policyArn.localeCompare(b.policyArn)),
            [
                { role: "baymax-test-phi-backup", policyArn: `${managed}Backup` },
                { role: "baymax-test-phi-backup", policyArn: `${managed}Restores` },
            ],
        );
        for (const attachment of attachments) {
            assert.ok(selection.options.dependsOn.includes(attachment.urn), attachment.name);
        }
        const role = engine.one("aws:iam/role:Role", "dr-backup-role");
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement, [
            {
                Effect: "Allow",
                Principal: { Service: "backup.amazonaws.com" },
                Action: "sts:AssumeRole",
            },
        ]);
    });

    it("exposes the resources it created", async () => {
        const value = <T>(output: pulumi.Output<T>) =>
            new Promise<T>((resolve) => output.apply(resolve));
        assert.deepStrictEqual(
            await Promise.all([
                value(component.attachmentsBucket.bucket),
                value(component.drBucket.bucket),
                value(component.accessLogBucket.bucket),
                value(component.drAccessLogBucket.arn),
                value(component.replication.id),
                value(component.drPhiKey.arn),
                value(component.drBackupKey.arn),
                value(component.primaryVault.name),
                value(component.drVault.arn),
                value(component.backupPlan.id),
                value(component.backupSelection.id),
            ]),
            [
                "baymax-test-medical-attachments",
                "baymax-test-medical-attachments-dr",
                "baymax-test-s3-access-logs",
                bucketArn("dr-access-logs-dr"),
                engine.one(
                    "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                    "dr-replication",
                ).id,
                keyArn("dr-dr-phi-key"),
                keyArn("dr-dr-backup-key"),
                "baymax-test-phi-backups",
                out("aws:backup/vault:Vault", "dr-dr-vault").arn,
                engine.one("aws:backup/plan:Plan", "dr-backup-plan").id,
                engine.one("aws:backup/selection:Selection", "dr-backup-selection").id,
            ],
        );
    });

    it("takes no database snapshot of its own and puts no timestamp in any name", () => {
        const all = children();
        assert.deepStrictEqual(
            all.filter((r) => /snapshot/i.test(r.type)).map(label),
            [],
        );
        const timestamp = /\d{8}|\d{4}-\d{2}-\d{2}|\d{2}:\d{2}|\d{10,}/;
        for (const r of all) {
            const names = [r.name, r.inputs.name, r.inputs.bucket, r.inputs.ruleName];
            for (const value of names.filter((v) => typeof v === "string")) {
                assert.doesNotMatch(value, timestamp, label(r));
            }
        }
    });

    it("without deletion protection lets buckets and vaults be emptied and removed", async () => {
        const { engine: open } = await record(
            ({ primary, dr }) =>
                new IndiaDrReplica("dr", args(dr, { deletionProtection: false }), {
                    provider: primary,
                }),
        );
        const guarded = [
            ...open.ofType("aws:s3/bucket:Bucket"),
            ...open.ofType("aws:backup/vault:Vault"),
        ];
        assert.strictEqual(guarded.length, 6);
        for (const r of guarded) {
            assert.strictEqual(r.inputs.forceDestroy, true, r.name);
            assert.strictEqual(r.options.protect, false, r.name);
        }
        for (const key of open.ofType("aws:kms/key:Key")) {
            assert.strictEqual(key.options.protect, false, key.name);
        }
        assert.deepStrictEqual(open.ofType("aws:backup/vaultPolicy:VaultPolicy"), []);
    });
});

describe("IndiaDrReplica argument checks", () => {
    const base = { ...args(undefined as never) };
    const failure = (overrides: Partial<IndiaDrReplicaArgs>) => {
        try {
            checkIndiaDrReplicaArgs({ ...base, ...overrides });
        } catch (err) {
            assert.ok(pulumi.InputPropertyError.isInstance(err));
            return { propertyPath: err.propertyPath, message: err.message };
        }
        assert.fail("expected the arguments to be refused");
    };

    it("accepts the fixture, with or without an explicit Hyderabad region", () => {
        assert.doesNotThrow(() => checkIndiaDrReplicaArgs(base));
        assert.doesNotThrow(() => checkIndiaDrReplicaArgs({ ...base, drRegion: "ap-south-2" }));
    });

    it("refuses a DR region outside India or equal to the primary", () => {
        for (const drRegion of ["ap-southeast-1", "ap-south-1"]) {
            assert.deepStrictEqual(failure({ drRegion }), {
                propertyPath: "drRegion",
                message:
                    `drRegion is "${drRegion}"; PHI must stay in India and Mumbai holds the ` +
                    'primary copy, so allowed: "ap-south-2". ' +
                    "Set drRegion to one of them or leave it unset.",
            });
        }
    });

    it("refuses retention outside 7 to 3650 whole days", () => {
        assert.deepStrictEqual(failure({ backupRetentionDays: 6 }), {
            propertyPath: "backupRetentionDays",
            message:
                "backupRetentionDays is 6; allowed: a whole number of days from 7 to 3650. " +
                "Set it to how long recovery points must be kept.",
        });
        assert.deepStrictEqual(failure({ drBackupRetentionDays: 3651 }), {
            propertyPath: "drBackupRetentionDays",
            message:
                "drBackupRetentionDays is 3651; allowed: a whole number of days from 7 to 3650. " +
                "Set it to how long recovery points must be kept.",
        });
        assert.strictEqual(
            failure({ drBackupRetentionDays: 30.5 }).propertyPath,
            "drBackupRetentionDays",
        );
    });

    it("refuses an access-log retention that is not a whole number of days from 1", () => {
        for (const accessLogRetentionDays of [0, -5, 30.5]) {
            assert.deepStrictEqual(failure({ accessLogRetentionDays }), {
                propertyPath: "accessLogRetentionDays",
                message:
                    `accessLogRetentionDays is ${accessLogRetentionDays}; allowed: a whole ` +
                    "number of days, at least 1. Set it to how long S3 access logs must be " +
                    "kept, or leave it unset for 2192.",
            });
        }
        assert.doesNotThrow(() => checkIndiaDrReplicaArgs({ ...base, accessLogRetentionDays: 1 }));
    });

    it("refuses an empty list of resources to protect", () => {
        assert.deepStrictEqual(failure({ protectedResourceArns: [] }), {
            propertyPath: "protectedResourceArns",
            message:
                "protectedResourceArns is empty; the backup plan would protect nothing. " +
                "Pass the Aurora cluster ARN and the DynamoDB table ARNs.",
        });
    });

    it("refuses before registering anything", async () => {
        const { engine, result } = await record(({ primary, dr }) => {
            try {
                new IndiaDrReplica("dr", args(dr, { drRegion: "eu-west-1" }), {
                    provider: primary,
                });
            } catch (err) {
                return err as Error;
            }
            return undefined;
        });
        assert.strictEqual(result?.message.startsWith('drRegion is "eu-west-1";'), true);
        assert.deepStrictEqual(
            engine.resources.filter((r) => !r.type.startsWith("pulumi:providers:")),
            [],
        );
    });
});
