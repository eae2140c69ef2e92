// The offline analyzer and the policy:check command: plan files and pack configs are refused with
// one exact sentence, packs are started, configured and stopped as the Pulumi CLI does it, and the
// command's exit code tells a clean plan (0) from a mandatory violation (1) and bad input (2).
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    hasMandatoryViolations,
    PlanFileError,
    PolicyConfigError,
    PolicyPackError,
    readPlanFile,
    readPolicyPackConfig,
    RunningPolicyPack,
} from "../offline/analyzer";
import { PreviewDigest } from "../offline/previewFormat";
import {
    compliantResources,
    findings,
    planOf,
    planWith,
    POLICY_DIR,
    urnOf,
} from "./fixtures/policyPlans";
import { PACK_POLICIES } from "./fixtures/packPolicies";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

const ROOT = path.resolve(__dirname, "..");
const FIXTURES = path.join(__dirname, "fixtures");
const NAMING_PACK = path.join(FIXTURES, "naming-pack");
const TS_NODE = path.join(ROOT, "node_modules", ".bin", "ts-node");

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "baymax-analyzer-"));
let fileCount = 0;

/** Writes a file under the test's temp dir and returns its path. */
function write(content: unknown, name = `file-${++fileCount}.json`): string {
    const file = path.join(tmp, name);
    const text = typeof content === "string" ? content : JSON.stringify(content, null, 2);
    fs.writeFileSync(file, text);
    return file;
}

interface CliRun {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs `npm run policy:check -- ...` (its script, without npm's banner). */
function policyCheck(...args: string[]): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const script = ["--transpile-only", "offline/cli/policyCheck.ts", ...args];
        const child = spawn(TS_NODE, script, { cwd: ROOT });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
        child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}

/** Processes whose working directory is `dir`, i.e. packs started there and still alive. */
function processesIn(dir: string): string[] {
    return fs.readdirSync("/proc").filter((pid) => {
        if (!/^\d+$/.test(pid)) return false;
        try {
            return fs.readlinkSync(`/proc/${pid}/cwd`) === dir;
        } catch {
            return false;
        }
    });
}

const lastLine = (text: string) => text.trimEnd().split("\n").pop();

describe("reading a plan file", () => {
    const notAPlan = (file: string) => `Plan file ${file} is not a pulumi preview --json plan:`;
    const expectError = (content: unknown, detail: (file: string) => string) => {
        const file = write(content);
        assert.throws(
            () => readPlanFile(file),
            (err: Error) => {
                assert.ok(err instanceof PlanFileError);
                assert.strictEqual(err.message, detail(file));
                return true;
            },
        );
    };
    const compliant = () => planOf(compliantResources());

    it("refuses a file that does not exist", () => {
        const file = path.join(tmp, "missing.json");
        assert.throws(() => readPlanFile(file), {
            name: "PlanFileError",
            message: `Plan file ${file} cannot be read: it does not exist.`,
        });
    });

    it("refuses a file that is not JSON", () => {
        expectError(
            "hello",
            (f) => `Plan file ${f} is not JSON: Unexpected token 'h', "hello" is not valid JSON.`,
        );
    });

    it("refuses JSON that is not an object", () => {
        expectError(
            [],
            (f) =>
                `${notAPlan(f)} at the top level, expected a pulumi preview --json object with ` +
                '"steps", found an array.',
        );
    });

    it("refuses JSON without steps", () => {
        expectError(
            { name: "baymax", runtime: "nodejs" },
            (f) =>
                `${notAPlan(f)} at /steps, expected the list of preview steps (an array), ` +
                "found nothing.",
        );
    });

    it("refuses a step whose new state has no type", () => {
        const plan = compliant();
        delete (plan.steps![4].newState as any).type;
        expectError(
            plan,
            (f) =>
                `${notAPlan(f)} at /steps/4/newState/type, expected the resource type token ` +
                '(a string such as "aws:s3/bucket:Bucket"), found nothing.',
        );
    });

    it("refuses a create step without a new state", () => {
        const plan = compliant();
        delete plan.steps![2].newState;
        expectError(
            plan,
            (f) =>
                `${notAPlan(f)} at /steps/2/newState, expected a resource state object, ` +
                "found nothing.",
        );
    });

    it("refuses an operation the engine does not have", () => {
        const plan = compliant();
        plan.steps![0].op = "frobnicate";
        expectError(
            plan,
            (f) =>
                `${notAPlan(f)} at /steps/0/op, expected a step operation (same, create, update, ` +
                "replace, create-replacement, read, read-replacement, refresh, import, " +
                "import-replacement, delete, delete-replaced, discard, discard-replaced, " +
                'read-discard, remove-pending-replace), found "frobnicate".',
        );
    });

    it("refuses inputs that are not an object", () => {
        const plan = compliant();
        (plan.steps![3].newState as any).inputs = ["enableKeyRotation"];
        expectError(
            plan,
            (f) =>
                `${notAPlan(f)} at /steps/3/newState/inputs, expected the resource's inputs ` +
                "(an object), found an array.",
        );
    });

    it("refuses a provider reference without the provider's id", () => {
        const plan = compliant();
        plan.steps![3].newState!.provider = urnOf("pulumi:providers:aws", "mumbai");
        expectError(
            plan,
            (f) =>
                `${notAPlan(f)} at /steps/3/newState/provider, expected a provider reference ` +
                '(<provider urn>::<provider id>), found "urn:pulumi:test::baymax::pulumi:' +
                'providers:aws::mumbai".',
        );
    });

    it("reads a valid plan, filling in the inputs the CLI omits when empty", () => {
        const plan = compliant();
        delete (plan.steps![0].newState as any).inputs;
        const read = readPlanFile(write(plan));
        assert.deepStrictEqual(read.steps![0].newState!.inputs, {});
        assert.strictEqual(read.steps!.length, 57);
    });
});

describe("reading a pack config file", () => {
    const expectError = (content: unknown, detail: (file: string) => string) => {
        const file = write(content);
        assert.throws(
            () => readPolicyPackConfig(file),
            (err: Error) => {
                assert.ok(err instanceof PolicyConfigError);
                assert.strictEqual(err.message, detail(file));
                return true;
            },
        );
    };

    it("reads levels and settings in the CLI's format", () => {
        const regions = { enforcementLevel: "mandatory", allowedRegions: ["ap-south-1"] };
        const file = write({ all: "advisory", "aws-region-india-only": regions });
        assert.deepStrictEqual(readPolicyPackConfig(file), {
            file,
            policies: {
                all: { enforcementLevel: "advisory", properties: {} },
                "aws-region-india-only": {
                    enforcementLevel: "mandatory",
                    properties: { allowedRegions: ["ap-south-1"] },
                },
            },
        });
    });

    it("refuses a file that is not JSON", () => {
        expectError(
            "{",
            (f) =>
                `Policy pack config ${f} is not JSON: Expected property name or '}' in JSON at ` +
                "position 1.",
        );
    });

    it("refuses JSON that is not an object", () => {
        expectError(
            ["all"],
            (f) =>
                `Policy pack config ${f} must be a JSON object of policy names to an enforcement ` +
                "level or an object of settings, not an array.",
        );
    });

    it("refuses an enforcement level that does not exist", () => {
        expectError(
            { all: "strict" },
            (f) =>
                `Policy pack config ${f}: "all" has enforcement level "strict"; allowed: ` +
                '"advisory", "mandatory", "remediate", "disabled".',
        );
    });

    it("refuses a value that is neither a level nor an object", () => {
        expectError(
            { "kms-key-rotation-enabled": 1 },
            (f) =>
                `Policy pack config ${f}: "kms-key-rotation-enabled" must be an enforcement ` +
                'level ("advisory", "mandatory", "remediate", "disabled") or an object of ' +
                "settings, not 1.",
        );
    });

    it("refuses settings under all", () => {
        expectError(
            { all: { enforcementLevel: "advisory", allowedRegions: ["ap-south-1"] } },
            (f) =>
                `Policy pack config ${f}: "all" takes only an enforcement level, but sets ` +
                "allowedRegions; move those settings under their policy.",
        );
    });
});

describe("running policy packs", () => {
    const BAD_PLAN = planWith("db-cluster", (i) => (i.storageEncrypted = false));
    const withRenamedAlias = (plan: PreviewDigest) => {
        const alias = plan.steps!.find((s) => s.newState?.type === "aws:kms/alias:Alias")!;
        alias.newState!.inputs.name = "alias/phi";
        return plan;
    };
    const badPlanFile = write(withRenamedAlias(BAD_PLAN), "bad.plan.json");
    const advisoryConfig = write({ all: "advisory" }, "all-advisory.json");

    let pack: RunningPolicyPack;
    let twoPacks: CliRun;
    let allAdvisory: CliRun;
    before(async () => {
        // Starting a pack compiles it; start everything this file needs at once.
        [pack, twoPacks, allAdvisory] = await Promise.all([
            sharedPolicyPack(),
            policyCheck(badPlanFile, "--policy-pack", POLICY_DIR, "--policy-pack", NAMING_PACK),
            policyCheck(badPlanFile, "--policy-pack-config", advisoryConfig),
        ]);
    });

    describe("pack config, checked against the pack's own policies", () => {
        const expectError = async (config: unknown, detail: string) => {
            const file = write(config);
            const analysis = pack.analyze(BAD_PLAN, readPolicyPackConfig(file));
            await assert.rejects(analysis, (err: Error) => {
                assert.ok(err instanceof PolicyConfigError);
                assert.strictEqual(err.message, `Policy pack config ${file}: ${detail}`);
                return true;
            });
        };
        const REGIONS_ARE =
            "(allowedRegions: AWS regions where resources and copies of their data may live).";

        it("refuses a policy the pack does not have and lists those it has", async () => {
            await expectError(
                { "rds-encryption": "mandatory" },
                'pack "baymax-hipaa" has no policy "rds-encryption"; its policies are ' +
                    `${PACK_POLICIES.map(([name]) => name).join(", ")}.`,
            );
        });

        it("refuses a region that is not one, naming the setting and its purpose", async () => {
            await expectError(
                { "aws-region-india-only": { allowedRegions: ["ap-south-1", "mumbai"] } },
                'policy "aws-region-india-only" setting "allowedRegions[1]" must match ' +
                    `^[a-z]{2}(-[a-z]+)+-[0-9]+$, found "mumbai" ${REGIONS_ARE}`,
            );
        });

        it("refuses a setting the policy does not declare", async () => {
            await expectError(
                { "aws-resource-hipaa-tags": { requiredTag: ["Name"] } },
                'policy "aws-resource-hipaa-tags" has no setting "requiredTag"; its settings are ' +
                    "requiredTags.",
            );
        });

        it("refuses a setting of the wrong type", async () => {
            await expectError(
                { "aws-resource-hipaa-tags": { requiredTags: "Name" } },
                'policy "aws-resource-hipaa-tags" setting "requiredTags" must be an array, found ' +
                    '"Name" (requiredTags: Tag keys every taggable resource must set in its own ' +
                    "tags input).",
            );
        });

        it("refuses an empty list where the schema asks for one item", async () => {
            await expectError(
                { "aws-region-india-only": { allowedRegions: [] } },
                'policy "aws-region-india-only" setting "allowedRegions" must list at least 1 ' +
                    `item(s) ${REGIONS_ARE}`,
            );
        });

        it("refuses settings for a policy that has none", async () => {
            const rotation = { enforcementLevel: "advisory", keySpecs: ["RSA_2048"] };
            await expectError(
                { "kms-key-rotation-enabled": rotation },
                'policy "kms-key-rotation-enabled" has no setting "keySpecs"; it has no settings.',
            );
        });

        it("lowers every policy with all: advisory, and a named entry wins", async () => {
            const file = write({ all: "advisory", "aws-resource-hipaa-tags": "mandatory" });
            const report = await pack.analyze(BAD_PLAN, readPolicyPackConfig(file));
            assert.deepStrictEqual(findings(report), [
                {
                    policy: "rds-cluster-storage-encrypted-cmk",
                    level: "advisory",
                    resource: "db-cluster",
                    message:
                        'RDS cluster "db-cluster" stores data unencrypted: ' +
                        "set storageEncrypted: true.",
                },
            ]);
            assert.strictEqual(hasMandatoryViolations(report), false);
            const levels = report.packs[0].policies.map((p) => `${p.name}=${p.enforcementLevel}`);
            assert.ok(levels.includes("rds-cluster-storage-encrypted-cmk=advisory"));
            assert.ok(levels.includes("aws-resource-hipaa-tags=mandatory"));
        });

        it("turns a policy off with disabled", async () => {
            const file = write({ "rds-cluster-storage-encrypted-cmk": "disabled" });
            const report = await pack.analyze(BAD_PLAN, readPolicyPackConfig(file));
            assert.deepStrictEqual(findings(report), []);
            assert.strictEqual(report.packs[0].policies[0].enforcementLevel, "disabled");
        });

        it("configures from scratch on every run: the next plan gets the defaults", async () => {
            const report = await pack.analyze(BAD_PLAN);
            assert.strictEqual(hasMandatoryViolations(report), true);
            assert.strictEqual(report.violations.length, 1);
        });
    });

    it("sends no step that removes a resource", async () => {
        const plan = planOf(compliantResources());
        const goneUrn = urnOf("aws:s3/bucket:Bucket", "old-bucket");
        plan.steps!.push({
            op: "delete",
            urn: goneUrn,
            oldState: { urn: goneUrn, custom: true, type: "aws:s3/bucket:Bucket", inputs: {} },
        });
        const report = await pack.analyze(plan);
        assert.strictEqual(report.resourcesAnalyzed, 57);
        assert.deepStrictEqual(findings(report), []);
    });

    describe("packs that cannot run", () => {
        it("refuses a directory that is not a pack", async () => {
            await assert.rejects(RunningPolicyPack.start(FIXTURES), {
                name: "PolicyPackError",
                message:
                    `Policy pack ${FIXTURES} has no PulumiPolicy.yaml; point --policy-pack at a ` +
                    "pack directory.",
            });
        });

        it("reports a pack that fails while loading, with its stderr", async () => {
            const dir = path.join(FIXTURES, "broken-pack");
            await assert.rejects(RunningPolicyPack.start(dir), (err: Error) => {
                assert.ok(err instanceof PolicyPackError);
                assert.deepStrictEqual(err.message.split("\n").slice(0, 3), [
                    `Policy pack ${dir} exited with code 32 before serving; its stderr:`,
                    `error: [runtime] Running program '${dir}' failed with an unhandled exception:`,
                    "    Error: the pack cannot load its rules",
                ]);
                return true;
            });
        });

        it("times out on a pack that never prints its port, and stops it", async () => {
            const dir = path.join(FIXTURES, "silent-pack");
            await assert.rejects(RunningPolicyPack.start(dir, { startTimeoutMs: 1500 }), {
                name: "PolicyPackError",
                message:
                    `Policy pack ${dir} printed no port within 1.5 s and wrote nothing to ` +
                    "stderr",
            });
            await new Promise((resolve) => setTimeout(resolve, 300));
            assert.deepStrictEqual(processesIn(dir), []);
        });
    });

    describe("npm run policy:check", () => {
        it("runs two packs given with --policy-pack twice and exits 1 on a mandatory one", () => {
            assert.strictEqual(twoPacks.status, 1, twoPacks.stderr);
            assert.strictEqual(twoPacks.stderr, "");
            const out = twoPacks.stdout;
            assert.match(out, /^Policy pack baymax-hipaa@v0\.1\.0: 93 policies$/m);
            assert.match(out, /^Policy pack baymax-naming@v0\.0\.1: 1 policies$/m);
            assert.match(out, /│ kms-alias-baymax-prefix\s+│ advisory\s+│ 1 of 57 resources /);
            const mandatoryAt = out.indexOf("Mandatory violations (1)");
            assert.ok(mandatoryAt > 0 && mandatoryAt < out.indexOf("Advisory violations (1)"));
            assert.match(out, /│ db-cluster\s+│ rds-cluster-storage-encrypted-cmk\s+│ RDS /);
            assert.match(out, /│ phi-key-alias\s+│ kms-alias-baymax-prefix\s+│ KMS alias "phi-key/);
            assert.strictEqual(
                lastLine(out),
                "1 mandatory, 1 advisory violation(s) over 57 resources",
            );
        });

        it("matches --policy-pack-config to its pack by position and exits 0", () => {
            assert.strictEqual(allAdvisory.status, 0, allAdvisory.stderr);
            assert.strictEqual(allAdvisory.stderr, "");
            assert.match(allAdvisory.stdout, /^Advisory violations \(1\)$/m);
            assert.strictEqual(
                lastLine(allAdvisory.stdout),
                "0 mandatory, 1 advisory violation(s) over 57 resources",
            );
        });

        it("exits 2 with one line on bad flags, plans and configs", async () => {
            const notAPlan = write({ name: "baymax" });
            const notJson = write("{", "broken-config.json");
            const twoPacksOneConfig = [
                "--policy-pack",
                POLICY_DIR,
                "--policy-pack",
                NAMING_PACK,
                "--policy-pack-config",
                advisoryConfig,
            ];
            const runs = await Promise.all([
                policyCheck(badPlanFile, "--policy-pak", "policy"),
                policyCheck(),
                policyCheck(notAPlan),
                policyCheck(badPlanFile, ...twoPacksOneConfig),
                policyCheck(badPlanFile, "--policy-pack-config", notJson),
            ]);
            assert.deepStrictEqual(
                runs.map((r) => [r.status, r.stderr]),
                [
                    [2, "error: Unknown argument: policy-pak\n"],
                    [
                        2,
                        "error: Give exactly one plan file (the output of pulumi preview " +
                            "--json), not 0: npm run policy:check -- PLAN.json.\n",
                    ],
                    [
                        2,
                        `error: Plan file ${notAPlan} is not a pulumi preview --json plan: ` +
                            "at /steps, expected the list of preview steps (an array), found " +
                            "nothing.\n",
                    ],
                    [
                        2,
                        "error: Got 1 --policy-pack-config file(s) for 2 --policy-pack(s): " +
                            "give one config per pack, in the same order.\n",
                    ],
                    [
                        2,
                        `error: Policy pack config ${notJson} is not JSON: Expected property ` +
                            "name or '}' in JSON at position 1.\n",
                    ],
                ],
            );
        });
    });
});
