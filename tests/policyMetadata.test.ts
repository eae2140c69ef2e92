// Metadata of every policy of the pack, as the running pack reports it and as the catalog documents
// it, and the pack against the whole real stack: every policy has something to judge in the prod
// plan (or says why not in policy/notApplicable.ts), and neither real plan breaks a mandatory one.
import * as assert from "assert";
import { PackDescription, PolicyReport } from "../offline/analyzer";
import { loadPolicyAreas } from "../offline/policyDocs";
import { HIPAA_SECTIONS } from "../policy/hipaa";
import { POLICIES_IDLE_IN_STACK } from "../policy/notApplicable";
import { PACK_NAME } from "../policy/pack";
import { RuleDoc } from "../policy/rules/support";
import { findings } from "./fixtures/policyPlans";
import { realPlan } from "./fixtures/prodPlan";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

/** The AWS services (and "aws" for rules about any resource) a policy name may start with. */
const SERVICES = [
    "alb",
    "appautoscaling",
    "aws",
    "backup",
    "cloudwatch",
    "dynamodb",
    "ec2",
    "ecr",
    "ecs",
    "elb",
    "iam",
    "kms",
    "lb",
    "rds",
    "s3",
    "secretsmanager",
    "sns",
    "vpc",
    "waf",
    "wafv2",
] as const;

/**
 * Policies whose failure exposes PHI, leaves it unencrypted, loses it or moves it out of India:
 * these must be mandatory. Whole rule modules, and names that say what the rule guards.
 */
const MANDATORY_MODULES = ["encryption", "regions"];
const MANDATORY_NAME = /encrypt|cmk|-kms|region|backup|pitr|replicat|versioning|public/;

const SECTION = String.raw`164\.\d{3}(?:\([a-zA-Z0-9]+\))+`;
const DESCRIPTION = new RegExp(
    String.raw`^([A-Z].*?) \(HIPAA (${SECTION}(?:, ${SECTION})*)\)\.$`,
    "s",
);

describe("policy metadata and the whole real stack", () => {
    let pack: PackDescription;
    let catalog: Map<string, RuleDoc & { module: string }>;
    let prod: PolicyReport;
    let dev: PolicyReport;
    before(async () => {
        const running = await sharedPolicyPack();
        prod = await running.analyze(realPlan("prod"));
        dev = await running.analyze(realPlan("dev"));
        pack = prod.packs[0];
        catalog = new Map(
            loadPolicyAreas().flatMap((area) =>
                area.rules.map((rule) => [rule.name, { ...rule, module: area.module }] as const),
            ),
        );
    });

    it("is the pack named in policy/pack.ts, with policies", () => {
        assert.strictEqual(pack.name, PACK_NAME);
        assert.ok(pack.policies.length > 0);
    });

    describe("every policy, as GetAnalyzerInfo reports it", () => {
        it("has a kebab-case service-resource-rule name", () => {
            const bad = pack.policies
                .map((p) => p.name)
                .filter((name) => {
                    const parts = name.split("-");
                    const service = parts[0] as (typeof SERVICES)[number];
                    return (
                        !/^[a-z0-9]+(-[a-z0-9]+){2,}$/.test(name) || !SERVICES.includes(service)
                    );
                });
            assert.deepStrictEqual(bad, []);
        });

        it("is described in one full sentence ending with known HIPAA sections", () => {
            for (const { name, description } of pack.policies) {
                const match = DESCRIPTION.exec(description);
                assert.ok(match, `${name}: "${description}" does not end with (HIPAA <ids>).`);
                // One sentence: no sentence end inside ("TLS 1.2" and "e.g." are not one).
                assert.doesNotMatch(match[1], /[.!?]\s+[A-Z]/, `${name}: "${description}"`);
                for (const id of match[2].split(", ")) {
                    assert.ok(id in HIPAA_SECTIONS, `${name} cites ${id}, not in HIPAA_SECTIONS`);
                }
            }
        });

        it("is mandatory or advisory", () => {
            const levels = pack.policies.filter(
                (p) => p.enforcementLevel !== "mandatory" && p.enforcementLevel !== "advisory",
            );
            assert.deepStrictEqual(levels, []);
        });

        it("is mandatory where PHI could be exposed, unencrypted, lost or sent abroad", () => {
            const mustBeMandatory = pack.policies.filter((p) => {
                const module = catalog.get(p.name)?.module ?? "";
                return MANDATORY_MODULES.includes(module) || MANDATORY_NAME.test(p.name);
            });
            assert.ok(mustBeMandatory.length >= 10, `only ${mustBeMandatory.length} policies`);
            const advisory = mustBeMandatory
                .filter((p) => p.enforcementLevel !== "mandatory")
                .map((p) => p.name);
            assert.deepStrictEqual(advisory, []);
        });

        it("documents how to fix a finding and the baseline it implements", () => {
            const undocumented = pack.policies
                .map((p) => catalog.get(p.name))
                .filter((doc) => !doc || !doc.fix || !doc.baseline || !/^[A-Z].*\.$/s.test(doc.fix))
                .map((doc) => doc?.name);
            assert.deepStrictEqual(undocumented, []);
        });
    });

    describe("the real prod plan", () => {
        it("gives every policy something to judge, or the pack says why not", () => {
            const skipped = prod.notApplicable[PACK_NAME] ?? {};
            const idle = pack.policies
                .filter((p) =>
                    p.kind === "stack"
                        ? (skipped[p.name] ?? 0) > 0
                        : (skipped[p.name] ?? 0) >= prod.resourcesAnalyzed,
                )
                .map((p) => p.name)
                .sort();
            assert.deepStrictEqual(idle, POLICIES_IDLE_IN_STACK.map((p) => p.policy).sort());
        });

        it("breaks no mandatory policy", () => {
            const mandatory = findings(prod).filter((f) => f.level === "mandatory");
            assert.deepStrictEqual(mandatory, []);
        });
    });

    describe("the real dev plan", () => {
        it("breaks no mandatory policy", () => {
            const mandatory = findings(dev).filter((f) => f.level === "mandatory");
            assert.deepStrictEqual(mandatory, []);
        });
    });
});
