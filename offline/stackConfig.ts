// Reads a stack's configuration the way the Pulumi CLI does: the project file's `config:` block
// declares each key with its type and default, and `Pulumi.<stack>.yaml` sets the values. Secure
// values cannot be decrypted offline, so they stand in as placeholders that stay marked secret.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

export interface StackFiles {
    readonly project: string;
    readonly stack: string;
    /** Fully qualified keys (`baymax:vpcCidr`) to the string form the runtime expects. */
    readonly config: Record<string, string>;
    readonly secretKeys: string[];
    readonly disabledDefaultProviders: string[];
}

/** A problem with the project or stack files; the message names the file and key. */
export class StackFileError extends Error {}

type Declared = { type?: string; default?: unknown; secret?: boolean; items?: { type?: string } };

export function listStacks(root: string): string[] {
    return fs
        .readdirSync(root)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

function readYaml(file: string): any {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new StackFileError(`cannot read ${file}`);
    }
    try {
        return YAML.parse(text) ?? {};
    } catch (e) {
        throw new StackFileError(
            `${path.basename(file)} is not valid YAML: ${(e as Error).message}`,
        );
    }
}

/**
 * Reads the project file and the stack's config file (`Pulumi.<stack>.yaml`, or `configFile` as
 * with `pulumi preview --config-file`).
 */
export function loadStackFiles(root: string, stack: string, configFile?: string): StackFiles {
    const projectFile = readYaml(path.join(root, "Pulumi.yaml"));
    const project = projectFile.name;
    if (typeof project !== "string" || project === "") {
        throw new StackFileError("Pulumi.yaml has no project name");
    }
    const stackPath = configFile ?? path.join(root, `Pulumi.${stack}.yaml`);
    if (configFile === undefined && !fs.existsSync(stackPath)) {
        throw new StackFileError(
            `stack "${stack}" has no file Pulumi.${stack}.yaml; ` +
                `allowed stacks: ${listStacks(root).join(", ") || "none"}`,
        );
    }
    const stackFile = readYaml(stackPath);
    const declared: Record<string, Declared> = projectFile.config ?? {};
    const values: Record<string, unknown> = stackFile.config ?? {};
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];

    const qualify = (key: string) => (key.includes(":") ? key : `${project}:${key}`);
    for (const [key, decl] of Object.entries(declared)) {
        if (decl && typeof decl === "object" && "default" in decl) {
            config[qualify(key)] = toConfigString(decl.default);
        } else if (decl !== null && typeof decl !== "object") {
            config[qualify(key)] = toConfigString(decl);
        }
    }
    for (const [key, value] of Object.entries(values)) {
        const full = qualify(key);
        if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
            config[full] = `offline-placeholder-for-${full.replace(/[:]/g, "-")}`;
            secretKeys.push(full);
            continue;
        }
        const decl =
            declared[full.startsWith(`${project}:`) ? full.slice(project.length + 1) : full];
        if (decl && typeof decl === "object" && decl.type) {
            checkDeclaredType(stack, full, value, decl);
        }
        config[full] = toConfigString(value);
    }
    const disabled = values["pulumi:disable-default-providers"];
    return {
        project,
        stack,
        config,
        secretKeys,
        disabledDefaultProviders: Array.isArray(disabled) ? disabled.map(String) : [],
    };
}

function checkDeclaredType(stack: string, key: string, value: unknown, decl: Declared): void {
    const ok =
        (decl.type === "string" && typeof value === "string") ||
        (decl.type === "integer" && Number.isInteger(value)) ||
        (decl.type === "boolean" && typeof value === "boolean") ||
        (decl.type === "array" && Array.isArray(value));
    if (!ok) {
        throw new StackFileError(
            `the config of stack ${stack} sets ${key} to ${JSON.stringify(value)}; ` +
                `allowed: a value of type ${decl.type}, as Pulumi.yaml declares it`,
        );
    }
}

function toConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}
