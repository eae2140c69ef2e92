// Runs the real program (`index.ts`) for one stack against the recording engine, in this process,
// with the values of Pulumi.<stack>.yaml: what `pulumi preview` would register, without a CLI or
// an AWS account.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { installEngine, RecordingEngine, settle } from "./engine";
import { loadStackFiles, StackFiles } from "./stackConfig";

export interface ProgramRun {
    readonly files: StackFiles;
    readonly engine: RecordingEngine;
    readonly durationMs: number;
}

/**
 * Registers the whole stack. Rejects with the program's own error (a ConfigError for bad stack
 * config, raised before any resource), or with the first registration the engine refused.
 */
export interface RunOptions {
    /** Config file to use instead of `Pulumi.<stack>.yaml`. */
    readonly configFile?: string;
    /** Receives the engine before the program starts, so a caller can inspect a failed run. */
    readonly observe?: (engine: RecordingEngine) => void;
}

export async function runProgram(
    root: string,
    stack: string,
    options: RunOptions = {},
): Promise<ProgramRun> {
    const started = Date.now();
    const files = loadStackFiles(root, stack, options.configFile);
    const engine = new RecordingEngine({
        project: files.project,
        stack,
        disabledDefaultProviders: files.disabledDefaultProviders,
        defaultRegion: files.config["aws:region"],
    });
    options.observe?.(engine);
    await installEngine(engine, true);
    pulumi.runtime.setAllConfig(files.config, files.secretKeys);

    let programError: unknown;
    const onRejection = (err: unknown) => {
        programError = programError ?? err;
    };
    process.on("unhandledRejection", onRejection);
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            // The program module exports the stack outputs, as under the Pulumi CLI.
            return require(path.join(root, "index.ts"));
        });
        await settle();
    } catch (err) {
        programError = programError ?? err;
    } finally {
        process.off("unhandledRejection", onRejection);
    }
    if (programError !== undefined) throw programError;
    if (engine.errors.length > 0) throw engine.errors[0];
    return { files, engine, durationMs: Date.now() - started };
}
