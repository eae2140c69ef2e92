// `npm run policy:check -- PLAN.json [--policy-pack DIR]... [--policy-pack-config FILE]...`: runs
// CrossGuard packs over a plan written by `pulumi preview --json` (or `preview:offline --json`),
// through the analyzer protocol as the Pulumi CLI does. Exit codes: 0 no mandatory violation,
// 1 mandatory violation(s), 2 bad input (flags, plan, pack or pack config).
import * as path from "path";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { PolicyInputError, readPlanFile } from "../analyzer";
import { checkPlan } from "./policyReport";

const ROOT = path.resolve(__dirname, "..", "..");

const USAGE =
    "npm run policy:check -- PLAN.json [--policy-pack DIR]... [--policy-pack-config FILE]...";

const asList = (value: string | string[] | undefined): string[] =>
    value === undefined ? [] : [value].flat();

async function main(): Promise<number> {
    const argv = await yargs(hideBin(process.argv))
        .scriptName("policy:check")
        // Flags are read by their dashed names; camel-case aliases would double every error.
        .parserConfiguration({ "camel-case-expansion": false })
        .usage(USAGE)
        // Repeated string flags rather than array flags: an array flag would swallow the plan file.
        .option("policy-pack", {
            type: "string",
            requiresArg: true,
            coerce: asList,
            describe: "policy pack directory, repeatable (default: policy/)",
        })
        .option("policy-pack-config", {
            type: "string",
            requiresArg: true,
            coerce: asList,
            describe: "JSON config for the pack at the same position, repeatable",
        })
        .strictOptions()
        .fail((msg, err) => {
            throw new PolicyInputError(err?.message ?? msg);
        })
        .version(false)
        .help()
        .parseAsync();

    const plans = argv._.map(String);
    if (plans.length !== 1) {
        throw new PolicyInputError(
            "Give exactly one plan file (the output of pulumi preview --json), not " +
                `${plans.length}: npm run policy:check -- PLAN.json.`,
        );
    }
    const plan = readPlanFile(plans[0]);
    const packs = (argv["policy-pack"] as string[] | undefined) ?? [];
    const configs = (argv["policy-pack-config"] as string[] | undefined) ?? [];
    return checkPlan(plan, packs.length > 0 ? packs : [path.join(ROOT, "policy")], configs);
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        // Bad input gets its message alone; anything else is a bug and keeps its stack.
        if (err instanceof PolicyInputError) console.error(`error: ${err.message}`);
        else console.error(err);
        process.exit(2);
    },
);
