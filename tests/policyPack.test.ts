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
import { PACK_POLICIES, RULE_FAMILIES, ruleDoc } from "./fixtures/packPolicies";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

const ROOT = path.resolve(__dirname, "..");

/** The encryption, region and tag policies, which open the pack, by name: all mandatory. */
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

/**
 * How many policies each rule family serves, in pack order: a family missing from
 * policy/index.ts, or a policy missing from its family, fails the test.
 */
const FAMILY_SIZES: [string, number][] = [
    ["encryption", 11],
    ["regions", 2],
    ["tags", 1],
    ["transit", 7],
    ["network", 17],
    ["data", 8],
    ["logging", 9],
    ["backup", 10],
    ["storage", 10],
    ["secrets", 3],
    ["containers", 11],
    ["iam", 4],
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
            const served = compliant.packs[0].policies.map((p) => [p.name, p.enforcementLevel]);
            assert.deepStrictEqual(
                served.slice(0, POLICIES.length),
                POLICIES.map((name) => [name, "mandatory"]),
            );
            assert.deepStrictEqual(
                RULE_FAMILIES.map((f) => [f.module, f.policies.length]),
                FAMILY_SIZES,
            );
            // Every policy of every family, at the level its rule declares, in pack order.
            assert.deepStrictEqual(served, PACK_POLICIES);
            assert.strictEqual(served.length, 93);
        });

        it("names every policy in kebab-case", () => {
            for (const { name } of compliant.packs[0].policies) {
                assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)+$/);
            }
        });

        it("describes every policy in one sentence ending with known HIPAA sections", () => {
            const section = String.raw`\d{3}\.\d{3}(?:\([a-zA-Z0-9]+\))+`;
            const sections = String.raw`(${section}(?:, ${section})*)`;
            // No full stop, question or exclamation mark inside, except the dot of a property
            // path such as secrets[].valueFrom, which no space follows.
            const oneSentence = String.raw`(?:[^.!?]|[.!?](?=\S))*?`;
            const shape = new RegExp(String.raw`^[A-Z]${oneSentence} \(HIPAA ${sections}\)\.$`);
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
            const declared = PACK_POLICIES.map(([name]) => name).filter(
                (name) => ruleDoc(name).configSchema !== undefined,
            );
            assert.deepStrictEqual(configurable, declared);
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
