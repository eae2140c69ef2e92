// policy/POLICIES.md, generated from the rule modules themselves: each rule records its
// documentation when it is built (policy/rules/support.ts), so importing the modules under
// policy/rules/ reads the whole catalog without policy/index.ts, whose PolicyPack starts a server.
// The output is deterministic (sorted, no dates) so that a stale file shows up as a diff.
import * as fs from "fs";
import * as path from "path";
import { HIPAA_SECTIONS, HipaaSection } from "../policy/hipaa";
import {
    BASELINE_ROW_COUNT,
    BASELINE_RULES_NOT_APPLIED,
    IMPLEMENTED_BASELINE_ROWS,
    POLICIES_IDLE_IN_STACK,
} from "../policy/notApplicable";
import { PACK_NAME, PACK_PURPOSE } from "../policy/pack";
import { RULE_CATALOG, RuleDoc } from "../policy/rules/support";

export const POLICY_DIR = path.resolve(__dirname, "..", "policy");
export const RULES_DIR = path.join(POLICY_DIR, "rules");
export const POLICIES_MD = path.join(POLICY_DIR, "POLICIES.md");

/** Section titles of the rule modules, in the order the document shows them. */
const AREA_TITLES: Readonly<Record<string, string>> = {
    encryption: "Encryption at rest",
    transit: "Encryption in transit",
    network: "Network isolation",
    data: "Databases and keys",
    logging: "Audit logging and monitoring",
    backup: "Backup, disaster recovery and availability",
    storage: "S3 buckets",
    secrets: "Secrets",
    containers: "Containers",
    iam: "IAM",
    regions: "Data residency",
    tags: "Compliance tags",
};

export interface PolicyArea {
    /** The module's file name without extension, e.g. "encryption". */
    readonly module: string;
    readonly title: string;
    /** The module's rules, by name. */
    readonly rules: readonly RuleDoc[];
}

/** A policy object as the modules export them: the SDK's resource or stack policy. */
function isPolicy(value: unknown): value is { name: string } {
    if (value === null || typeof value !== "object") return false;
    const v = value as Record<string, unknown>;
    return (
        typeof v.name === "string" &&
        (typeof v.validateResource === "function" || typeof v.validateStack === "function")
    );
}

/**
 * Imports every module under policy/rules/ and groups the catalog by the module that exports each
 * policy. A policy built without `resourceRule`/`stackRule`, or exported by two modules, is an
 * error: the document would otherwise be silently incomplete.
 */
export function loadPolicyAreas(rulesDir: string = RULES_DIR): PolicyArea[] {
    const files = fs
        .readdirSync(rulesDir)
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
        .sort();
    const owner = new Map<string, string>();
    for (const file of files) {
        const module = path.basename(file, ".ts");
        const exported: unknown[] = Object.values(require(path.join(rulesDir, file)));
        for (const policy of exported.flatMap((e) => (Array.isArray(e) ? e : [e]))) {
            if (!isPolicy(policy)) continue;
            if (!RULE_CATALOG.has(policy.name)) {
                throw new Error(
                    `policy/rules/${file} exports policy "${policy.name}", which was not built ` +
                        "with resourceRule or stackRule: build it with one of them so it is " +
                        "documented.",
                );
            }
            const first = owner.get(policy.name);
            if (first !== undefined && first !== module) {
                throw new Error(
                    `Policy "${policy.name}" is exported by policy/rules/${first}.ts and ` +
                        `policy/rules/${file}: export it from one module only.`,
                );
            }
            owner.set(policy.name, module);
        }
    }
    const unexported = [...RULE_CATALOG.keys()].filter((name) => !owner.has(name));
    if (unexported.length > 0) {
        throw new Error(
            `Rules built but exported by no module of policy/rules: ${unexported.join(", ")}.`,
        );
    }
    const modules = [...new Set(owner.values())];
    const known = Object.keys(AREA_TITLES);
    const rank = (m: string) => (known.includes(m) ? known.indexOf(m) : known.length);
    modules.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return modules.map((module) => ({
        module,
        title: AREA_TITLES[module] ?? module[0].toUpperCase() + module.slice(1),
        rules: [...owner]
            .filter(([, m]) => m === module)
            .map(([name]) => RULE_CATALOG.get(name)!)
            .sort((a, b) => a.name.localeCompare(b.name)),
    }));
}

/** Text for a Markdown table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
    return [
        `| ${head.join(" | ")} |`,
        `|${head.map(() => "---").join("|")}|`,
        ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
    ];
}

function code(value: unknown): string {
    return `\`${JSON.stringify(value)}\``;
}

/** The exemptions of a config property: array items that carry a reason. */
function exemptionsOf(value: unknown): { item: Record<string, unknown>; reason: string }[] {
    if (!Array.isArray(value)) return [];
    return value
        .filter((v) => v !== null && typeof v === "object" && typeof v.reason === "string")
        .map((v: Record<string, unknown>) => ({ item: v, reason: v.reason as string }));
}

function renderPolicies(areas: readonly PolicyArea[]): string[] {
    const lines: string[] = [];
    for (const area of areas) {
        lines.push(`### ${area.title}`, "", `Rules in \`policy/rules/${area.module}.ts\`.`, "");
        lines.push(
            ...table(
                ["Policy", "Level", "HIPAA sections", "What it checks", "How to fix", "Baseline"],
                area.rules.map((r) => [
                    `\`${r.name}\`${r.kind === "stack" ? " (stack)" : ""}`,
                    r.enforcementLevel,
                    r.sections.map((s) => s.id).join(", "),
                    `${r.requires}.`,
                    r.fix ?? "(not documented)",
                    r.baseline ?? "(not documented)",
                ]),
            ),
            "",
        );
    }
    return lines;
}

function renderSections(rules: readonly RuleDoc[]): string[] {
    const cited = new Map<HipaaSection, string[]>();
    for (const rule of rules) {
        for (const { id } of rule.sections) cited.set(id, [...(cited.get(id) ?? []), rule.name]);
    }
    const ids = (Object.keys(HIPAA_SECTIONS) as HipaaSection[]).filter((id) => cited.has(id));
    return table(
        ["Section", "Title", "Policies"],
        ids.map((id) => [
            id,
            HIPAA_SECTIONS[id],
            cited
                .get(id)!
                .sort()
                .map((n) => `\`${n}\``)
                .join(", "),
        ]),
    );
}

function renderConfig(rules: readonly RuleDoc[]): string[] {
    const lines: string[] = [];
    for (const rule of rules.filter((r) => r.configSchema !== undefined)) {
        const properties = Object.entries(rule.configSchema!.properties ?? {}).sort(([a], [b]) =>
            a.localeCompare(b),
        );
        lines.push(`### \`${rule.name}\``, "");
        lines.push(
            ...table(
                ["Setting", "Default", "Meaning"],
                properties.map(([key, schema]) => {
                    const s = schema as Record<string, unknown>;
                    const exemptions = exemptionsOf(s.default).length > 0;
                    return [
                        `\`${key}\``,
                        exemptions ? "(the exemptions below)" : code(s.default),
                        String(s.description ?? ""),
                    ];
                }),
            ),
            "",
        );
        for (const [key, schema] of properties) {
            const exemptions = exemptionsOf((schema as Record<string, unknown>).default);
            if (exemptions.length === 0) continue;
            lines.push(`Default \`${key}\`:`, "");
            for (const { item, reason } of exemptions) {
                // The first field names what is exempt; any other (ports, say) narrows it.
                const [first, ...rest] = Object.entries(item).filter(([k]) => k !== "reason");
                const narrowed = rest.map(([k, v]) => `${k} ${[v].flat().join(", ")}`);
                const scope = narrowed.length > 0 ? ` (${narrowed.join("; ")})` : "";
                lines.push(`- \`${String(first?.[1])}\`${scope}: ${reason}`);
            }
            lines.push("");
        }
    }
    return lines;
}

/** The whole of policy/POLICIES.md. */
export function renderPolicyDocs(areas: readonly PolicyArea[] = loadPolicyAreas()): string {
    const rules = areas.flatMap((a) => a.rules);
    const count = (level: string) => rules.filter((r) => r.enforcementLevel === level).length;
    const byRow = (a: { row: number; check: string }, b: { row: number; check: string }) =>
        a.row - b.row || a.check.localeCompare(b.check);
    const lines = [
        `# The \`${PACK_NAME}\` policy pack`,
        "",
        "<!-- Generated by `npm run policy:docs` from policy/rules/; edit the rules, not this " +
            "file. -->",
        "",
        "## Purpose",
        "",
        ...PACK_PURPOSE.flatMap((p) => [p, ""]),
        `The pack has ${rules.length} policies: ${count("mandatory")} mandatory and ` +
            `${count("advisory")} advisory. It implements ` +
            `${new Set(IMPLEMENTED_BASELINE_ROWS.map((r) => r.row)).size} of the ` +
            `${BASELINE_ROW_COUNT} rows of the project's HIPAA baseline mapping, in whole or in ` +
            "part; the baseline rules it leaves out are listed at the end, each with the reason.",
        "",
        "## Policies",
        "",
        ...renderPolicies(areas),
        "## HIPAA sections cited",
        "",
        ...renderSections(rules),
        "",
        "## Pack configuration",
        "",
        "Each setting is a property of the policy's entry in a `--policy-pack-config` file; an " +
            "unset property takes the default shown here.",
        "",
        ...renderConfig(rules),
        "## Policies with nothing to judge in the current stack",
        "",
        ...table(
            ["Policy", "Why it stays in the pack"],
            [...POLICIES_IDLE_IN_STACK]
                .sort((a, b) => a.policy.localeCompare(b.policy))
                .map((p) => [`\`${p.policy}\``, p.reason]),
        ),
        "",
        "## Baseline rules that do not apply",
        "",
        "Rules of the HIPAA baseline mapping (cdk-nag HIPAA Security pack, AWS Config HIPAA " +
            "conformance pack, and the project's own rows) that no policy of this pack " +
            "implements, by row of the mapping.",
        "",
        ...table(
            ["Row", "Check", "cdk-nag HIPAA", "AWS Config HIPAA", "Why it does not apply"],
            [...BASELINE_RULES_NOT_APPLIED]
                .sort(byRow)
                .map((r) => [String(r.row), r.check, r.cdkNag, r.awsConfig, r.reason]),
        ),
        "",
    ];
    return lines.join("\n");
}
