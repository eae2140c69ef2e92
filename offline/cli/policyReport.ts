// The readable end of a policy run, shared by `policy:check` and `preview:offline`: which policies
// ran, the violations grouped by enforcement level (mandatory first), and a one-line verdict.
import * as path from "path";
import Table = require("cli-table3");
import {
    hasMandatoryViolations,
    PolicyDescription,
    PolicyInputError,
    PolicyReport,
    PolicyViolation,
    runPolicyPacks,
} from "../analyzer";
import { PreviewDigest } from "../previewFormat";

const COMPACT = {
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
    style: { head: [], border: [] },
};

/** Violation levels in the order they are shown; the others never reach a report. */
const LEVELS = ["mandatory", "advisory"] as const;

export function renderPolicyReport(report: PolicyReport): string {
    const lines: string[] = [];
    for (const pack of report.packs) {
        const policies = new Table({ head: ["Policy", "Level", "Judged"], ...COMPACT });
        for (const p of pack.policies) {
            policies.push([p.name, p.enforcementLevel, judged(report, pack.name, p)]);
        }
        const title = `Policy pack ${pack.name}@v${pack.version}: ${pack.policies.length} policies`;
        lines.push(title, policies.toString(), "");
    }
    for (const level of LEVELS) {
        const found = report.violations.filter((v) => v.enforcementLevel === level);
        if (found.length === 0) continue;
        const table = new Table({
            head: ["Resource", "Policy", "Message"],
            ...COMPACT,
            colWidths: [34, 38, 60],
            wordWrap: true,
        });
        for (const v of found) table.push([resourceOf(v), v.policyName, v.message]);
        const title = `${level[0].toUpperCase()}${level.slice(1)} violations (${found.length})`;
        lines.push(title, table.toString(), "");
    }
    lines.push(verdict(report));
    return lines.join("\n");
}

/** What a policy looked at: how many resources, or the stack as a whole. */
function judged(report: PolicyReport, packName: string, policy: PolicyDescription): string {
    const skipped = report.notApplicable[packName]?.[policy.name] ?? 0;
    if (policy.enforcementLevel === "disabled") return "-";
    if (policy.kind === "stack") return skipped > 0 ? "stack (not applicable)" : "stack";
    return `${report.resourcesAnalyzed - skipped} of ${report.resourcesAnalyzed} resources`;
}

function resourceOf(v: PolicyViolation): string {
    return v.resourceName === undefined ? "(stack)" : `${v.resourceName}\n${v.resourceType}`;
}

/** "N mandatory, M advisory violation(s) over R resources". */
export function verdict(report: PolicyReport): string {
    const count = (level: string) =>
        report.violations.filter((v) => v.enforcementLevel === level).length;
    return (
        `${count("mandatory")} mandatory, ${count("advisory")} advisory violation(s) over ` +
        `${report.resourcesAnalyzed} resources`
    );
}

/**
 * Runs the packs (config files matched by position, as with the Pulumi CLI) over a plan, prints the
 * report and returns the exit code: 0 without mandatory violations, 1 with, 2 when a pack, its
 * config or the plan is unusable (the error alone goes to stderr).
 */
export async function checkPlan(
    plan: PreviewDigest,
    packDirs: readonly string[],
    configFiles: readonly string[],
): Promise<number> {
    try {
        if (configFiles.length > 0 && configFiles.length !== packDirs.length) {
            throw new PolicyInputError(
                `Got ${configFiles.length} --policy-pack-config file(s) for ${packDirs.length} ` +
                    "--policy-pack(s): give one config per pack, in the same order.",
            );
        }
        const sources = packDirs.map((dir, i) => ({ dir, configFile: configFiles[i] }));
        const names = packDirs.map((dir) => path.relative(process.cwd(), dir) || ".").join(", ");
        console.log(`Running policy pack(s) ${names} through the analyzer protocol.\n`);
        const report = await runPolicyPacks(plan, sources);
        console.log(renderPolicyReport(report));
        return hasMandatoryViolations(report) ? 1 : 0;
    } catch (err) {
        if (!(err instanceof PolicyInputError)) throw err;
        console.error(`error: ${err.message}`);
        return 2;
    }
}
