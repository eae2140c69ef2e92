// policy/POLICIES.md and the catalog it is generated from: the file on disk is what the generator
// writes now, the catalog read offline is exactly what the running pack reports, and the
// baseline rows the pack implements and the ones it leaves out, with reasons, cover every row.
import * as assert from "assert";
import * as fs from "fs";
import { PackDescription } from "../offline/analyzer";
import { loadPolicyAreas, POLICIES_MD, PolicyArea, renderPolicyDocs } from "../offline/policyDocs";
import {
    BASELINE_ROW_COUNT,
    BASELINE_RULES_NOT_APPLIED,
    IMPLEMENTED_BASELINE_ROWS,
    POLICIES_IDLE_IN_STACK,
} from "../policy/notApplicable";
import { PACK_NAME } from "../policy/pack";
import { RuleDoc } from "../policy/rules/support";
import { planOf } from "./fixtures/policyPlans";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

/** A full sentence: a capital first, a period last. */
const SENTENCE = /^[A-Z].*\.$/s;

describe("policy/POLICIES.md", () => {
    let areas: PolicyArea[];
    let catalog: RuleDoc[];
    let pack: PackDescription;
    before(async () => {
        areas = loadPolicyAreas();
        catalog = areas.flatMap((a) => a.rules);
        // An empty plan is enough: GetAnalyzerInfo does not depend on the resources.
        pack = (await (await sharedPolicyPack()).analyze(planOf([]))).packs[0];
    });

    it("is what `npm run policy:docs` writes now", () => {
        const onDisk = fs.existsSync(POLICIES_MD) ? fs.readFileSync(POLICIES_MD, "utf8") : "";
        const generated = renderPolicyDocs(areas);
        if (onDisk !== generated) {
            const have = onDisk.split("\n");
            const want = generated.split("\n");
            const line = want.findIndex((l, i) => have[i] !== l);
            const at = line === -1 ? have.length : line;
            assert.fail(
                `policy/POLICIES.md is stale (first difference at line ${at + 1}: expected ` +
                    `${JSON.stringify(want[at])}, found ${JSON.stringify(have[at])}): ` +
                    "run `npm run policy:docs` and commit the result.",
            );
        }
    });

    it("renders the same text twice (no dates, sorted)", () => {
        assert.strictEqual(renderPolicyDocs(loadPolicyAreas()), renderPolicyDocs(areas));
    });

    it("documents the running pack's name", () => {
        assert.strictEqual(pack.name, PACK_NAME);
        assert.match(renderPolicyDocs(areas), new RegExp(`^# The \`${PACK_NAME}\` policy pack\n`));
    });

    describe("the catalog read without starting the pack", () => {
        it("has every policy the running pack reports, and no other", () => {
            const reported = pack.policies.map((p) => p.name).sort();
            assert.deepStrictEqual(catalog.map((r) => r.name).sort(), reported);
        });

        it("agrees with the running pack on kind, level, description and config", () => {
            for (const policy of pack.policies) {
                const doc = catalog.find((r) => r.name === policy.name)!;
                assert.deepStrictEqual(
                    {
                        kind: doc.kind,
                        level: doc.enforcementLevel,
                        description: doc.description,
                        config: doc.configSchema?.properties ?? null,
                    },
                    {
                        kind: policy.kind,
                        level: policy.enforcementLevel,
                        description: policy.description,
                        config: policy.configSchema?.properties ?? null,
                    },
                    policy.name,
                );
            }
        });

        it("puts every policy in exactly one area, sorted by name", () => {
            const names = catalog.map((r) => r.name);
            assert.strictEqual(new Set(names).size, names.length);
            for (const area of areas) {
                const inArea = area.rules.map((r) => r.name);
                assert.deepStrictEqual(inArea, [...inArea].sort(), area.module);
            }
        });

        it("renders a table row per policy with its fix and baseline", () => {
            const text = renderPolicyDocs(areas);
            for (const rule of catalog) {
                const kind = rule.kind === "stack" ? " (stack)" : "";
                const row = [
                    `\`${rule.name}\`${kind}`,
                    rule.enforcementLevel,
                    rule.sections.map((s) => s.id).join(", "),
                    `${rule.requires}.`,
                    rule.fix,
                    rule.baseline,
                ].map((c) => String(c).replace(/\|/g, "\\|"));
                assert.ok(text.includes(`| ${row.join(" | ")} |\n`), rule.name);
            }
        });
    });

    describe("baseline coverage (policy/notApplicable.ts)", () => {
        it("accounts for every row of the baseline mapping, each implemented once at most", () => {
            const implemented = IMPLEMENTED_BASELINE_ROWS.map((r) => r.row);
            assert.strictEqual(new Set(implemented).size, implemented.length);
            const rows = new Set([...implemented, ...BASELINE_RULES_NOT_APPLIED.map((r) => r.row)]);
            const all = Array.from({ length: BASELINE_ROW_COUNT }, (_, i) => i + 1);
            assert.deepStrictEqual(
                [...rows].sort((a, b) => a - b),
                all,
            );
        });

        it("names only policies of the pack as implementing a row", () => {
            const names = new Set(catalog.map((r) => r.name));
            const unknown = IMPLEMENTED_BASELINE_ROWS.flatMap((r) =>
                r.policies.filter((p) => !names.has(p)).map((p) => `row ${r.row}: ${p}`),
            );
            assert.deepStrictEqual(unknown, []);
            for (const row of IMPLEMENTED_BASELINE_ROWS) assert.ok(row.policies.length > 0);
        });

        it("traces every policy to a baseline row, or marks it as the project's own", () => {
            const traced = new Set(IMPLEMENTED_BASELINE_ROWS.flatMap((r) => r.policies));
            const untraced = catalog
                .filter((r) => !traced.has(r.name) && !r.baseline?.startsWith("Baymax"))
                .map((r) => `${r.name} (${r.baseline})`);
            assert.deepStrictEqual(untraced, []);
        });

        it("gives a full-sentence reason for every row left out", () => {
            for (const row of BASELINE_RULES_NOT_APPLIED) {
                assert.match(row.reason, SENTENCE, `row ${row.row}`);
                const cells = [row.check, row.cdkNag, row.awsConfig];
                assert.ok(cells.every((c) => c.length > 0), `row ${row.row}`);
            }
        });

        it("lists every row left out in the document, with its reason", () => {
            const text = renderPolicyDocs(areas);
            const section = text.slice(text.indexOf("## Baseline rules that do not apply"));
            for (const row of BASELINE_RULES_NOT_APPLIED) {
                const cells = [row.row, row.check, row.cdkNag, row.awsConfig, row.reason];
                assert.ok(section.includes(`| ${cells.join(" | ")} |\n`), `row ${row.row}`);
            }
        });

        it("names only policies of the pack as idle in the stack, each with a reason", () => {
            const names = new Set(catalog.map((r) => r.name));
            for (const idle of POLICIES_IDLE_IN_STACK) {
                assert.ok(names.has(idle.policy), idle.policy);
                assert.match(idle.reason, SENTENCE, idle.policy);
            }
        });
    });
});
