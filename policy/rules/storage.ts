// S3 buckets that hold PHI or its logs: TLS-only, private, versioned, logged, and the PHI ones
// replicated to Hyderabad under a Hyderabad key. A bucket's settings are resources of their own
// joined to it through their `bucket` input, so most rules here judge the whole stack. A few
// buckets of a correct design trip a rule as written; they are exempt by name, with the reason,
// in pack config, never skipped silently.
import {
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { DR_REGIONS, INDIA_REGIONS, S3_KMS_ALGORITHMS } from "../awsFacts";
import { HipaaSection } from "../hipaa";
import { isPublicPrincipal, listOf, statementLabel, statementsOf } from "./documents";
import { ofType, regionOf } from "./references";
import {
    isSet,
    knownString,
    matchesGlob,
    oneOf,
    regionListProperty,
    resourceRule,
    stackRule,
} from "./support";

/** @pulumi/aws v7 S3 type tokens; the deprecated V2 aliases create the same AWS objects. */
export const S3_TYPES = {
    bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    acl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:" +
            "BucketServerSideEncryptionConfigurationV2",
    ],
    lifecycle: [
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    ],
    logging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
    ownership: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
    policy: ["aws:s3/bucketPolicy:BucketPolicy"],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    replication: ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"],
    versioning: [
        "aws:s3/bucketVersioning:BucketVersioning",
        "aws:s3/bucketVersioningV2:BucketVersioningV2",
    ],
} as const;

/** Canned ACLs that open a bucket or its objects beyond the owning account. */
export const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];

/** ACL grantee groups that stand for everyone, or every AWS account. */
export const PUBLIC_ACL_GROUPS = [
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

/**
 * Condition keys that tie a statement for Principal "*" to this account, an organization, a
 * network path or a source resource, so that the statement is not public.
 */
export const RESTRICTING_CONDITION_KEYS = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
];

/** The S3 Block Public Access settings, all of which must be on. */
export const PUBLIC_ACCESS_BLOCK_FLAGS = [
    "blockPublicAcls",
    "blockPublicPolicy",
    "ignorePublicAcls",
    "restrictPublicBuckets",
] as const;

/** The only object ownership setting under which S3 ignores ACLs. */
export const BUCKET_OWNER_ENFORCED = "BucketOwnerEnforced";

/** A bucket a policy does not judge, by a glob on its physical name, and why. */
export interface BucketExemption {
    readonly name: string;
    readonly reason: string;
}

/** Buckets that receive logs: logging their own access would log each delivery without end. */
export const LOG_BUCKET_EXEMPTIONS: readonly BucketExemption[] = [
    {
        name: "*-alb-access-logs*",
        reason:
            "Receives only Elastic Load Balancing's access-log deliveries; logging its own " +
            "access would add a log of every log delivery, kept as long as the logs themselves.",
    },
    {
        name: "*-s3-access-logs*",
        reason:
            "Is the target of the S3 server access logs; logging its own access would log " +
            "every delivery of those logs, without end.",
    },
];

/** The Hyderabad replica holds the DR copy itself; it is replicated to, never from. */
export const REPLICA_BUCKET_EXEMPTIONS: readonly BucketExemption[] = [
    {
        name: "*-medical-attachments-dr",
        reason:
            "Is the Hyderabad replica of the medical attachments, the disaster-recovery copy " +
            "itself; replicating it again would only move PHI a third time.",
    },
];

function exemptionSchema(defaults: readonly BucketExemption[], rule: string): PolicyConfigSchema {
    return {
        properties: {
            exemptBuckets: {
                type: "array",
                items: {
                    type: "object",
                    properties: {
                        name: { type: "string", minLength: 1 },
                        reason: { type: "string", minLength: 1 },
                    },
                    required: ["name", "reason"],
                    additionalProperties: false,
                },
                default: defaults.map((e) => ({ ...e })),
                description:
                    `Buckets that need no ${rule}, each a glob on the bucket's physical name ` +
                    "(`*` for any run of characters) with the reason the design needs it.",
            },
        },
    };
}

function exemptions(
    args: StackValidationArgs,
    defaults: readonly BucketExemption[],
): readonly BucketExemption[] {
    return args.getConfig<{ exemptBuckets?: BucketExemption[] }>().exemptBuckets ?? defaults;
}

function isExempt(bucket: PolicyResource, exempt: readonly BucketExemption[]): boolean {
    const name = knownString(bucket.props, "bucket");
    return name !== undefined && exempt.some((e) => matchesGlob(name, e.name));
}

/** The ARN of a bucket by its name; S3 bucket ARNs carry no region or account. */
function arnOf(bucketName: string): string {
    return `arn:aws:s3:::${bucketName}`;
}

/** The names a per-bucket resource may give its bucket by: the physical name, which is its id. */
function namesOf(bucket: PolicyResource): string[] {
    return [knownString(bucket.props, "bucket"), knownString(bucket.props, "id")].filter(
        (n): n is string => n !== undefined,
    );
}

/**
 * Whether a bucket setting (policy, versioning, logging...) belongs to the bucket: by the
 * dependency of its `bucket` input, else by a name known at preview. Raw values are compared, so a
 * bucket name computed at deployment does not abort the whole stack check.
 */
function isFor(setting: PolicyResource, bucket: PolicyResource): boolean {
    const deps = setting.propertyDependencies["bucket"] ?? [];
    if (deps.length > 0) return deps.some((d) => d.urn === bucket.urn);
    const named = knownString(setting.props, "bucket");
    return named !== undefined && namesOf(bucket).includes(named);
}

/** The bucket a setting belongs to, among the stack's buckets. */
function bucketOf(setting: PolicyResource, buckets: PolicyResource[]): PolicyResource | undefined {
    return buckets.find((b) => isFor(setting, b));
}

/** The buckets of the stack, or not applicable when there are none. */
function bucketsOf(args: StackValidationArgs): PolicyResource[] {
    const buckets = ofType(args.resources, ...S3_TYPES.bucket);
    if (buckets.length === 0) args.notApplicable("The stack has no S3 buckets");
    return buckets;
}

const TLS_SECTIONS: HipaaSection[] = [
    "164.312(a)(2)(iv)",
    "164.312(c)(2)",
    "164.312(e)(1)",
    "164.312(e)(2)(i)",
    "164.312(e)(2)(ii)",
];

const PUBLIC_SECTIONS: HipaaSection[] = [
    "164.308(a)(3)(i)",
    "164.308(a)(4)(ii)(A)",
    "164.308(a)(4)(ii)(C)",
    "164.312(a)(1)",
    "164.312(e)(1)",
];

const BACKUP_SECTIONS: HipaaSection[] = [
    "164.308(a)(7)(i)",
    "164.308(a)(7)(ii)(A)",
    "164.308(a)(7)(ii)(B)",
];

/** Whether a statement denies every S3 request over plain HTTP to the bucket and its objects. */
function deniesPlainHttp(statement: unknown, bucketArn: string | undefined): boolean {
    const s = statement as {
        Effect?: unknown;
        Principal?: unknown;
        Action?: unknown;
        Resource?: unknown;
        Condition?: { Bool?: Record<string, unknown> };
    };
    if (s.Effect !== "Deny" || !isPublicPrincipal(s.Principal)) return false;
    if (!listOf(s.Action).some((a) => a === "*" || a === "s3:*")) return false;
    const secure = s.Condition?.Bool?.["aws:SecureTransport"];
    if (secure !== false && !listOf(secure).includes("false")) return false;
    const resources = listOf(s.Resource);
    if (resources.includes("*")) return true;
    if (bucketArn === undefined) return resources.some((r) => r.endsWith("/*"));
    return resources.includes(bucketArn) && resources.includes(`${bucketArn}/*`);
}

const sslRequestsOnly = stackRule({
    name: "s3-bucket-ssl-requests-only",
    requires:
        "Every S3 bucket has a bucket policy that denies all requests made without TLS to the " +
        "bucket and its objects",
    sections: TLS_SECTIONS,
    fix:
        'Add to the bucket\'s BucketPolicy a statement denying "s3:*" to Principal "*" on the ' +
        'bucket ARN and "<bucket ARN>/*" when aws:SecureTransport is "false" ' +
        "(denyInsecureTransport in components/indiaDrReplica.ts builds it).",
    baseline: "cdk-nag S3BucketSSLRequestsOnly; AWS Config s3-bucket-ssl-requests-only",
    validate: (args, report) => {
        const buckets = bucketsOf(args);
        const policies = ofType(args.resources, ...S3_TYPES.policy);
        for (const bucket of buckets) {
            const name = knownString(bucket.props, "bucket");
            const arn = knownString(bucket.props, "arn") ?? (name && arnOf(name));
            const documents = policies.filter((p) => isFor(p, bucket)).map((p) => p.props.policy);
            if (isSet(bucket.props, "policy")) documents.push(bucket.props.policy);
            const enforced = documents.some((document) =>
                (statementsOf(document) ?? []).some((s) => deniesPlainHttp(s, arn)),
            );
            if (!enforced) {
                report(
                    `S3 bucket "${bucket.name}" accepts requests without TLS: give its bucket ` +
                        'policy a statement that denies "s3:*" to Principal "*" on the bucket ' +
                        'and its objects when aws:SecureTransport is "false".',
                    bucket.urn,
                );
            }
        }
    },
});

const accessLogging = stackRule({
    name: "s3-bucket-access-logging-enabled",
    requires:
        "Every S3 bucket except the log buckets exempted in config writes server access logs " +
        "to a log bucket",
    sections: ["164.308(a)(3)(ii)(A)", "164.312(b)"],
    configSchema: exemptionSchema(LOG_BUCKET_EXEMPTIONS, "server access logging"),
    fix:
        "Add an aws.s3.BucketLogging for the bucket with targetBucket set to a log bucket in " +
        "the same region and a targetPrefix.",
    baseline: "cdk-nag S3BucketLoggingEnabled; AWS Config s3-bucket-logging-enabled",
    validate: (args, report) => {
        const buckets = bucketsOf(args);
        const exempt = exemptions(args, LOG_BUCKET_EXEMPTIONS);
        const loggings = ofType(args.resources, ...S3_TYPES.logging);
        for (const bucket of buckets.filter((b) => !isExempt(b, exempt))) {
            const logged =
                loggings.some((l) => isFor(l, bucket) && isSet(l.props, "targetBucket")) ||
                isSet(bucket.props.logging ?? undefined, "targetBucket");
            if (!logged) {
                report(
                    `S3 bucket "${bucket.name}" writes no server access logs: add a ` +
                        "BucketLogging with targetBucket set to a log bucket in its region.",
                    bucket.urn,
                );
            }
        }
    },
});

const versioningEnabled = stackRule({
    name: "s3-bucket-versioning-enabled",
    requires:
        "Every S3 bucket keeps object versions, so an overwritten or deleted object can be " +
        "recovered and replication can run",
    sections: [...BACKUP_SECTIONS, "164.312(c)(1)", "164.312(c)(2)"],
    fix: 'Add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled".',
    baseline: "cdk-nag S3BucketVersioningEnabled; AWS Config s3-bucket-versioning-enabled",
    validate: (args, report) => {
        const buckets = bucketsOf(args);
        const versionings = ofType(args.resources, ...S3_TYPES.versioning);
        for (const bucket of buckets) {
            if (bucket.props.versioning?.enabled === true) continue;
            const own = versionings.filter((v) => isFor(v, bucket));
            const statuses = own.map((v) => v.props.versioningConfiguration?.status);
            if (statuses.includes("Enabled")) continue;
            const status = own.length > 0 ? ` (status "${statuses[0]}" in "${own[0].name}")` : "";
            report(
                `S3 bucket "${bucket.name}" does not keep object versions${status}: add a ` +
                    'BucketVersioning with versioningConfiguration.status "Enabled".',
                bucket.urn,
            );
        }
    },
});

const replicationEnabled = stackRule({
    name: "s3-bucket-replication-enabled",
    requires:
        'Every S3 bucket tagged DataClass "PHI", except the replicas exempted in config, ' +
        "replicates its objects to another region with an enabled BucketReplicationConfig rule",
    sections: BACKUP_SECTIONS,
    configSchema: exemptionSchema(REPLICA_BUCKET_EXEMPTIONS, "replication of their own"),
    fix:
        "Add an aws.s3.BucketReplicationConfig for the bucket with an enabled rule whose " +
        "destination is a versioned bucket of this stack in the DR region (IndiaDrReplica).",
    baseline: "cdk-nag S3BucketReplicationEnabled; AWS Config s3-bucket-replication-enabled",
    validate: (args, report) => {
        const buckets = bucketsOf(args);
        const exempt = exemptions(args, REPLICA_BUCKET_EXEMPTIONS);
        const replications = ofType(args.resources, ...S3_TYPES.replication);
        const phi = buckets.filter((b) => knownString(b.props.tags, "DataClass") === "PHI");
        for (const bucket of phi.filter((b) => !isExempt(b, exempt))) {
            const own = replications.filter((r) => isFor(r, bucket));
            const rules: { status?: string }[] = own.flatMap((r) => r.props.rules ?? []);
            if (rules.some((rule) => rule.status === "Enabled")) continue;
            report(
                own.length === 0
                    ? `S3 bucket "${bucket.name}" holds PHI but has no copy in another region: ` +
                          "add a BucketReplicationConfig with an enabled rule to a bucket in " +
                          "the DR region."
                    : `S3 bucket "${bucket.name}" holds PHI but no rule of "${own[0].name}" is ` +
                          'enabled: set rules[].status to "Enabled".',
                bucket.urn,
            );
        }
    },
});

/** Whether the bucket's default encryption uses a KMS key, by its encryption configuration. */
function usesKms(bucket: PolicyResource, resources: PolicyResource[]): boolean {
    const configs = ofType(resources, ...S3_TYPES.encryption).filter((c) => isFor(c, bucket));
    const algorithms = configs.flatMap((c) =>
        (c.props.rules ?? []).map(
            (rule: { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } }) =>
                rule.applyServerSideEncryptionByDefault?.sseAlgorithm,
        ),
    );
    return algorithms.some((a) => (S3_KMS_ALGORITHMS as readonly unknown[]).includes(a));
}

interface ReplicationRule {
    id?: string;
    status?: string;
    sourceSelectionCriteria?: { sseKmsEncryptedObjects?: { status?: string } };
    destination?: { bucket?: string; encryptionConfiguration?: { replicaKmsKeyId?: string } };
}

function ruleLabel(rule: ReplicationRule, index: number): string {
    const id = knownString(rule, "id");
    return id === undefined ? `rule ${index}` : `rule ${index} ("${id}")`;
}

const kmsObjectsReplicated = stackRule({
    name: "s3-replication-kms-objects-replicated",
    requires:
        "The replication of a bucket that encrypts objects with KMS selects SSE-KMS objects " +
        "and encrypts their replicas with a KMS key, in every rule",
    sections: [...BACKUP_SECTIONS, "164.312(a)(2)(iv)"],
    fix:
        'Set each rule\'s sourceSelectionCriteria.sseKmsEncryptedObjects.status to "Enabled" ' +
        "and destination.encryptionConfiguration.replicaKmsKeyId to the DR region's PHI key.",
    baseline: "Baymax",
    validate: (args, report) => {
        const buckets = bucketsOf(args);
        const replications = ofType(args.resources, ...S3_TYPES.replication);
        if (replications.length === 0) args.notApplicable("The stack replicates no S3 bucket");
        for (const replication of replications) {
            const source = bucketOf(replication, buckets);
            if (source === undefined || !usesKms(source, args.resources)) continue;
            const what = `S3 replication "${replication.name}"`;
            const rules: ReplicationRule[] = replication.props.rules ?? [];
            rules.forEach((rule, i) => {
                const rule_ = ruleLabel(rule, i);
                if (rule.sourceSelectionCriteria?.sseKmsEncryptedObjects?.status !== "Enabled") {
                    report(
                        `${what} ${rule_} skips objects encrypted with KMS, which is every ` +
                            `object of bucket "${source.name}": set ` +
                            'sourceSelectionCriteria.sseKmsEncryptedObjects.status to "Enabled".',
                        replication.urn,
                    );
                }
                if (!isSet(rule.destination?.encryptionConfiguration, "replicaKmsKeyId")) {
                    report(
                        `${what} ${rule_} gives replicas of KMS-encrypted objects no key: set ` +
                            "destination.encryptionConfiguration.replicaKmsKeyId to a " +
                            "customer-managed KMS key in the destination's region.",
                        replication.urn,
                    );
                }
            });
        }
    },
});

interface DrRegionConfig {
    drRegions: string[];
}

/**
 * Reads a property through the SDK's unknown-checking proxy, for a rule that cannot judge without
 * it: when the value is known only after deployment, the SDK reports that the policy cannot run
 * during preview instead of the policy passing silently.
 */
function throwIfUnknown(proxied: object | undefined, key: string): void {
    void (proxied as Record<string, unknown> | undefined)?.[key];
}

/** The one resource of the types among what a replication rule's inputs depend on, if one. */
function ruleDependency(
    replication: PolicyResource,
    types: readonly string[],
    except?: PolicyResource,
): PolicyResource | undefined {
    const deps = (replication.propertyDependencies["rules"] ?? []).filter(
        (d) => types.includes(d.type) && d.urn !== except?.urn,
    );
    return deps.length === 1 ? deps[0] : undefined;
}

const replicaInIndia = stackRule({
    name: "s3-replication-destination-india",
    requires:
        "S3 replication copies PHI only to a bucket of this stack in India and encrypts the " +
        "replicas with a key in an allowed DR region, the destination bucket's own region",
    sections: ["164.308(a)(1)(ii)(B)", "164.308(a)(7)(ii)(B)", "164.308(b)(1)"],
    configSchema: {
        properties: {
            drRegions: regionListProperty(
                DR_REGIONS,
                "Regions where replica keys, and so the DR copies of PHI, may be.",
            ),
        },
    },
    fix:
        "Replicate to a bucket this stack creates through the Hyderabad provider and set " +
        "replicaKmsKeyId to the ARN of a key created there (IndiaDrReplica does both).",
    baseline: "Baymax",
    validate: (args, report) => {
        const buckets = bucketsOf(args);
        const replications = ofType(args.resources, ...S3_TYPES.replication);
        if (replications.length === 0) args.notApplicable("The stack replicates no S3 bucket");
        const config = args.getConfig<Partial<DrRegionConfig>>();
        const drRegions = config.drRegions ?? [...DR_REGIONS];
        const india: readonly string[] = INDIA_REGIONS;
        for (const replication of replications) {
            const source = bucketOf(replication, buckets);
            const what = `S3 replication "${replication.name}"`;
            const rules: ReplicationRule[] = replication.props.rules ?? [];
            rules.forEach((rule, i) => {
                const rule_ = `${what} ${ruleLabel(rule, i)}`;
                const destination = rule.destination ?? {};
                // An ARN computed at deployment is found through the rule's dependencies; reading
                // it through the proxy when that fails lets the SDK report that it cannot judge.
                const arn = knownString(destination, "bucket");
                let target: PolicyResource | undefined;
                if (arn !== undefined) {
                    target = buckets.find((b) => namesOf(b).some((n) => arnOf(n) === arn));
                } else {
                    target = ruleDependency(replication, S3_TYPES.bucket, source);
                    if (target === undefined) throwIfUnknown(destination, "bucket");
                }
                const bucketRegion = target && regionOf(target);
                if (target === undefined) {
                    report(
                        `${rule_} replicates to "${arn}", a bucket this stack does not create, ` +
                            "so where PHI goes cannot be checked: replicate to a bucket of this " +
                            `stack in ${oneOf(drRegions)}.`,
                        replication.urn,
                    );
                } else if (bucketRegion !== undefined && !india.includes(bucketRegion)) {
                    report(
                        `${rule_} copies PHI out of India, to S3 bucket "${target.name}" in ` +
                            `"${bucketRegion}": create the destination bucket in ` +
                            `${oneOf(drRegions)}.`,
                        replication.urn,
                    );
                }
                const encryption = destination.encryptionConfiguration;
                if (!isSet(encryption, "replicaKmsKeyId")) return;
                const keyArn = knownString(encryption, "replicaKmsKeyId");
                let keyRegion: string | undefined;
                if (keyArn === undefined) {
                    const key = ruleDependency(replication, ["aws:kms/key:Key"]);
                    if (key === undefined) throwIfUnknown(encryption, "replicaKmsKeyId");
                    keyRegion = key && regionOf(key);
                } else if (keyArn.startsWith("arn:")) {
                    keyRegion = keyArn.split(":")[3];
                } else {
                    report(
                        `${rule_} names its replica key "${keyArn}" without its region: set ` +
                            `replicaKmsKeyId to the key's ARN in ${oneOf(drRegions)}.`,
                        replication.urn,
                    );
                    return;
                }
                if (keyRegion !== undefined && !drRegions.includes(keyRegion)) {
                    report(
                        `${rule_} encrypts replicas with a key in "${keyRegion}": use a ` +
                            `customer-managed key in ${oneOf(drRegions)}.`,
                        replication.urn,
                    );
                } else if (bucketRegion !== undefined && keyRegion !== bucketRegion) {
                    report(
                        `${rule_} encrypts replicas with a key in "${keyRegion}" but writes ` +
                            `them to "${bucketRegion}": S3 needs the replica key in the ` +
                            "destination bucket's region.",
                        replication.urn,
                    );
                }
            });
        }
    },
});

interface LifecycleRule {
    status?: string;
    enabled?: boolean;
    noncurrentVersionExpiration?: { noncurrentDays?: number; days?: number };
}

const noncurrentVersionsExpire = stackRule({
    name: "s3-bucket-noncurrent-versions-expire",
    requires:
        "Every versioned S3 bucket expires noncurrent object versions with an enabled " +
        "lifecycle rule, so overwritten and deleted PHI is not kept without end",
    sections: ["164.308(a)(7)(ii)(A)", "164.312(c)(1)"],
    enforcementLevel: "advisory",
    fix:
        "Add an aws.s3.BucketLifecycleConfiguration rule with status \"Enabled\" and " +
        "noncurrentVersionExpiration.noncurrentDays (PHI buckets: 2192 days, six years).",
    baseline: "AWS Config s3-version-lifecycle-policy-check",
    validate: (args, report) => {
        const buckets = bucketsOf(args);
        const versionings = ofType(args.resources, ...S3_TYPES.versioning);
        const lifecycles = ofType(args.resources, ...S3_TYPES.lifecycle);
        for (const bucket of buckets) {
            const versioned =
                bucket.props.versioning?.enabled === true ||
                versionings.some(
                    (v) =>
                        isFor(v, bucket) && v.props.versioningConfiguration?.status === "Enabled",
                );
            if (!versioned) continue;
            const rules: LifecycleRule[] = [
                ...lifecycles.filter((l) => isFor(l, bucket)).flatMap((l) => l.props.rules ?? []),
                ...(bucket.props.lifecycleRules ?? []),
            ];
            const expires = rules.some(
                (rule) =>
                    (rule.status === "Enabled" || rule.enabled === true) &&
                    isSet(rule, "noncurrentVersionExpiration"),
            );
            if (!expires) {
                report(
                    `S3 bucket "${bucket.name}" keeps every noncurrent version forever: add an ` +
                        "enabled lifecycle rule with noncurrentVersionExpiration.",
                    bucket.urn,
                );
            }
        }
    },
});

const publicAccessBlocked = stackRule({
    name: "s3-bucket-public-access-blocked",
    requires:
        "Every S3 bucket has a public access block with all four settings on, so no ACL or " +
        "policy can make it public",
    sections: PUBLIC_SECTIONS,
    fix:
        "Add an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, " +
        "ignorePublicAcls and restrictPublicBuckets all true.",
    baseline:
        "cdk-nag S3BucketLevelPublicAccessProhibited; AWS Config " +
        "s3-bucket-level-public-access-prohibited",
    validate: (args, report) => {
        const buckets = bucketsOf(args);
        const blocks = ofType(args.resources, ...S3_TYPES.publicAccessBlock);
        for (const bucket of buckets) {
            const own = blocks.filter((b) => isFor(b, bucket));
            if (own.length === 0) {
                report(
                    `S3 bucket "${bucket.name}" has no public access block: add a ` +
                        "BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, " +
                        "ignorePublicAcls and restrictPublicBuckets all true.",
                    bucket.urn,
                );
                continue;
            }
            const off = PUBLIC_ACCESS_BLOCK_FLAGS.filter((flag) =>
                own.every((b) => b.props[flag] !== true),
            );
            if (off.length > 0) {
                report(
                    `S3 bucket "${bucket.name}" leaves ${off.join(", ")} off in ` +
                        `"${own[0].name}": set ${off.length === 1 ? "it" : "them"} to true.`,
                    bucket.urn,
                );
            }
        }
    },
});

const aclsDisabled = stackRule({
    name: "s3-bucket-acls-disabled",
    requires:
        'Every S3 bucket disables ACLs with object ownership "BucketOwnerEnforced", so access ' +
        "is decided by policies alone",
    sections: PUBLIC_SECTIONS,
    fix:
        "Add an aws.s3.BucketOwnershipControls with rule.objectOwnership " +
        `"${BUCKET_OWNER_ENFORCED}".`,
    baseline: "AWS Config s3-bucket-acl-prohibited",
    validate: (args, report) => {
        const buckets = bucketsOf(args);
        const controls = ofType(args.resources, ...S3_TYPES.ownership);
        for (const bucket of buckets) {
            const own = controls.filter((c) => isFor(c, bucket));
            const settings = own.map((c) => c.props.rule?.objectOwnership);
            if (settings.includes(BUCKET_OWNER_ENFORCED)) continue;
            report(
                own.length === 0
                    ? `S3 bucket "${bucket.name}" still honours ACLs: add a ` +
                          "BucketOwnershipControls with rule.objectOwnership " +
                          `"${BUCKET_OWNER_ENFORCED}".`
                    : `S3 bucket "${bucket.name}" has objectOwnership "${settings[0]}" in ` +
                          `"${own[0].name}", which honours ACLs: set it to ` +
                          `"${BUCKET_OWNER_ENFORCED}".`,
                bucket.urn,
            );
        }
    },
});

interface AclProps {
    acl?: string;
    grants?: { uri?: string }[];
    accessControlPolicy?: { grants?: { grantee?: { uri?: string } }[] };
    policy?: unknown;
}

/** Whether a statement allows everyone, with no condition that ties it to known callers. */
function publicAllow(statement: {
    Effect?: unknown;
    Principal?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}): boolean {
    if (statement.Effect !== "Allow" || !isPublicPrincipal(statement.Principal)) return false;
    const keys = Object.values(statement.Condition ?? {}).flatMap((c) =>
        Object.keys(c ?? {}).map((k) => k.toLowerCase()),
    );
    return !RESTRICTING_CONDITION_KEYS.some((k) => keys.includes(k.toLowerCase()));
}

const notPublic = resourceRule<AclProps>({
    name: "s3-bucket-no-public-grants",
    requires:
        "No S3 bucket ACL grants access to everyone or to every AWS account, and no bucket " +
        'policy allows Principal "*" without a condition naming an account, organization, ' +
        "network or source",
    sections: PUBLIC_SECTIONS,
    fix:
        'Remove public canned ACLs and AllUsers/AuthenticatedUsers grants; give Principal "*" ' +
        "statements a condition such as aws:SourceAccount or aws:PrincipalOrgID, or name the " +
        "principals.",
    baseline:
        "cdk-nag S3BucketPublicReadProhibited, S3BucketPublicWriteProhibited; AWS Config " +
        "s3-bucket-public-read-prohibited, s3-bucket-public-write-prohibited",
    types: [...S3_TYPES.bucket, ...S3_TYPES.acl, ...S3_TYPES.policy],
    validate: (props, args, report) => {
        const what = (S3_TYPES.policy as readonly string[]).includes(args.type)
            ? `S3 bucket policy "${args.name}"`
            : (S3_TYPES.acl as readonly string[]).includes(args.type)
              ? `S3 bucket ACL "${args.name}"`
              : `S3 bucket "${args.name}"`;
        if (props.acl !== undefined && PUBLIC_CANNED_ACLS.includes(props.acl)) {
            report(`${what} grants the canned ACL "${props.acl}": set acl "private" or remove it.`);
        }
        const grantees = [
            ...(props.grants ?? []).map((g) => g.uri),
            ...(props.accessControlPolicy?.grants ?? []).map((g) => g.grantee?.uri),
        ];
        for (const group of PUBLIC_ACL_GROUPS.filter((g) => grantees.includes(g))) {
            report(`${what} grants access to the group ${group}: remove that grant.`);
        }
        if (!isSet(props, "policy")) return;
        const statements = statementsOf(props.policy);
        if (statements === undefined) {
            report(`${what} has a policy that is not a JSON policy document: fix its JSON.`);
            return;
        }
        statements.forEach((statement, i) => {
            if (publicAllow(statement)) {
                report(
                    `${what} ${statementLabel(statement, i)} allows Principal "*" with no ` +
                        "condition naming an account, organization, network or source: add " +
                        "one (such as aws:SourceAccount) or name the principals.",
                );
            }
        });
    },
});

export const storagePolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    sslRequestsOnly,
    accessLogging,
    versioningEnabled,
    replicationEnabled,
    kmsObjectsReplicated,
    replicaInIndia,
    noncurrentVersionsExpire,
    publicAccessBlocked,
    aclsDisabled,
    notPublic,
];
