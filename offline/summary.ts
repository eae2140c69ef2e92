// The readable part of the offline preview: what each component creates, the settings an auditor
// asks about first, and the stack outputs with secrets masked.
import Table = require("cli-table3");
import { RecordedResource, RecordingEngine } from "./engine";
import { blindSecrets } from "./plan";

const COMPACT = {
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
    style: { head: [], border: [] },
};

type Settings = (r: RecordedResource, engine: RecordingEngine) => string;

const on = (v: unknown) => (v === true ? "on" : "off");

/** Key settings shown per resource type; types not listed are only counted. */
const KEY_SETTINGS: Record<string, Settings> = {
    "aws:ec2/vpc:Vpc": (r) =>
        `${r.inputs.cidrBlock}, DNS hostnames ${on(r.inputs.enableDnsHostnames)}`,
    "aws:ec2/natGateway:NatGateway": (r, e) => `in ${zoneOfSubnet(e, r.inputs.subnetId)}`,
    "aws:ec2/flowLog:FlowLog": (r) =>
        `traffic ${r.inputs.trafficType} to ${r.inputs.logDestinationType ?? "cloud-watch-logs"}`,
    "aws:rds/cluster:Cluster": (r) =>
        `${r.inputs.engine} ${r.inputs.engineVersion}, ` +
        `${r.inputs.serverlessv2ScalingConfiguration?.minCapacity}-` +
        `${r.inputs.serverlessv2ScalingConfiguration?.maxCapacity} ACU, ` +
        `encrypted ${on(r.inputs.storageEncrypted)}, backups ${r.inputs.backupRetentionPeriod} d, ` +
        `deletion protection ${on(r.inputs.deletionProtection)}`,
    "aws:rds/clusterInstance:ClusterInstance": (r) =>
        `${r.inputs.instanceClass} in ${r.inputs.availabilityZone}`,
    "aws:rds/proxy:Proxy": (r) =>
        `TLS required ${on(r.inputs.requireTls)}, idle timeout ${r.inputs.idleClientTimeout} s`,
    "aws:dynamodb/table:Table": (r) =>
        `${r.inputs.name}: ${r.inputs.billingMode}, PITR ${on(r.inputs.pointInTimeRecovery?.enabled)}, ` +
        `deletion protection ${on(r.inputs.deletionProtectionEnabled)}`,
    "aws:ecs/service:Service": (r) =>
        `${r.inputs.desiredCount} task(s), public IP ${on(r.inputs.networkConfiguration?.assignPublicIp)}`,
    "aws:ecs/taskDefinition:TaskDefinition": (r) => `${r.inputs.cpu} CPU / ${r.inputs.memory} MiB`,
    "aws:appautoscaling/target:Target": (r) =>
        `${r.inputs.minCapacity}-${r.inputs.maxCapacity} on ${r.inputs.resourceId}`,
    "aws:lb/loadBalancer:LoadBalancer": (r) =>
        `${r.inputs.internal ? "internal" : "internet-facing"}, deletion protection ` +
        `${on(r.inputs.enableDeletionProtection)}`,
    "aws:lb/listener:Listener": (r) =>
        `${r.inputs.protocol} ${r.inputs.port}` +
        (r.inputs.sslPolicy ? ` (${r.inputs.sslPolicy})` : "") +
        ` → ${r.inputs.defaultActions?.[0]?.type}`,
    "aws:s3/bucket:Bucket": (r, e) => `${r.inputs.bucket} in ${e.regionOf(r)}`,
    "aws:backup/plan:Plan": (r) =>
        (r.inputs.rules ?? [])
            .map(
                (rule: any) =>
                    `${rule.schedule}, keep ${rule.lifecycle?.deleteAfter} d, ${rule.copyActions?.length ?? 0} copy`,
            )
            .join("; "),
    "aws:kms/key:Key": (r, e) =>
        `${r.inputs.description ?? r.name} (${e.regionOf(r)}), rotation ${on(r.inputs.enableKeyRotation)}`,
    "aws:cloudwatch/metricAlarm:MetricAlarm": (r) => {
        const metric =
            r.inputs.metricName !== undefined
                ? `${r.inputs.namespace} ${r.inputs.metricName}`
                : (r.inputs.metricQueries ?? []).find((q: any) => q.returnData)?.expression;
        return `${metric} ${r.inputs.comparisonOperator} ${r.inputs.threshold}`;
    },
};

function zoneOfSubnet(engine: RecordingEngine, subnetId: unknown): string {
    const subnet = engine.ofType("aws:ec2/subnet:Subnet").find((s) => s.id === subnetId);
    return String(subnet?.inputs.availabilityZone ?? "?");
}

/** The nearest local (non-provider) component above a resource, or the stack. */
function componentOf(engine: RecordingEngine, r: RecordedResource): RecordedResource | undefined {
    let parent = r.parent ? engine.byUrnOf(r.parent) : undefined;
    while (parent && parent.custom)
        parent = parent.parent ? engine.byUrnOf(parent.parent) : undefined;
    return parent;
}

export function renderSummary(engine: RecordingEngine, stack: string): string {
    const lines: string[] = [];
    const physical = engine.resources.filter(
        (r) => r.custom && !r.type.startsWith("pulumi:providers:"),
    );
    const components = engine.resources.filter(
        (r) => !r.custom && r.type !== "pulumi:pulumi:Stack",
    );

    const byComponent = new Table({
        head: ["Component", "Type", "Resources", "Region"],
        ...COMPACT,
    });
    for (const c of components) {
        const children = physical.filter((r) => componentOf(engine, r) === c);
        const placed = c.remote ? [c] : children;
        const regions = [...new Set(placed.map((r) => engine.regionOf(r)))].sort().join(", ");
        byComponent.push([
            c.name,
            c.type,
            c.remote ? "1 (built by plugin)" : children.length,
            regions || "-",
        ]);
    }
    const loose = physical.filter((r) => componentOf(engine, r)?.type === "pulumi:pulumi:Stack");
    if (loose.length > 0) byComponent.push(["(stack)", "-", loose.length, "-"]);
    lines.push(`Resources of stack ${stack} by component`, byComponent.toString(), "");

    const byType = new Map<string, number>();
    for (const r of physical) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    const types = new Table({ head: ["Type", "Count"], ...COMPACT });
    for (const [type, count] of [...byType].sort()) types.push([type, count]);
    lines.push("Resources by type", types.toString(), "");

    const settings = new Table({
        head: ["Resource", "Key settings"],
        ...COMPACT,
        colWidths: [38, 80],
        wordWrap: true,
    });
    for (const r of physical) {
        const describe = KEY_SETTINGS[r.type];
        if (describe) settings.push([r.name, describe(r, engine)]);
    }
    lines.push("Key settings", settings.toString(), "");

    const outputs = blindSecrets(engine.stackOutputs ?? {}) as Record<string, unknown>;
    const outs = new Table({
        head: ["Output", "Value"],
        ...COMPACT,
        colWidths: [30, 88],
        wordWrap: true,
    });
    for (const [k, v] of Object.entries(outputs))
        outs.push([k, typeof v === "string" ? v : JSON.stringify(v)]);
    lines.push("Stack outputs (secrets masked)", outs.toString());
    return lines.join("\n");
}
