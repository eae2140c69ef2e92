// `npm run preview:offline -- --stack dev|prod [--json FILE]`: runs the real program against the
// recording engine with the stack's own config, prints what `pulumi up` would create, writes the
// plan as `pulumi preview --json` would, and runs the policy pack over it through the analyzer
// protocol. Exit codes: 0 clean, 1 mandatory policy violation or refused registration, 2 bad input.
import * as fs from "fs";
import * as path from "path";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { listStacks, StackFileError } from "../stackConfig";
import { runProgram } from "../runProgram";
import { toPreviewDigest } from "../plan";
import { renderSummary } from "../summary";

const ROOT = path.resolve(__dirname, "..", "..");

class UsageError extends Error {}

async function main(): Promise<number> {
    const stacks = listStacks(ROOT);
    const argv = await yargs(hideBin(process.argv))
        .scriptName("preview:offline")
        .usage("npm run preview:offline -- --stack <stack> [--json FILE]")
        .option("stack", {
            type: "string",
            demandOption: true,
            describe: `stack to preview (${stacks.join(", ")})`,
        })
        .option("config-file", {
            type: "string",
            describe: "use this config file instead of Pulumi.<stack>.yaml",
        })
        .option("json", {
            type: "string",
            describe: "write the plan in the format of pulumi preview --json",
        })
        .option("policy-pack", {
            type: "string",
            array: true,
            describe: "policy pack directory (repeatable)",
        })
        .option("policy-pack-config", {
            type: "string",
            array: true,
            describe: "policy pack config file, by position",
        })
        .option("policy", {
            type: "boolean",
            default: true,
            describe: "run the policy packs (--no-policy skips them)",
        })
        .strict()
        .fail((msg, err) => {
            throw new UsageError(err?.message ?? msg);
        })
        .help()
        .parseAsync();

    const stack = argv.stack;
    console.log(
        `Previewing stack "${stack}" offline: the real program, a recording engine, no AWS calls.\n`,
    );
    const run = await runProgram(ROOT, stack, { configFile: argv["config-file"] });
    console.log(renderSummary(run.engine, stack));
    const digest = toPreviewDigest(run);
    console.log(`\nPlan: ${digest.changeSummary?.create ?? 0} to create, in ${run.durationMs} ms.`);
    if (argv.json) {
        fs.writeFileSync(argv.json, JSON.stringify(digest, null, 4) + "\n");
        console.log(`Plan written to ${argv.json} (pulumi preview --json format).`);
    }
    if (!argv.policy) return 0;
    const { checkPlan } = await import("./policyReport");
    const packs = argv["policy-pack"] ?? [path.join(ROOT, "policy")];
    return checkPlan(digest, packs, argv["policy-pack-config"] ?? []);
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        const e = err as Error;
        const bad =
            e instanceof UsageError || e instanceof StackFileError || e?.name === "ConfigError";
        // Bad input gets its message alone; the stack trace would only hide it.
        console.error(`error: ${e?.message ?? String(err)}`);
        process.exit(bad ? 2 : 1);
    },
);
