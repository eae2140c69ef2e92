// Test entry point to the recording engine: runs a piece of the program (usually one component)
// against a fresh engine and returns what it registered, once every registration has settled.
import * as aws from "@pulumi/aws";
import { installEngine, RecordingEngine, settle, EngineOptions } from "./engine";

export interface TestProviders {
    readonly primary: aws.Provider;
    readonly dr: aws.Provider;
}

/**
 * Installs a fresh engine, runs `build` (which gets explicit Mumbai and Hyderabad providers) and
 * waits for all registrations. Fails if the engine refused anything, so a test cannot pass on a
 * half-registered component.
 */
export async function record<T>(
    build: (providers: TestProviders) => T,
    options: EngineOptions = {},
): Promise<{ engine: RecordingEngine; result: T }> {
    const engine = new RecordingEngine({
        project: "baymax",
        stack: "test",
        disabledDefaultProviders: ["aws"],
        defaultRegion: "ap-south-1",
        ...options,
    });
    await installEngine(engine);
    const primary = new aws.Provider("primary", { region: "ap-south-1" });
    const dr = new aws.Provider("dr", { region: "ap-south-2" });
    const result = build({ primary, dr });
    await settle();
    if (engine.errors.length > 0) {
        throw engine.errors[0];
    }
    return { engine, result };
}
