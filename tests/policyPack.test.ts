// The pack as a whole, read through the analyzer protocol: its metadata (names, descriptions with
// HIPAA sections, levels, config defaults), a compliant plan passing cleanly, the table of
// taggable types checked against the AWS SDK's own types, and the compliance-tag rule.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyReport, readPolicyPackConfig, RunningPolicyPack } from "../offline/analyzer";
import { PreviewDigest, UNKNOWN_SENTINEL } from "../offline/previewFormat";
import { REQUIRED_TAGS } from "../components/tags";
import { TAGGABLE_TYPES } from "../policy/awsFacts";
import { HIPAA_SECTIONS } from "../policy/hipaa";
import { compliantResources, Finding, findings, planOf, planWith } from "./fixtures/policyPlans";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

const ROOT = path.resolve(__dirname, "..");

const POLICIES = [
    "rds-cluster-storage-encrypted-cmk",
    "rds-instance-performance-insights-cmk",
    "dynamodb-table-encrypted-cmk",
    "s3-bucket-encrypted-kms",
    "s3-bucket-encryption-configured",
    "secretsmanager-secret-encrypted-cmk",
    "cloudwatch-log-group-encrypted-cmk",
    "sns-topic-encrypted-cmk",
    "ecr-repository-encrypted-kms",
    "backup-vault-encrypted-cmk",
    "kms-key-rotation-enabled",
    "aws-region-india-only",
    "aws-provider-region-explicit",
    "aws-resource-hipaa-tags",
];

/** Policies added by later rule families, with their enforcement levels, in pack order. */
const LATER_POLICIES: [string, string][] = [
    ["elb-listener-http-redirects-to-https", "mandatory"],
    ["elb-listener-tls-policy-allowed", "mandatory"],
    ["elb-listener-acm-certificate", "mandatory"],
    ["elb-load-balancer-drops-invalid-headers", "mandatory"],
    ["elb-target-group-https", "advisory"],
    ["rds-proxy-tls-required", "mandatory"],
    ["rds-cluster-force-ssl", "mandatory"],
    ["ec2-security-group-no-public-ingress", "mandatory"],
    ["rds-security-group-ingress-from-groups-only", "mandatory"],
    ["rds-security-group-egress-restricted", "mandatory"],
    ["ec2-security-group-described", "advisory"],
    ["ec2-security-group-rules-not-mixed", "mandatory"],
    ["ec2-vpc-default-security-group-closed", "mandatory"],
    ["ec2-vpc-flow-logs-all-traffic", "mandatory"],
    ["ec2-subnet-no-public-ip-on-launch", "mandatory"],
    ["ec2-route-table-no-igw-default-route", "mandatory"],
    ["ec2-internet-gateway-stack-vpc-only", "mandatory"],
    ["ec2-vpc-endpoints-present", "advisory"],
    ["rds-instance-not-publicly-accessible", "mandatory"],
    ["rds-subnets-isolated", "mandatory"],
    ["ecs-service-no-public-ip", "mandatory"],
    ["ecs-service-private-subnets", "mandatory"],
    ["elb-load-balancer-waf-associated", "mandatory"],
    ["wafv2-web-acl-logging-enabled", "mandatory"],
    ["rds-cluster-master-password-managed", "mandatory"],
    ["rds-cluster-iam-authentication", "advisory"],
    ["rds-instance-auto-minor-version-upgrade", "advisory"],
    ["rds-proxy-target-after-instances", "advisory"],
    ["dynamodb-table-autoscaling", "advisory"],
    ["kms-key-deletion-safeguards", "mandatory"],
    ["kms-key-policy-no-public-principal", "mandatory"],
    ["kms-key-protected", "mandatory"],
    ["elb-load-balancer-access-logging", "mandatory"],
    ["cloudwatch-log-group-retention", "mandatory"],
    ["rds-cluster-log-exports", "mandatory"],
    ["rds-cluster-connection-logging", "mandatory"],
    ["rds-instance-enhanced-monitoring", "advisory"],
    ["cloudwatch-alarm-actions", "advisory"],
    ["cloudwatch-log-group-key-grants-logs", "mandatory"],
    ["sns-alarm-topic-key-grants-cloudwatch", "advisory"],
    ["ecs-cluster-exec-session-encrypted", "mandatory"],
    ["dynamodb-table-pitr-enabled", "mandatory"],
    ["dynamodb-table-deletion-protection", "mandatory"],
    ["rds-cluster-backup-retention", "mandatory"],
    ["rds-cluster-deletion-protection", "mandatory"],
    ["rds-cluster-final-snapshot", "mandatory"],
    ["rds-cluster-multi-az", "mandatory"],
    ["backup-plan-covers-phi-stores", "mandatory"],
    ["backup-plan-daily-schedule", "mandatory"],
    ["backup-plan-minimum-retention", "mandatory"],
    ["backup-vault-deletion-denied", "mandatory"],
];

/** Whether the type's args interface in the SDK declares `tags`. */
function acceptsTags(type: string): boolean {
    const [pkg, mod, name] = type.split(":");
    // "aws:ec2/vpc:Vpc" is in aws/ec2/vpc.d.ts, "awsx:ecr:Repository" in awsx/ecr/repository.d.ts.
    const module = mod.includes("/") ? mod : `${mod}/${name[0].toLowerCase()}${name.slice(1)}`;
    const file = path.join(ROOT, "node_modules", "@pulumi", pkg, `${module}.d.ts`);
    const source = fs.readFileSync(file, "utf8");
    const argsInterface = new RegExp(`^export interface ${name}Args \\{$([\\s\\S]*?)^\\}$`, "m");
    const args = argsInterface.exec(source);
    assert.ok(args, `${file} declares no ${name}Args`);
    return /^ {4}tags\?:/m.test(args[1]);
}

describe("policy pack baymax-hipaa", () => {
    let pack: RunningPolicyPack;
    let compliant: PolicyReport;
    before(async () => {
        pack = await sharedPolicyPack();
        compliant = await pack.analyze(planOf(compliantResources()));
    });

    describe("metadata, as GetAnalyzerInfo reports it", () => {
        it("is baymax-hipaa at the version of its package.json", () => {
            assert.deepStrictEqual(
                compliant.packs.map((p) => [p.name, p.version]),
                [["baymax-hipaa", "0.1.0"]],
            );
        });

        it("serves its rule families at their enforcement levels", () => {
            const policies = compliant.packs[0].policies;
            assert.deepStrictEqual(policies.map((p) => [p.name, p.enforcementLevel]), [
                ...POLICIES.map((name) => [name, "mandatory"]),
                ...LATER_POLICIES,
            ]);
        });

        it("names every policy in kebab-case", () => {
            for (const { name } of compliant.packs[0].policies) {
                assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)+$/);
            }
        });

        it("describes every policy in one sentence ending with known HIPAA sections", () => {
            const section = String.raw`\d{3}\.\d{3}(?:\([a-zA-Z0-9]+\))+`;
            const sections = String.raw`(${section}(?:, ${section})*)`;
            const shape = new RegExp(String.raw`^[A-Z][^.!?]*? \(HIPAA ${sections}\)\.$`);
            for (const { name, description } of compliant.packs[0].policies) {
                const match = shape.exec(description);
                assert.ok(match, `${name}: "${description}"`);
                for (const id of match[1].split(", ")) {
                    assert.ok(id in HIPAA_SECTIONS, `${name} cites ${id}, not in HIPAA_SECTIONS`);
                }
            }
        });

        it("defaults its config to India, the program's tag set and the ELB log buckets", () => {
            const policies = compliant.packs[0].policies;
            const defaults = (name: string, key: string) =>
                policies.find((p) => p.name === name)?.configSchema?.properties[key]?.default;
            const india = ["ap-south-1", "ap-south-2"];
            assert.deepStrictEqual(defaults("aws-region-india-only", "allowedRegions"), india);
            const explicit = defaults("aws-provider-region-explicit", "allowedRegions");
            assert.deepStrictEqual(explicit, india);
            assert.deepStrictEqual(defaults("aws-resource-hipaa-tags", "requiredTags"), [
                ...REQUIRED_TAGS,
            ]);
            assert.deepStrictEqual(defaults("s3-bucket-encrypted-kms", "sseS3OnlyBuckets"), [
                "*-alb-access-logs*",
                "*-s3-access-logs*",
            ]);
            const configurable = policies.filter((p) => p.configSchema).map((p) => p.name);
            assert.deepStrictEqual(configurable, [
                "s3-bucket-encrypted-kms",
                "aws-region-india-only",
                "aws-provider-region-explicit",
                "aws-resource-hipaa-tags",
                "elb-listener-tls-policy-allowed",
                "ec2-security-group-no-public-ingress",
                "ec2-route-table-no-igw-default-route",
                "ec2-internet-gateway-stack-vpc-only",
                "ec2-vpc-endpoints-present",
                "kms-key-deletion-safeguards",
                "kms-key-protected",
                "cloudwatch-log-group-retention",
                "dynamodb-table-deletion-protection",
                "rds-cluster-backup-retention",
                "rds-cluster-deletion-protection",
                "rds-cluster-multi-az",
                "backup-plan-covers-phi-stores",
                "backup-plan-minimum-retention",
                "backup-vault-deletion-denied",
            ]);
        });
    });

    it("passes the compliant plan with no violation, judging every resource", () => {
        assert.deepStrictEqual(findings(compliant), []);
        assert.strictEqual(compliant.resourcesAnalyzed, 57);
        // Of 57 resources the stack, 2 providers, the 33 settings of the 5 buckets (encryption,
        // versioning, policy, public access block, ownership and lifecycle of each, 2 loggings
        // and the replication), the secret rotation, the backup selection and the alias take
        // no tags.
        assert.strictEqual(compliant.notApplicable["baymax-hipaa"]["aws-resource-hipaa-tags"], 39);
        assert.strictEqual(compliant.notApplicable["baymax-hipaa"]["aws-region-india-only"], 1);
    });

    describe("the taggable-types table", () => {
        it("lists only types whose args accept tags", () => {
            const without = TAGGABLE_TYPES.filter((t) => !acceptsTags(t));
            assert.deepStrictEqual(without, []);
        });

        it("lists every type of offline/identities.ts that accepts tags", () => {
            const identities = fs.readFileSync(path.join(ROOT, "offline", "identities.ts"), "utf8");
            const shaped = [...identities.matchAll(/^ {4}"(aws:[^"]+)":/gm)].map((m) => m[1]);
            assert.ok(shaped.length > 40, `found only ${shaped.length} SHAPES entries`);
            const listed: readonly string[] = TAGGABLE_TYPES;
            const missing = shaped.filter((t) => acceptsTags(t) && !listed.includes(t));
            assert.deepStrictEqual(missing, []);
        });
    });

    describe("aws-resource-hipaa-tags", () => {
        const policy = "aws-resource-hipaa-tags";
        const check = async (plan: PreviewDigest) => findings(await pack.analyze(plan));
        const mandatory = (resource: string, message: string): Finding => ({
            policy,
            level: "mandatory",
            resource,
            message,
        });

        it("flags missing tags by name", async () => {
            const plan = planWith("phi-key", (i) => {
                delete i.tags.Compliance;
                delete i.tags.Service;
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "phi-key",
                    'Resource "phi-key" (aws:kms/key:Key) lacks the tag(s) Compliance, Service: ' +
                        "pass tags: complianceTags(...) in its own inputs.",
                ),
            ]);
        });

        it("flags a resource with no tags at all", async () => {
            const plan = planWith("alerts", (i) => delete i.tags);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "alerts",
                    'Resource "alerts" (aws:sns/topic:Topic) lacks the tag(s) Environment, ' +
                        "Compliance, DataClass, Service, Name: pass tags: complianceTags(...) in " +
                        "its own inputs.",
                ),
            ]);
        });

        it("flags a Compliance tag other than HIPAA", async () => {
            const plan = planWith("db-cluster", (i) => (i.tags.Compliance = "SOC2"));
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "db-cluster",
                    'Resource "db-cluster" (aws:rds/cluster:Cluster) has Compliance tag "SOC2": ' +
                        'set it to "HIPAA".',
                ),
            ]);
        });

        it("flags an unknown DataClass", async () => {
            const plan = planWith("conversations", (i) => (i.tags.DataClass = "Public"));
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "conversations",
                    'Resource "conversations" (aws:dynamodb/table:Table) has DataClass tag ' +
                        '"Public": set it to "PHI", "Confidential" or "Internal".',
                ),
            ]);
        });

        it("checks the awsx component's own tags input", async () => {
            const plan = planWith("worker-images", (i) => delete i.tags.Name);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "worker-images",
                    'Resource "worker-images" (awsx:ecr:Repository) lacks the tag(s) Name: ' +
                        "pass tags: complianceTags(...) in its own inputs.",
                ),
            ]);
        });

        it("counts a tag whose value is unknown until deployment as present", async () => {
            const plan = planWith("dr-vault", (i) => (i.tags.Name = UNKNOWN_SENTINEL));
            assert.deepStrictEqual(await check(plan), []);
        });

        it("reports that it cannot judge a tags object unknown at preview", async () => {
            const plan = planWith("app-logs", (i) => (i.tags = UNKNOWN_SENTINEL));
            assert.deepStrictEqual(await check(plan), [
                {
                    policy,
                    level: "advisory",
                    resource: "app-logs",
                    message:
                        `can't run policy '${policy}' from policy pack 'baymax-hipaa@v0.1.0' ` +
                        "during preview: string value at .tags can't be known during preview",
                },
            ]);
        });

        it("takes the required tag keys from the pack config", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baymax-policy-"));
            const file = path.join(dir, "tags.json");
            const config = { [policy]: { requiredTags: ["Environment", "Owner"] } };
            fs.writeFileSync(file, JSON.stringify(config));
            const plan = planOf(compliantResources());
            const report = await pack.analyze(plan, readPolicyPackConfig(file));
            const found = findings(report);
            // One finding per taggable resource: 57 resources, 39 of which take no tags.
            assert.strictEqual(found.length, 18);
            assert.deepStrictEqual(found[0], {
                policy,
                level: "mandatory",
                resource: "phi-key",
                message:
                    'Resource "phi-key" (aws:kms/key:Key) lacks the tag(s) Owner: pass tags: ' +
                    "complianceTags(...) in its own inputs.",
            });
        });
    });
});
