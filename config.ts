// Typed, validated stack configuration. Every key is read once here and checked before any
// resource is registered, so a wrong value stops `pulumi up` with one readable message instead
// of a half-built stack. The validators are pure functions, tested without mocks.
import * as pulumi from "@pulumi/pulumi";
import * as ipaddr from "ipaddr.js";

/** Regions that may hold patient data: Mumbai for the workload, Hyderabad for disaster recovery. */
export const PRIMARY_REGION = "ap-south-1";
export const DR_REGION = "ap-south-2";

export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const CAPACITY_PROVIDERS = ["FARGATE", "FARGATE_SPOT"] as const;
export const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"] as const;

/** Retention values CloudWatch Logs accepts; 2192 days keeps six years of audit trail. */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
] as const;

/** Fargate task sizes this service is allowed to run with (CPU units to memory MiB range). */
export const FARGATE_SIZES: Record<number, { min: number; max: number }> = {
    512: { min: 1024, max: 4096 },
    1024: { min: 2048, max: 8192 },
    2048: { min: 4096, max: 16384 },
    4096: { min: 8192, max: 30720 },
};

export interface StackConfig {
    readonly project: string;
    readonly environment: Environment;
    readonly primaryRegion: string;
    readonly drRegion: string;
    readonly availabilityZones: string[];
    readonly vpcCidr: string;
    readonly publicSubnetCidrs: string[];
    readonly appSubnetCidrs: string[];
    readonly dbSubnetCidrs: string[];
    readonly natGatewayPerAz: boolean;
    readonly logRetentionDays: number;
    readonly deletionProtection: boolean;
    readonly dbEngineVersion: string;
    readonly dbMinCapacity: number;
    readonly dbMaxCapacity: number;
    readonly dbInstanceCount: number;
    readonly openaiApiKey: pulumi.Output<string>;
    readonly backendImageTag: string;
    readonly taskCpu: number;
    readonly taskMemory: number;
    readonly taskMemoryReservation: number;
    readonly minTasks: number;
    readonly maxTasks: number;
    readonly capacityProvider: (typeof CAPACITY_PROVIDERS)[number];
    readonly logLevel: (typeof LOG_LEVELS)[number];
    readonly certificateArn: string;
    readonly medicalAlertEmails: string[];
    readonly criticalAlertEmails: string[];
    readonly backupRetentionDays: number;
    readonly drBackupRetentionDays: number;
}

/** Raised for any invalid stack config value; RunError keeps the stack trace out of the CLI. */
export class ConfigError extends pulumi.RunError {
    constructor(public readonly problems: string[]) {
        super(`Invalid stack configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

/** Reads one raw config value (a string, as Pulumi stores it), or undefined when unset. */
export type RawConfigReader = (key: string) => string | undefined;

/**
 * Parses and validates raw config values. Pure: the reader is the only input, so tests call it
 * with a plain object. Collects every problem before throwing, so one run shows them all.
 */
export function parseStackConfig(
    project: string,
    read: RawConfigReader,
    openaiApiKey: pulumi.Output<string> | undefined,
): StackConfig {
    const problems: string[] = [];
    const p = new Parser(project, read, problems);

    const environment = p.oneOf("environment", ENVIRONMENTS);
    const primaryRegion = p.exact("primaryRegion", PRIMARY_REGION, "the Mumbai region");
    const drRegion = p.string("drRegion");
    if (drRegion !== undefined && drRegion === primaryRegion) {
        problems.push(
            `${p.key("drRegion")} is "${drRegion}", the same as the primary region; ` +
                `allowed: "${DR_REGION}" (Hyderabad), so that a regional outage cannot take ` +
                "both copies of patient data",
        );
    } else if (drRegion !== undefined && drRegion !== DR_REGION) {
        problems.push(
            `${p.key("drRegion")} is "${drRegion}"; allowed: "${DR_REGION}" ` +
                "(Hyderabad), the only other Indian region for patient data",
        );
    }

    const availabilityZones = p.stringList("availabilityZones");
    if (availabilityZones && primaryRegion) {
        const zoneForm = new RegExp(`^${PRIMARY_REGION}[a-z]$`);
        const bad = availabilityZones.filter((z) => !zoneForm.test(z));
        if (bad.length > 0) {
            problems.push(
                `${p.key("availabilityZones")} has "${bad.join('", "')}"; allowed: ` +
                    `zones of ${PRIMARY_REGION}, such as "${PRIMARY_REGION}a"`,
            );
        } else if (new Set(availabilityZones).size !== availabilityZones.length) {
            problems.push(
                `${p.key("availabilityZones")} lists a zone twice ` +
                    `(${JSON.stringify(availabilityZones)}); allowed: distinct zones`,
            );
        } else if (availabilityZones.length < 2 || availabilityZones.length > 3) {
            problems.push(
                `${p.key("availabilityZones")} has ${availabilityZones.length} zone(s); ` +
                    "allowed: 2 or 3 zones, so the database can fail over",
            );
        }
    }

    const vpcCidr = p.cidr("vpcCidr", 16, 24);
    const subnetKeys = ["publicSubnetCidrs", "appSubnetCidrs", "dbSubnetCidrs"] as const;
    const subnets: Record<string, string[] | undefined> = {};
    for (const key of subnetKeys) {
        subnets[key] = p.cidrList(key, availabilityZones?.length);
    }
    if (vpcCidr) {
        checkSubnetLayout(p, vpcCidr, subnets, problems);
    }

    const natGatewayPerAz = p.boolean("natGatewayPerAz");
    const logRetentionDays = p.integer("logRetentionDays", LOG_RETENTION_DAYS);
    const deletionProtection = p.boolean("deletionProtection");

    const dbEngineVersion = p.matching(
        "dbEngineVersion",
        /^1[3-7]\.\d+$/,
        'a PostgreSQL "major.minor" version from 13 to 17, such as "16.6"',
    );
    const dbMinCapacity = p.capacity("dbMinCapacity");
    const dbMaxCapacity = p.capacity("dbMaxCapacity");
    if (
        dbMinCapacity !== undefined &&
        dbMaxCapacity !== undefined &&
        dbMinCapacity > dbMaxCapacity
    ) {
        problems.push(
            `${p.key("dbMinCapacity")} is ${dbMinCapacity}, above ${p.key("dbMaxCapacity")} ` +
                `(${dbMaxCapacity}); allowed: a minimum at or below the maximum`,
        );
    }
    const dbInstanceCount = p.integerInRange("dbInstanceCount", 1, 3);
    if (
        dbInstanceCount !== undefined &&
        availabilityZones !== undefined &&
        dbInstanceCount > availabilityZones.length
    ) {
        problems.push(
            `${p.key("dbInstanceCount")} is ${dbInstanceCount}, more than the ` +
                `${availabilityZones.length} availability zones; ` +
                "allowed: one instance per zone at most",
        );
    }

    if (openaiApiKey === undefined) {
        problems.push(
            `${p.key("openaiApiKey")} is not set; it is required and must be a secret: ` +
                `run \`pulumi config set --secret ${p.key("openaiApiKey")} <key>\``,
        );
    }

    const backendImageTag = p.matching(
        "backendImageTag",
        /^(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
        'an immutable image tag such as "1.4.2" (not "latest")',
    );
    const taskCpu = p.integer("taskCpu", Object.keys(FARGATE_SIZES).map(Number));
    const taskMemory = p.integerInRange("taskMemory", 1024, 30720);
    if (taskCpu !== undefined && taskMemory !== undefined && FARGATE_SIZES[taskCpu]) {
        const { min, max } = FARGATE_SIZES[taskCpu];
        if (taskMemory < min || taskMemory > max) {
            problems.push(
                `${p.key("taskMemory")} is ${taskMemory} MiB; allowed with ` +
                    `${p.key("taskCpu")} ${taskCpu}: ${min} to ${max} MiB`,
            );
        }
    }
    const taskMemoryReservation = p.integerInRange("taskMemoryReservation", 128, 30720);
    if (
        taskMemoryReservation !== undefined &&
        taskMemory !== undefined &&
        taskMemoryReservation > taskMemory
    ) {
        problems.push(
            `${p.key("taskMemoryReservation")} is ${taskMemoryReservation} MiB, above ` +
                `${p.key("taskMemory")} (${taskMemory}); allowed: at most the task memory`,
        );
    }
    const minTasks = p.integerInRange("minTasks", 1, 100);
    const maxTasks = p.integerInRange("maxTasks", 1, 100);
    if (minTasks !== undefined && maxTasks !== undefined && minTasks > maxTasks) {
        problems.push(
            `${p.key("minTasks")} is ${minTasks}, above ${p.key("maxTasks")} (${maxTasks}); ` +
                "allowed: a minimum at or below the maximum",
        );
    }
    const capacityProvider = p.oneOf("capacityProvider", CAPACITY_PROVIDERS);
    const logLevel = p.oneOf("logLevel", LOG_LEVELS);
    const certificateArn = p.matching(
        "certificateArn",
        new RegExp(`^arn:aws:acm:${PRIMARY_REGION}:\\d{12}:certificate/[0-9a-f-]{36}$`),
        `an ACM certificate ARN in ${PRIMARY_REGION}`,
    );
    const medicalAlertEmails = p.emailList("medicalAlertEmails");
    const criticalAlertEmails = p.emailList("criticalAlertEmails");
    const backupRetentionDays = p.integerInRange("backupRetentionDays", 7, 3650);
    const drBackupRetentionDays = p.integerInRange("drBackupRetentionDays", 7, 3650);

    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    // Every value below was checked above; the casts only drop `undefined`.
    return {
        project,
        environment: environment!,
        primaryRegion: primaryRegion!,
        drRegion: drRegion!,
        availabilityZones: availabilityZones!,
        vpcCidr: vpcCidr!,
        publicSubnetCidrs: subnets.publicSubnetCidrs!,
        appSubnetCidrs: subnets.appSubnetCidrs!,
        dbSubnetCidrs: subnets.dbSubnetCidrs!,
        natGatewayPerAz: natGatewayPerAz!,
        logRetentionDays: logRetentionDays!,
        deletionProtection: deletionProtection!,
        dbEngineVersion: dbEngineVersion!,
        dbMinCapacity: dbMinCapacity!,
        dbMaxCapacity: dbMaxCapacity!,
        dbInstanceCount: dbInstanceCount!,
        openaiApiKey: openaiApiKey!,
        backendImageTag: backendImageTag!,
        taskCpu: taskCpu!,
        taskMemory: taskMemory!,
        taskMemoryReservation: taskMemoryReservation!,
        minTasks: minTasks!,
        maxTasks: maxTasks!,
        capacityProvider: capacityProvider!,
        logLevel: logLevel!,
        certificateArn: certificateArn!,
        medicalAlertEmails: medicalAlertEmails!,
        criticalAlertEmails: criticalAlertEmails!,
        backupRetentionDays: backupRetentionDays!,
        drBackupRetentionDays: drBackupRetentionDays!,
    };
}

/** Reads the current stack's config through the Pulumi runtime and validates it. */
export function loadStackConfig(): StackConfig {
    const project = pulumi.getProject();
    const cfg = new pulumi.Config(project);
    return parseStackConfig(project, (key) => cfg.get(key), cfg.getSecret("openaiApiKey"));
}

/** True when two CIDR blocks share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
    const [aAddr, aBits] = ipaddr.parseCIDR(a);
    const [bAddr, bBits] = ipaddr.parseCIDR(b);
    return aAddr.match(bAddr, Math.min(aBits, bBits));
}

/** True when `inner` lies entirely within `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
    const [oAddr, oBits] = ipaddr.parseCIDR(outer);
    const [iAddr, iBits] = ipaddr.parseCIDR(inner);
    return iBits >= oBits && iAddr.match(oAddr, oBits);
}

function checkSubnetLayout(
    p: Parser,
    vpcCidr: string,
    subnets: Record<string, string[] | undefined>,
    problems: string[],
): void {
    const all: { key: string; cidr: string }[] = [];
    for (const [key, list] of Object.entries(subnets)) {
        for (const cidr of list ?? []) {
            if (!cidrContains(vpcCidr, cidr)) {
                problems.push(
                    `${p.key(key)} has "${cidr}", outside ${p.key("vpcCidr")} "${vpcCidr}"; ` +
                        `allowed: blocks within ${vpcCidr}`,
                );
            }
            all.push({ key, cidr });
        }
    }
    for (let i = 0; i < all.length; i++) {
        for (let j = i + 1; j < all.length; j++) {
            if (cidrsOverlap(all[i].cidr, all[j].cidr)) {
                problems.push(
                    `${p.key(all[j].key)} has "${all[j].cidr}", which overlaps "${all[i].cidr}" ` +
                        `in ${p.key(all[i].key)}; allowed: subnets that share no address`,
                );
            }
        }
    }
}

/** Small typed readers over raw strings; each records a problem and returns undefined on error. */
class Parser {
    constructor(
        private readonly project: string,
        private readonly read: RawConfigReader,
        private readonly problems: string[],
    ) {}

    key(name: string): string {
        return `${this.project}:${name}`;
    }

    private fail(name: string, value: string, allowed: string): undefined {
        this.problems.push(`${this.key(name)} is "${value}"; allowed: ${allowed}`);
        return undefined;
    }

    private raw(name: string): string | undefined {
        const value = this.read(name);
        if (value === undefined || value === "") {
            this.problems.push(`${this.key(name)} is not set; it is required`);
            return undefined;
        }
        return value;
    }

    string(name: string): string | undefined {
        return this.raw(name);
    }

    exact(name: string, expected: string, what: string): string | undefined {
        const v = this.raw(name);
        if (v === undefined) return undefined;
        return v === expected ? v : this.fail(name, v, `"${expected}" (${what})`);
    }

    matching(name: string, pattern: RegExp, allowed: string): string | undefined {
        const v = this.raw(name);
        if (v === undefined) return undefined;
        return pattern.test(v) ? v : this.fail(name, v, allowed);
    }

    oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
        const v = this.raw(name);
        if (v === undefined) return undefined;
        return (values as readonly string[]).includes(v)
            ? (v as T)
            : this.fail(name, v, `one of ${values.map((x) => `"${x}"`).join(", ")}`);
    }

    boolean(name: string): boolean | undefined {
        const v = this.raw(name);
        if (v === undefined) return undefined;
        if (v === "true" || v === "false") return v === "true";
        return this.fail(name, v, "true or false");
    }

    integer(name: string, values: readonly number[]): number | undefined {
        const v = this.raw(name);
        if (v === undefined) return undefined;
        const n = Number(v);
        return /^\d+$/.test(v) && values.includes(n)
            ? n
            : this.fail(name, v, `one of ${values.join(", ")}`);
    }

    integerInRange(name: string, min: number, max: number): number | undefined {
        const v = this.raw(name);
        if (v === undefined) return undefined;
        const n = Number(v);
        return /^\d+$/.test(v) && n >= min && n <= max
            ? n
            : this.fail(name, v, `a whole number from ${min} to ${max}`);
    }

    /** Aurora Serverless v2 capacity: 0 to 256 ACU in steps of 0.5. */
    capacity(name: string): number | undefined {
        const v = this.raw(name);
        if (v === undefined) return undefined;
        const n = Number(v);
        return /^\d+(\.\d+)?$/.test(v) && n >= 0.5 && n <= 256 && Number.isInteger(n * 2)
            ? n
            : this.fail(name, v, "a capacity from 0.5 to 256 ACU in steps of 0.5");
    }

    cidr(name: string, minBits: number, maxBits: number): string | undefined {
        const v = this.raw(name);
        if (v === undefined) return undefined;
        return isCanonicalCidr(v, minBits, maxBits)
            ? v
            : this.fail(
                  name,
                  v,
                  `an IPv4 network block from /${minBits} to /${maxBits}, such as "10.0.0.0/16"`,
              );
    }

    list(name: string): unknown[] | undefined {
        const v = this.raw(name);
        if (v === undefined) return undefined;
        try {
            const parsed: unknown = JSON.parse(v);
            if (Array.isArray(parsed)) return parsed;
        } catch {
            // fall through to the message below
        }
        return this.fail(name, v, "a YAML list");
    }

    stringList(name: string): string[] | undefined {
        const list = this.list(name);
        if (list === undefined) return undefined;
        if (list.every((x) => typeof x === "string" && x !== "")) return list as string[];
        return this.fail(name, JSON.stringify(list), "a list of non-empty strings");
    }

    cidrList(name: string, expectedLength: number | undefined): string[] | undefined {
        const list = this.stringList(name);
        if (list === undefined) return undefined;
        const bad = list.filter((c) => !isCanonicalCidr(c, 16, 28));
        if (bad.length > 0) {
            return this.fail(
                name,
                bad.join(", "),
                "IPv4 network blocks from /16 to /28 written from their first address, " +
                    'such as "10.0.1.0/24"',
            );
        }
        if (expectedLength !== undefined && list.length !== expectedLength) {
            this.problems.push(
                `${this.key(name)} has ${list.length} block(s); allowed: one per availability ` +
                    `zone (${expectedLength})`,
            );
            return undefined;
        }
        return list;
    }

    emailList(name: string): string[] | undefined {
        const list = this.stringList(name);
        if (list === undefined) return undefined;
        const bad = list.filter((e) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e));
        if (bad.length > 0) return this.fail(name, bad.join(", "), "e-mail addresses");
        if (list.length === 0) return this.fail(name, "[]", "at least one e-mail address");
        return list;
    }
}

function isCanonicalCidr(value: string, minBits: number, maxBits: number): boolean {
    if (!ipaddr.IPv4.isValidCIDR(value)) return false;
    const [addr, bits] = ipaddr.IPv4.parseCIDR(value);
    if (bits < minBits || bits > maxBits) return false;
    const network = ipaddr.IPv4.networkAddressFromCIDR(value);
    return network.toString() === addr.toString();
}
