// S3 storage policies, run through the real analyzer path over the REAL prod plan with one setting
// changed per case; tiny hand-made plans only for bucket ACL resources, which the program does not
// create. Stack policies read outputs beneath inputs, so an edit changes both.
import * as assert from "assert";
import { readPolicyPackConfig, RunningPolicyPack } from "../offline/analyzer";
import { PreviewDigest, ResourceState, UNKNOWN_SENTINEL } from "../offline/previewFormat";
import "../policy/rules/storage";
import { RULE_CATALOG } from "../policy/rules/support";
import { analyzeOnly } from "./fixtures/focusedPack";
import { configFile } from "./fixtures/packConfigFile";
import { Finding, findings, planOf } from "./fixtures/policyPlans";
import { planWithoutStates, realPlan, statesOf } from "./fixtures/prodPlan";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

const T = {
    bucket: "aws:s3/bucket:Bucket",
    acl: "aws:s3/bucketAcl:BucketAcl",
    encryption:
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    logging: "aws:s3/bucketLogging:BucketLogging",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
} as const;

const POLICIES: [string, string][] = [
    ["s3-bucket-ssl-requests-only", "mandatory"],
    ["s3-bucket-access-logging-enabled", "mandatory"],
    ["s3-bucket-versioning-enabled", "mandatory"],
    ["s3-bucket-replication-enabled", "mandatory"],
    ["s3-replication-kms-objects-replicated", "mandatory"],
    ["s3-replication-destination-india", "mandatory"],
    ["s3-bucket-noncurrent-versions-expire", "advisory"],
    ["s3-bucket-public-access-blocked", "mandatory"],
    ["s3-bucket-acls-disabled", "mandatory"],
    ["s3-bucket-no-public-grants", "mandatory"],
];

const ACCOUNT = "111122223333";
const SOURCE = "baymax-prod-medical-attachments";
const REPLICA = `${SOURCE}-dr`;
const DR_KEY_ARN = "arn:aws:kms:ap-south-2:111122223333:key/6b644186-9ab7-4331-acfc-bf4fbffa3d3c";
const RULE = 'S3 replication "dr-replication" rule 0 ("medical-attachments-to-hyderabad")';

function finding(policy: string, resource: string, message: string, level = "mandatory"): Finding {
    return { policy, level, resource, message };
}

/** The advisory the SDK reports, on no resource, when a stack policy reads an unknown value. */
function cannotRun(policy: string, field: string): Finding {
    return {
        policy,
        level: "advisory",
        message:
            `can't run policy '${policy}' from policy pack 'baymax-hipaa@v0.1.0' during preview: ` +
            `string value at .${field} can't be known during preview`,
    };
}

/** The state of the one resource of that type and name in a plan. */
function stateOf(plan: PreviewDigest, type: string, name: string): ResourceState {
    const found = statesOf(plan, type, name);
    if (found.length !== 1) throw new Error(`the plan has ${found.length} ${type} named ${name}`);
    return found[0];
}

/** The real prod plan with an edit applied to a resource's inputs and outputs alike. */
function edited(
    type: string,
    name: string,
    edit: (props: Record<string, any>) => void,
    plan: PreviewDigest = realPlan("prod"),
): PreviewDigest {
    const state = stateOf(plan, type, name);
    edit(state.inputs);
    edit(state.outputs ?? {});
    return plan;
}

/** The real prod plan with a bucket policy's document edited as an object. */
function withBucketPolicy(name: string, edit: (document: any) => void): PreviewDigest {
    return edited(T.policy, name, (props) => {
        const document = JSON.parse(props.policy);
        edit(document);
        props.policy = JSON.stringify(document);
    });
}

/** The real prod plan without the named resource. */
function without(type: string, name: string): PreviewDigest {
    return planWithoutStates((s) => s.type === type && s.urn.endsWith(`::${name}`));
}

describe("policy pack: S3 storage", () => {
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
        it("declares each S3 policy with its level, fix and baseline", async () => {
            const report = await pack.analyze(realPlan("prod"));
            const names = POLICIES.map(([name]) => name);
            const declared = report.packs[0].policies
                .filter((p) => names.includes(p.name))
                .map((p) => [p.name, p.enforcementLevel]);
            assert.deepStrictEqual(declared, POLICIES);
            for (const [name] of POLICIES) {
                const doc = RULE_CATALOG.get(name);
                assert.ok(doc?.fix && doc.baseline, `${name} documents no fix or baseline`);
            }
        });

        it("passes the real prod and dev plans without an S3 finding", async () => {
            for (const stack of ["prod", "dev"] as const) {
                const names = POLICIES.map(([name]) => name);
                const all = findings(await analyzeOnly(pack, realPlan(stack), names));
                assert.deepStrictEqual(
                    all.filter((f) => names.includes(f.policy)),
                    [],
                );
            }
        });

        it("defaults the exemptions to the log and replica buckets, each with a reason", () => {
            const exempt = (policy: string) =>
                (RULE_CATALOG.get(policy)?.configSchema?.properties?.exemptBuckets as any)
                    .default as { name: string; reason: string }[];
            assert.deepStrictEqual(
                exempt("s3-bucket-access-logging-enabled").map((e) => e.name),
                ["*-alb-access-logs*", "*-s3-access-logs*"],
            );
            assert.deepStrictEqual(
                exempt("s3-bucket-replication-enabled").map((e) => e.name),
                ["*-medical-attachments-dr"],
            );
            for (const e of [
                ...exempt("s3-bucket-access-logging-enabled"),
                ...exempt("s3-bucket-replication-enabled"),
            ]) {
                assert.match(e.reason, /^[A-Z].{40,}\.$/);
            }
        });
    });

    describe("s3-bucket-ssl-requests-only", () => {
        const policy = "s3-bucket-ssl-requests-only";
        const insecure = (bucket: string) =>
            finding(
                policy,
                bucket,
                `S3 bucket "${bucket}" accepts requests without TLS: give its bucket policy a ` +
                    'statement that denies "s3:*" to Principal "*" on the bucket and its ' +
                    'objects when aws:SecureTransport is "false".',
            );

        it("flags a bucket policy without the TLS-only deny", async () => {
            const plan = withBucketPolicy("dr-attachments-policy", (d) => (d.Statement = []));
            assert.deepStrictEqual(await check(policy, plan), [insecure("dr-attachments")]);
        });

        it("flags a deny that covers the bucket but not its objects", async () => {
            const plan = withBucketPolicy("dr-attachments-dr-policy", (d) => {
                d.Statement[0].Resource = `arn:aws:s3:::${REPLICA}`;
            });
            assert.deepStrictEqual(await check(policy, plan), [insecure("dr-attachments-dr")]);
        });

        it("flags a deny that is not conditioned on plain HTTP", async () => {
            const plan = withBucketPolicy("dr-attachments-policy", (d) => {
                d.Statement[0].Condition = { Bool: { "aws:SecureTransport": "true" } };
            });
            assert.deepStrictEqual(await check(policy, plan), [insecure("dr-attachments")]);
        });

        it("flags a bucket without a bucket policy", async () => {
            const plan = without(T.policy, "dr-access-logs-dr-policy");
            assert.deepStrictEqual(await check(policy, plan), [insecure("dr-access-logs-dr")]);
        });

        it("accepts the deny in the bucket's deprecated inline policy", async () => {
            const plan = realPlan("prod");
            const document = stateOf(plan, T.policy, "dr-attachments-policy").inputs.policy;
            stateOf(plan, T.bucket, "dr-attachments").inputs.policy = document;
            plan.steps = plan.steps!.filter(
                (s) => !s.urn.endsWith(`${T.policy}::dr-attachments-policy`),
            );
            assert.deepStrictEqual(await check(policy, plan), []);
        });

        it("reports, as the SDK does, that it cannot judge an unknown policy", async () => {
            const plan = edited(T.policy, "dr-attachments-policy", (p) => {
                p.policy = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(policy, plan), [cannotRun(policy, "policy")]);
        });
    });

    describe("s3-bucket-access-logging-enabled", () => {
        const policy = "s3-bucket-access-logging-enabled";
        const unlogged = (bucket: string) =>
            finding(
                policy,
                bucket,
                `S3 bucket "${bucket}" writes no server access logs: add a BucketLogging with ` +
                    "targetBucket set to a log bucket in its region.",
            );

        it("flags the PHI bucket without its BucketLogging", async () => {
            const plan = without(T.logging, "dr-attachments-logging");
            assert.deepStrictEqual(await check(policy, plan), [unlogged("dr-attachments")]);
        });

        it("accepts a target bucket known only after deployment", async () => {
            const plan = edited(T.logging, "dr-attachments-dr-logging", (p) => {
                p.targetBucket = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(policy, plan), []);
        });

        it("judges the log buckets once their exemptions are removed", async () => {
            const config = configFile({ [policy]: { exemptBuckets: [] } });
            assert.deepStrictEqual(await check(policy, realPlan("prod"), config), [
                unlogged("backend-access-logs"),
                unlogged("dr-access-logs"),
                unlogged("dr-access-logs-dr"),
            ]);
        });

        it("accepts an exemption from config, and rejects one without a reason", async () => {
            const plan = without(T.logging, "dr-attachments-logging");
            const exempt = { name: SOURCE, reason: "Logged by CloudTrail data events instead." };
            const config = configFile({ [policy]: { exemptBuckets: [exempt] } });
            assert.deepStrictEqual(await check(policy, plan, config), [
                unlogged("backend-access-logs"),
                unlogged("dr-access-logs"),
                unlogged("dr-access-logs-dr"),
            ]);
            const bad = configFile({ [policy]: { exemptBuckets: [{ name: SOURCE }] } });
            await assert.rejects(pack.analyze(plan, bad), /reason/);
        });
    });

    describe("s3-bucket-versioning-enabled", () => {
        const policy = "s3-bucket-versioning-enabled";

        it("flags suspended versioning, naming the resource that suspends it", async () => {
            const plan = edited(T.versioning, "dr-attachments-dr-versioning", (p) => {
                p.versioningConfiguration = { status: "Suspended" };
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-attachments-dr",
                    'S3 bucket "dr-attachments-dr" does not keep object versions (status ' +
                        '"Suspended" in "dr-attachments-dr-versioning"): add a BucketVersioning ' +
                        'with versioningConfiguration.status "Enabled".',
                ),
            ]);
        });

        it("flags a bucket without a BucketVersioning", async () => {
            const plan = without(T.versioning, "backend-access-logs-versioning");
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-access-logs",
                    'S3 bucket "backend-access-logs" does not keep object versions: add a ' +
                        'BucketVersioning with versioningConfiguration.status "Enabled".',
                ),
            ]);
        });

        it("reports, as the SDK does, that it cannot judge an unknown status", async () => {
            const plan = edited(T.versioning, "dr-attachments-versioning", (p) => {
                p.versioningConfiguration = { status: UNKNOWN_SENTINEL };
            });
            assert.deepStrictEqual(await check(policy, plan), [
                cannotRun(policy, "versioningConfiguration.status"),
            ]);
        });
    });

    describe("s3-bucket-replication-enabled", () => {
        const policy = "s3-bucket-replication-enabled";

        it("flags the PHI bucket without a replication configuration", async () => {
            const plan = planWithoutStates((s) => s.type === T.replication);
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-attachments",
                    'S3 bucket "dr-attachments" holds PHI but has no copy in another region: ' +
                        "add a BucketReplicationConfig with an enabled rule to a bucket in the " +
                        "DR region.",
                ),
            ]);
        });

        it("flags a replication configuration whose only rule is disabled", async () => {
            const plan = edited(T.replication, "dr-replication", (p) => {
                p.rules[0].status = "Disabled";
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-attachments",
                    'S3 bucket "dr-attachments" holds PHI but no rule of "dr-replication" is ' +
                        'enabled: set rules[].status to "Enabled".',
                ),
            ]);
        });

        it("judges the Hyderabad replica once its exemption is removed", async () => {
            const config = configFile({ [policy]: { exemptBuckets: [] } });
            assert.deepStrictEqual(await check(policy, realPlan("prod"), config), [
                finding(
                    policy,
                    "dr-attachments-dr",
                    'S3 bucket "dr-attachments-dr" holds PHI but has no copy in another ' +
                        "region: add a BucketReplicationConfig with an enabled rule to a bucket " +
                        "in the DR region.",
                ),
            ]);
        });

        it("judges only buckets tagged DataClass PHI", async () => {
            const plan = edited(T.bucket, "dr-access-logs", (p) => (p.tags.DataClass = "PHI"));
            assert.deepStrictEqual(
                (await check(policy, plan)).map((f) => f.resource),
                ["dr-access-logs"],
            );
        });
    });

    describe("s3-replication-kms-objects-replicated", () => {
        const policy = "s3-replication-kms-objects-replicated";

        it("flags a rule that skips SSE-KMS objects", async () => {
            const plan = edited(T.replication, "dr-replication", (p) => {
                p.rules[0].sourceSelectionCriteria.sseKmsEncryptedObjects.status = "Disabled";
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-replication",
                    `${RULE} skips objects encrypted with KMS, which is every object of bucket ` +
                        '"dr-attachments": set sourceSelectionCriteria.sseKmsEncryptedObjects.' +
                        'status to "Enabled".',
                ),
            ]);
        });

        it("flags a rule that gives replicas no key", async () => {
            const plan = edited(T.replication, "dr-replication", (p) => {
                delete p.rules[0].destination.encryptionConfiguration;
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-replication",
                    `${RULE} gives replicas of KMS-encrypted objects no key: set ` +
                        "destination.encryptionConfiguration.replicaKmsKeyId to a " +
                        "customer-managed KMS key in the destination's region.",
                ),
            ]);
        });

        it("leaves the replication of an SSE-S3 bucket alone", async () => {
            const plan = edited(T.encryption, "dr-attachments-encryption", (p) => {
                p.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }];
            });
            edited(
                T.replication,
                "dr-replication",
                (p) => delete p.rules[0].sourceSelectionCriteria,
                plan,
            );
            assert.deepStrictEqual(await check(policy, plan), []);
        });
    });

    describe("s3-replication-destination-india", () => {
        const policy = "s3-replication-destination-india";

        it("flags a replica key outside the DR region", async () => {
            const plan = edited(T.replication, "dr-replication", (p) => {
                p.rules[0].destination.encryptionConfiguration.replicaKmsKeyId =
                    DR_KEY_ARN.replace("ap-south-2", "us-east-1");
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-replication",
                    `${RULE} encrypts replicas with a key in "us-east-1": use a ` +
                        'customer-managed key in "ap-south-2".',
                ),
            ]);
        });

        it("flags a destination bucket outside India, and the key in another region", async () => {
            const plan = edited(T.bucket, "dr-attachments-dr", (p) => (p.region = "eu-west-1"));
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-replication",
                    `${RULE} copies PHI out of India, to S3 bucket "dr-attachments-dr" in ` +
                        '"eu-west-1": create the destination bucket in "ap-south-2".',
                ),
                finding(
                    policy,
                    "dr-replication",
                    `${RULE} encrypts replicas with a key in "ap-south-2" but writes them to ` +
                        "\"eu-west-1\": S3 needs the replica key in the destination bucket's " +
                        "region.",
                ),
            ]);
        });

        it("flags a destination this stack does not create", async () => {
            const elsewhere = "arn:aws:s3:::partner-archive";
            const plan = edited(T.replication, "dr-replication", (p) => {
                p.rules[0].destination.bucket = elsewhere;
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-replication",
                    `${RULE} replicates to "${elsewhere}", a bucket this stack does not ` +
                        "create, so where PHI goes cannot be checked: replicate to a bucket of " +
                        'this stack in "ap-south-2".',
                ),
            ]);
        });

        it("flags a replica key named without its region", async () => {
            const plan = edited(T.replication, "dr-replication", (p) => {
                p.rules[0].destination.encryptionConfiguration.replicaKmsKeyId = "alias/dr-phi";
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-replication",
                    `${RULE} names its replica key "alias/dr-phi" without its region: set ` +
                        `replicaKmsKeyId to the key's ARN in "ap-south-2".`,
                ),
            ]);
        });

        it("finds bucket and key of ARNs unknown at preview by dependencies", async () => {
            const plan = edited(T.replication, "dr-replication", (p) => {
                p.rules[0].destination.bucket = UNKNOWN_SENTINEL;
                p.rules[0].destination.encryptionConfiguration.replicaKmsKeyId = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(policy, plan), []);
            edited(T.bucket, "dr-attachments-dr", (p) => (p.region = "ap-south-1"), plan);
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-replication",
                    `${RULE} encrypts replicas with a key in "ap-south-2" but writes them to ` +
                        "\"ap-south-1\": S3 needs the replica key in the destination bucket's " +
                        "region.",
                ),
            ]);
        });

        it("reports, as the SDK does, an unknown destination no dependency explains", async () => {
            const plan = edited(T.replication, "dr-replication", (p) => {
                p.rules[0].destination.bucket = UNKNOWN_SENTINEL;
            });
            delete stateOf(plan, T.replication, "dr-replication").propertyDependencies!.rules;
            assert.deepStrictEqual(await check(policy, plan), [
                cannotRun(policy, "rules.0.destination.bucket"),
            ]);
        });

        it("takes the DR regions from config", async () => {
            const config = configFile({ [policy]: { drRegions: ["ap-south-1"] } });
            assert.deepStrictEqual(await check(policy, realPlan("prod"), config), [
                finding(
                    policy,
                    "dr-replication",
                    `${RULE} encrypts replicas with a key in "ap-south-2": use a ` +
                        'customer-managed key in "ap-south-1".',
                ),
            ]);
        });
    });

    describe("s3-bucket-noncurrent-versions-expire", () => {
        const policy = "s3-bucket-noncurrent-versions-expire";
        const forever = finding(
            policy,
            "dr-attachments",
            'S3 bucket "dr-attachments" keeps every noncurrent version forever: add an enabled ' +
                "lifecycle rule with noncurrentVersionExpiration.",
            "advisory",
        );

        it("advises on a versioned bucket without a lifecycle configuration", async () => {
            const plan = without(T.lifecycle, "dr-attachments-lifecycle");
            assert.deepStrictEqual(await check(policy, plan), [forever]);
        });

        it("advises on a lifecycle rule that never expires noncurrent versions", async () => {
            const plan = edited(T.lifecycle, "dr-attachments-lifecycle", (p) => {
                delete p.rules[0].noncurrentVersionExpiration;
            });
            assert.deepStrictEqual(await check(policy, plan), [forever]);
        });

        it("leaves an unversioned bucket to s3-bucket-versioning-enabled", async () => {
            const plan = without(T.lifecycle, "dr-attachments-lifecycle");
            edited(
                T.versioning,
                "dr-attachments-versioning",
                (p) => (p.versioningConfiguration = { status: "Suspended" }),
                plan,
            );
            assert.deepStrictEqual(await check(policy, plan), []);
        });
    });

    describe("s3-bucket-public-access-blocked", () => {
        const policy = "s3-bucket-public-access-blocked";

        it("flags a bucket without a public access block", async () => {
            const plan = without(T.publicAccessBlock, "dr-attachments-public-access-block");
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-attachments",
                    'S3 bucket "dr-attachments" has no public access block: add a ' +
                        "BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, " +
                        "ignorePublicAcls and restrictPublicBuckets all true.",
                ),
            ]);
        });

        it("names the settings left off", async () => {
            const plan = edited(T.publicAccessBlock, "backend-access-logs-public-access", (p) => {
                p.blockPublicPolicy = false;
                delete p.restrictPublicBuckets;
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-access-logs",
                    'S3 bucket "backend-access-logs" leaves blockPublicPolicy, ' +
                        'restrictPublicBuckets off in "backend-access-logs-public-access": set ' +
                        "them to true.",
                ),
            ]);
        });
    });

    describe("s3-bucket-acls-disabled", () => {
        const policy = "s3-bucket-acls-disabled";

        it("flags a bucket without ownership controls", async () => {
            const plan = without(T.ownership, "dr-attachments-dr-ownership");
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-attachments-dr",
                    'S3 bucket "dr-attachments-dr" still honours ACLs: add a ' +
                        'BucketOwnershipControls with rule.objectOwnership "BucketOwnerEnforced".',
                ),
            ]);
        });

        it("flags an ownership setting that keeps ACLs", async () => {
            const plan = edited(T.ownership, "dr-access-logs-ownership", (p) => {
                p.rule.objectOwnership = "ObjectWriter";
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-access-logs",
                    'S3 bucket "dr-access-logs" has objectOwnership "ObjectWriter" in ' +
                        '"dr-access-logs-ownership", which honours ACLs: set it to ' +
                        '"BucketOwnerEnforced".',
                ),
            ]);
        });
    });

    describe("s3-bucket-no-public-grants", () => {
        const policy = "s3-bucket-no-public-grants";
        const publicRead = {
            Sid: "PublicRead",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: `arn:aws:s3:::${SOURCE}/*`,
        };

        it("flags a bucket policy that allows everyone", async () => {
            const plan = withBucketPolicy("dr-attachments-policy", (d) => {
                d.Statement.push(publicRead);
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-attachments-policy",
                    'S3 bucket policy "dr-attachments-policy" statement "PublicRead" allows ' +
                        'Principal "*" with no condition naming an account, organization, ' +
                        "network or source: add one (such as aws:SourceAccount) or name the " +
                        "principals.",
                ),
            ]);
        });

        it("accepts Principal \"*\" tied to this account by a condition", async () => {
            const plan = withBucketPolicy("dr-attachments-policy", (d) => {
                d.Statement.push({
                    ...publicRead,
                    Principal: { AWS: "*" },
                    Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } },
                });
            });
            assert.deepStrictEqual(await check(policy, plan), []);
        });

        it("flags a public canned ACL inline on the bucket", async () => {
            const plan = edited(T.bucket, "dr-attachments", (p) => (p.acl = "public-read"));
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-attachments",
                    'S3 bucket "dr-attachments" grants the canned ACL "public-read": set acl ' +
                        '"private" or remove it.',
                ),
            ]);
        });

        it("flags a bucket policy that is not JSON", async () => {
            const plan = edited(T.policy, "dr-attachments-policy", (p) => (p.policy = "{"));
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "dr-attachments-policy",
                    'S3 bucket policy "dr-attachments-policy" has a policy that is not a JSON ' +
                        "policy document: fix its JSON.",
                ),
            ]);
        });

        it("flags public BucketAcl resources by canned ACL and by grantee group", async () => {
            const allUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
            const plan = planOf([
                { type: "pulumi:pulumi:Stack", name: "baymax-test", inputs: {} },
                { type: "pulumi:providers:aws", name: "mumbai", inputs: { region: "ap-south-1" } },
                {
                    type: T.acl,
                    name: "canned-acl",
                    provider: "primary",
                    inputs: { bucket: "baymax-test-phi", acl: "authenticated-read" },
                },
                {
                    type: T.acl,
                    name: "grant-acl",
                    provider: "primary",
                    inputs: {
                        bucket: "baymax-test-phi",
                        accessControlPolicy: {
                            grants: [
                                { grantee: { type: "Group", uri: allUsers }, permission: "READ" },
                            ],
                            owner: { id: "owner" },
                        },
                    },
                },
            ]);
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "canned-acl",
                    'S3 bucket ACL "canned-acl" grants the canned ACL "authenticated-read": ' +
                        'set acl "private" or remove it.',
                ),
                finding(
                    policy,
                    "grant-acl",
                    `S3 bucket ACL "grant-acl" grants access to the group ${allUsers}: remove ` +
                        "that grant.",
                ),
            ]);
        });
    });
});
