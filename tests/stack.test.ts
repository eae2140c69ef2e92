// Whole-stack tests: the real index.ts for dev and prod, run by the offline preview command as a
// user runs it, then read back from the plan it writes in the `pulumi preview --json` format.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RecordingEngine } from "../offline/engine";
import { PreviewDigest, ResourceState } from "../offline/previewFormat";
import { runProgram } from "../offline/runProgram";

const ROOT = path.resolve(__dirname, "..");
const TS_NODE = path.join(ROOT, "node_modules", ".bin", "ts-node");

export interface PreviewResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
    readonly plan?: PreviewDigest;
}

/** Runs `npm run preview:offline` (its script, without npm's banner) and reads the plan back. */
export function runOfflinePreview(args: string[]): PreviewResult {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baymax-plan-"));
    const planFile = path.join(dir, "plan.json");
    const result = spawnSync(
        TS_NODE,
        ["--transpile-only", "offline/cli/preview.ts", ...args, "--json", planFile],
        { cwd: ROOT, encoding: "utf8", timeout: 180_000 },
    );
    const plan = fs.existsSync(planFile)
        ? (JSON.parse(fs.readFileSync(planFile, "utf8")) as PreviewDigest)
        : undefined;
    fs.rmSync(dir, { recursive: true, force: true });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, plan };
}

class Plan {
    readonly states: ResourceState[];
    constructor(readonly digest: PreviewDigest) {
        this.states = (digest.steps ?? []).map((s) => s.newState!);
    }
    ofType(type: string): ResourceState[] {
        return this.states.filter((s) => s.type === type);
    }
    one(type: string, nameSuffix: string): ResourceState {
        const found = this.ofType(type).filter((s) => s.urn.endsWith(`::${nameSuffix}`));
        assert.strictEqual(found.length, 1, `expected one ${type} named ${nameSuffix}`);
        return found[0];
    }
    byUrn(urn: string): ResourceState | undefined {
        return this.states.find((s) => s.urn === urn);
    }
    /** The value of an output (id, arn) of the resource with that URN. */
    output(urn: string, key: string): unknown {
        return this.byUrn(urn)?.outputs?.[key];
    }
    regionOf(state: ResourceState): string {
        const providerUrn = state.provider?.split("::").slice(0, -1).join("::");
        return String(this.byUrn(providerUrn ?? "")?.inputs.region);
    }
    counts(): Record<string, number> {
        const counts: Record<string, number> = {};
        for (const s of this.states) counts[s.type] = (counts[s.type] ?? 0) + 1;
        return counts;
    }
}

const TYPES_BY_AREA = {
    natGateways: "aws:ec2/natGateway:NatGateway",
    eips: "aws:ec2/eip:Eip",
    subnets: "aws:ec2/subnet:Subnet",
    instances: "aws:rds/clusterInstance:ClusterInstance",
    tables: "aws:dynamodb/table:Table",
    keys: "aws:kms/key:Key",
    secrets: "aws:secretsmanager/secret:Secret",
    topics: "aws:sns/topic:Topic",
    buckets: "aws:s3/bucket:Bucket",
    vaults: "aws:backup/vault:Vault",
    routeTables: "aws:ec2/routeTable:RouteTable",
    providers: "pulumi:providers:aws",
} as const;

for (const stack of ["dev", "prod"] as const) {
    describe(`the ${stack} stack, offline`, () => {
        let result: PreviewResult;
        let plan: Plan;

        before(() => {
            result = runOfflinePreview(["--stack", stack]);
            assert.ok(result.plan, `no plan written; stderr: ${result.stderr}`);
            plan = new Plan(result.plan);
        });

        it("previews cleanly and reports no mandatory policy violation", () => {
            assert.strictEqual(result.status, 0, result.stdout + result.stderr);
            assert.match(result.stdout, /\b0 mandatory\b/);
            assert.strictEqual(result.stderr, "");
        });

        it("writes the plan in the pulumi preview --json format", () => {
            const steps = result.plan!.steps!;
            assert.ok(steps.every((s) => s.op === "create" && s.urn === s.newState?.urn));
            assert.deepStrictEqual(result.plan!.changeSummary, { create: steps.length });
            assert.strictEqual(steps[0].newState!.type, "pulumi:pulumi:Stack");
            assert.strictEqual(
                steps[0].urn,
                `urn:pulumi:${stack}::baymax::pulumi:pulumi:Stack::baymax-${stack}`,
            );
            assert.strictEqual(result.plan!.config!["baymax:openaiApiKey"], "[secret]");
        });

        it("creates what the environment calls for", () => {
            const counts = plan.counts();
            const perAz = stack === "prod" ? 3 : 1;
            assert.strictEqual(counts[TYPES_BY_AREA.natGateways], perAz);
            assert.strictEqual(counts[TYPES_BY_AREA.eips], perAz);
            assert.strictEqual(counts[TYPES_BY_AREA.subnets], 9);
            assert.strictEqual(counts[TYPES_BY_AREA.instances], stack === "prod" ? 2 : 1);
            assert.strictEqual(counts[TYPES_BY_AREA.tables], 2);
            // Four keys in Mumbai (PHI, secrets, logs, alarms) and two of the DR replica's own.
            assert.strictEqual(counts[TYPES_BY_AREA.keys], 6);
            assert.strictEqual(counts[TYPES_BY_AREA.secrets], 3);
            assert.strictEqual(counts[TYPES_BY_AREA.topics], 2);
            assert.strictEqual(counts[TYPES_BY_AREA.vaults], 2);
            assert.strictEqual(counts[TYPES_BY_AREA.providers], 2);
            const cluster = plan.ofType("aws:rds/cluster:Cluster")[0];
            assert.strictEqual(cluster.inputs.deletionProtection, stack === "prod");
            assert.deepStrictEqual(cluster.inputs.serverlessv2ScalingConfiguration, {
                minCapacity: 0.5,
                maxCapacity: stack === "prod" ? 16 : 4,
            });
            const zones = plan
                .ofType(TYPES_BY_AREA.instances)
                .map((i) => i.inputs.availabilityZone);
            assert.strictEqual(new Set(zones).size, zones.length, "instances share a zone");
        });

        it("sends every AWS resource through one of the two explicit providers", () => {
            const providers = plan.ofType("pulumi:providers:aws");
            assert.deepStrictEqual(providers.map((p) => p.inputs.region).sort(), [
                "ap-south-1",
                "ap-south-2",
            ]);
            const awsResources = plan.states.filter((s) => s.custom && s.type.startsWith("aws:"));
            assert.ok(awsResources.length > 100);
            for (const r of awsResources) {
                assert.ok(r.provider, `${r.urn} has no explicit provider`);
                assert.ok(["ap-south-1", "ap-south-2"].includes(plan.regionOf(r)), r.urn);
                assert.strictEqual(r.inputs.region, undefined, `${r.urn} overrides its region`);
            }
            const inHyderabad = awsResources.filter((r) => plan.regionOf(r) === "ap-south-2");
            assert.ok(inHyderabad.length > 0);
            for (const r of inHyderabad) {
                assert.ok(
                    r.urn.includes("baymax:dr:IndiaDrReplica"),
                    `${r.urn} is outside the DR component`,
                );
            }
        });

        it("wires security groups to each other: internet → ALB → backend → proxy → database", () => {
            const sgId = (role: string) =>
                plan
                    .ofType("aws:ec2/securityGroup:SecurityGroup")
                    .find((s) => s.inputs.name === `baymax-${stack}-${role}-sg`)?.outputs?.id;
            const ingress = plan.ofType(
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            );
            const into = (role: string) =>
                ingress.filter((r) => r.inputs.securityGroupId === sgId(role));
            assert.deepStrictEqual(
                into("database").map((r) => [
                    r.inputs.fromPort,
                    r.inputs.referencedSecurityGroupId,
                    r.inputs.cidrIpv4,
                ]),
                [[5432, sgId("proxy"), undefined]],
            );
            assert.deepStrictEqual(
                into("proxy").map((r) => [r.inputs.fromPort, r.inputs.referencedSecurityGroupId]),
                [[5432, sgId("backend")]],
            );
            assert.deepStrictEqual(
                into("backend").map((r) => [r.inputs.fromPort, r.inputs.referencedSecurityGroupId]),
                [[8000, sgId("alb")]],
            );
            assert.deepStrictEqual(
                into("alb")
                    .map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4])
                    .sort(),
                [
                    [443, "0.0.0.0/0"],
                    [80, "0.0.0.0/0"],
                ],
            );
            const proxy = plan.ofType("aws:rds/proxy:Proxy")[0];
            assert.deepStrictEqual(proxy.inputs.vpcSecurityGroupIds, [sgId("proxy")]);
            const service = plan.ofType("aws:ecs/service:Service")[0];
            assert.deepStrictEqual((service.inputs.networkConfiguration as any).securityGroups, [
                sgId("backend"),
            ]);
        });

        it("encrypts every data store with the key of its data class", () => {
            const keyArn = (alias: string) => {
                const a = plan
                    .ofType("aws:kms/alias:Alias")
                    .find((x) => x.inputs.name === `alias/baymax-${stack}-${alias}`);
                assert.ok(a, `no alias ${alias}`);
                const key = plan
                    .ofType("aws:kms/key:Key")
                    .find(
                        (k) =>
                            k.outputs?.keyId === a.inputs.targetKeyId ||
                            k.outputs?.arn === a.inputs.targetKeyId,
                    );
                assert.ok(key, `alias ${alias} points at no key`);
                return key.outputs!.arn;
            };
            const phi = keyArn("phi");
            const logs = keyArn("logs");
            assert.strictEqual(plan.ofType("aws:rds/cluster:Cluster")[0].inputs.kmsKeyId, phi);
            for (const t of plan.ofType("aws:dynamodb/table:Table")) {
                assert.strictEqual((t.inputs.serverSideEncryption as any).kmsKeyArn, phi, t.urn);
            }
            for (const g of plan.ofType("aws:cloudwatch/logGroup:LogGroup")) {
                assert.strictEqual(g.inputs.kmsKeyId, logs, g.urn);
            }
            for (const s of plan.ofType("aws:secretsmanager/secret:Secret")) {
                assert.strictEqual(s.inputs.kmsKeyId, keyArn("secrets"), s.urn);
            }
            for (const t of plan.ofType("aws:sns/topic:Topic")) {
                assert.strictEqual(t.inputs.kmsMasterKeyId, keyArn("alarms"), t.urn);
            }
            const drKey = keyArn("dr-phi");
            assert.match(String(drKey), /^arn:aws:kms:ap-south-2:/);
            const sse = plan.ofType(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            );
            const keyOfBucket = (suffix: string) =>
                (
                    sse.find((c) => String(c.inputs.bucket).endsWith(suffix))?.inputs.rules as any
                )?.[0]?.applyServerSideEncryptionByDefault?.kmsMasterKeyId;
            assert.strictEqual(keyOfBucket("medical-attachments"), phi);
            assert.strictEqual(keyOfBucket("medical-attachments-dr"), drKey);
        });

        it("keeps every secret out of the plan in plaintext", () => {
            const text = JSON.stringify(result.plan);
            assert.ok(!text.includes("offline-placeholder-for-baymax-openaiApiKey"));
            for (const r of plan.ofType("random:index/randomPassword:RandomPassword")) {
                assert.strictEqual(r.outputs?.result, "[secret]");
            }
            for (const v of plan.ofType("aws:secretsmanager/secretVersion:SecretVersion")) {
                assert.strictEqual(v.inputs.secretString, "[secret]", v.urn);
            }
        });
    });
}

describe("the offline preview refuses bad input", () => {
    function withConfig(edit: (text: string) => string): PreviewResult {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baymax-config-"));
        const file = path.join(dir, "Pulumi.bad.yaml");
        fs.writeFileSync(file, edit(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8")));
        try {
            return runOfflinePreview(["--stack", "bad", "--config-file", file]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }

    it("names the key, the value and what is allowed, registers nothing and exits 2", () => {
        const r = withConfig((t) =>
            t.replace(
                "baymax:environment: prod",
                "baymax:environment: prod\n  baymax:drRegion: us-east-1",
            ),
        );
        assert.strictEqual(r.status, 2);
        assert.strictEqual(
            r.stderr.trim(),
            "error: Invalid stack configuration:\n" +
                '  - baymax:drRegion is "us-east-1"; allowed: "ap-south-2" (Hyderabad), the only ' +
                "other Indian region for patient data",
        );
        assert.doesNotMatch(r.stdout, /Resources of stack/);
        assert.strictEqual(r.plan, undefined);
    });

    it("refuses a value of the wrong type before running the program", () => {
        const r = withConfig((t) => t.replace("baymax:minTasks: 3", "baymax:minTasks: three"));
        assert.strictEqual(r.status, 2);
        assert.strictEqual(
            r.stderr.trim(),
            'error: the config of stack bad sets baymax:minTasks to "three"; allowed: a value of type ' +
                "integer, as Pulumi.yaml declares it",
        );
    });

    it("refuses an unknown stack and lists the stacks there are", () => {
        const r = runOfflinePreview(["--stack", "staging"]);
        assert.strictEqual(r.status, 2);
        assert.strictEqual(
            r.stderr.trim(),
            'error: stack "staging" has no file Pulumi.staging.yaml; allowed stacks: dev, prod',
        );
    });

    it("refuses an unknown flag with the usage error", () => {
        const r = runOfflinePreview(["--stack", "prod", "--colour", "red"]);
        assert.strictEqual(r.status, 2);
        assert.match(r.stderr, /^error: Unknown arguments?: colour/m);
    });
});

describe("a config refusal, inside the program run", () => {
    it("happens before any resource but the stack itself is registered", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baymax-config-"));
        const file = path.join(dir, "Pulumi.bad.yaml");
        const prod = fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8");
        fs.writeFileSync(
            file,
            prod.replace('baymax:dbMaxCapacity: "16"', 'baymax:dbMaxCapacity: "0.25"'),
        );
        let engine: RecordingEngine | undefined;
        try {
            await assert.rejects(
                runProgram(ROOT, "bad", { configFile: file, observe: (e) => (engine = e) }),
                (err: Error) => {
                    assert.strictEqual(err.name, "ConfigError");
                    assert.strictEqual(
                        err.message,
                        "Invalid stack configuration:\n" +
                            '  - baymax:dbMaxCapacity is "0.25"; allowed: a capacity from 0.5 to 256 ACU ' +
                            "in steps of 0.5",
                    );
                    return true;
                },
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        assert.ok(engine);
        assert.deepStrictEqual(
            engine.resources.map((r) => r.type),
            ["pulumi:pulumi:Stack"],
        );
    });
});
