// Audit controls: who reached the load balancer and the database, what ECS Exec sessions did, and
// how long those records are kept; and that the keys encrypting logs and alarm topics let the
// AWS services that write them do so, since a refused write loses the record without an error.
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { AWS_MANAGED_KEY_ALIASES } from "../awsFacts";
import { actionsMissingFor, statementsOf } from "./documents";
import {
    hasValue,
    keysReferencedBy,
    ofType,
    rawValue,
    referencedBy,
    regionOf,
} from "./references";
import { isSet, knownString, oneOf, quoted, resourceRule, stackRule } from "./support";

/** The retention periods CloudWatch Logs accepts, in days; 0 in Pulumi means never expire. */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
] as const;

/** Six years, the time 164.316(b)(2)(i) asks documentation to be kept, as a log retention. */
export const SIX_YEARS_RETENTION_DAYS = 2192;

/** AWS Config's default minimum retention for cw-loggroup-retention-period-check. */
export const DEFAULT_MINIMUM_LOG_RETENTION_DAYS = 365;

/** The log types each RDS engine must export to CloudWatch Logs (cdk-nag RDSLoggingEnabled). */
export const RDS_LOG_EXPORTS: Readonly<Record<string, readonly string[]>> = {
    "aurora-postgresql": ["postgresql"],
    postgres: ["postgresql"],
    "aurora-mysql": ["audit", "error", "general", "slowquery"],
    mysql: ["error", "general", "slowquery"],
};

/** Cluster parameters that make PostgreSQL log every login and logout, with the value set. */
export const RDS_CONNECTION_LOGGING_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
    "aurora-postgresql": ["log_connections", "log_disconnections"],
    postgres: ["log_connections", "log_disconnections"],
};

/** Values PostgreSQL reads as "on" for a boolean parameter. */
const ON_VALUES = ["1", "on", "true"];

/** The Enhanced Monitoring intervals RDS accepts, in seconds; 0 turns it off. */
export const RDS_MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;

/** What a key must allow the CloudWatch Logs service principal of its region. */
export const LOGS_KEY_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"] as const;

/** What a key of an SNS topic must allow CloudWatch, which publishes alarms to the topic. */
export const ALARM_TOPIC_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey*"] as const;

/** The service principal CloudWatch alarms publish to SNS as. */
export const CLOUDWATCH_SERVICE_PRINCIPAL = "cloudwatch.amazonaws.com";

const LOG_GROUP_TYPE = "aws:cloudwatch/logGroup:LogGroup";
const KEY_TYPE_NAME = "KMS key";

// ---- Load balancer access logs ------------------------------------------------------------------

interface LoadBalancerProps {
    loadBalancerType?: string;
    accessLogs?: { enabled?: boolean; bucket?: string; prefix?: string };
}

const elbAccessLogs = resourceRule<LoadBalancerProps>({
    name: "elb-load-balancer-access-logging",
    requires:
        "Application load balancers write access logs, a record of every request to the " +
        "patient-facing service, to an S3 bucket",
    sections: ["164.312(b)"],
    fix:
        "Set accessLogs to { enabled: true, bucket: <SSE-S3 log bucket>, prefix } " +
        "(FargateBackend does).",
    baseline: "cdk-nag ELBLoggingEnabled; AWS Config elb-logging-enabled",
    types: [
        "aws:lb/loadBalancer:LoadBalancer",
        "aws:alb/loadBalancer:LoadBalancer",
        "awsx:lb:ApplicationLoadBalancer",
    ],
    validate: (lb, args, report) => {
        const type = lb.loadBalancerType ?? "application";
        if (type !== "application") {
            args.notApplicable(`A ${type} load balancer keeps no per-request access log`);
        }
        const logs = lb.accessLogs;
        const logged = logs !== undefined && logs !== null && logs.enabled === true;
        if (!logged || !isSet(logs, "bucket")) {
            report(
                `Load balancer "${args.name}" writes no access logs: set accessLogs to ` +
                    "{ enabled: true, bucket: <an SSE-S3 log bucket>, prefix: <prefix> }.",
            );
        }
    },
});

// ---- Log retention ------------------------------------------------------------------------------

interface LogRetentionConfig {
    minimumRetentionDays: number;
}

const logGroupRetention = resourceRule<{ retentionInDays?: number }>({
    name: "cloudwatch-log-group-retention",
    requires:
        "CloudWatch log groups set an explicit retention of at least the configured minimum " +
        "(365 days by default; 2192 days keeps six years), never the unset never-expire default",
    sections: ["164.312(b)", "164.316(b)(2)(i)"],
    fix:
        "Set retentionInDays to an allowed value of at least the minimum; the stack uses the " +
        "logRetentionDays config (2192 in prod).",
    baseline:
        "cdk-nag CloudWatchLogGroupRetentionPeriod (explicit value); AWS Config " +
        "cw-loggroup-retention-period-check (MinRetentionTime 365)",
    types: [LOG_GROUP_TYPE],
    configSchema: {
        properties: {
            minimumRetentionDays: {
                type: "integer",
                enum: [...LOG_RETENTION_DAYS],
                default: DEFAULT_MINIMUM_LOG_RETENTION_DAYS,
                description:
                    "Fewest days a log group may keep its events. 365 is AWS Config's default; " +
                    "set 2192 (six years) to keep audit logs as long as 164.316(b)(2)(i) keeps " +
                    "documentation.",
            },
        },
    },
    validate: (group, args, report) => {
        const what = `CloudWatch log group "${args.name}"`;
        const config = args.getConfig<Partial<LogRetentionConfig>>();
        const minimum = config.minimumRetentionDays ?? DEFAULT_MINIMUM_LOG_RETENTION_DAYS;
        const days = group.retentionInDays;
        // Unlike AWS Config, which passes "never expire", the pack asks for an explicit period:
        // an unset retention is usually an oversight, and logs that may quote PHI should be
        // kept as long as required, not without end.
        if (days === undefined || days === null || days === 0) {
            report(
                `${what} sets no retention, so its events never expire: set retentionInDays to ` +
                    `at least ${minimum} (${SIX_YEARS_RETENTION_DAYS} keeps six years).`,
            );
        } else if (!(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
            report(
                `${what} sets retentionInDays ${days}, which CloudWatch Logs does not accept: ` +
                    `use an allowed value of at least ${minimum}, such as ` +
                    `${SIX_YEARS_RETENTION_DAYS}.`,
            );
        } else if (days < minimum) {
            report(
                `${what} keeps its events for ${days} days: set retentionInDays to at least ` +
                    `${minimum} (${SIX_YEARS_RETENTION_DAYS} keeps six years).`,
            );
        }
    },
});

// ---- Database logs ------------------------------------------------------------------------------

interface RdsClusterLogProps {
    engine?: string;
    enabledCloudwatchLogsExports?: string[];
    dbClusterParameterGroupName?: string;
}

const rdsLogExports = resourceRule<RdsClusterLogProps>({
    name: "rds-cluster-log-exports",
    requires:
        "RDS clusters export their engine's audit-relevant logs (the postgresql log for " +
        "PostgreSQL) to CloudWatch Logs",
    sections: ["164.308(a)(3)(ii)(A)", "164.308(a)(5)(ii)(C)", "164.312(b)"],
    fix: 'Add "postgresql" to enabledCloudwatchLogsExports (PhiDatabase does).',
    baseline: "cdk-nag RDSLoggingEnabled; AWS Config rds-logging-enabled",
    types: ["aws:rds/cluster:Cluster"],
    validate: (cluster, args, report) => {
        const engine = cluster.engine as string;
        const required = RDS_LOG_EXPORTS[engine];
        if (required === undefined) {
            args.notApplicable(`The pack knows no log types of engine "${engine}"`);
        }
        const exported = cluster.enabledCloudwatchLogsExports ?? [];
        const missing = required.filter((log) => !exported.includes(log));
        if (missing.length > 0) {
            report(
                `RDS cluster "${args.name}" does not export its ${missing.join(", ")} log to ` +
                    `CloudWatch Logs: add ${oneOf(missing)} to enabledCloudwatchLogsExports.`,
            );
        }
    },
});

const rdsConnectionLogging: StackValidationPolicy = stackRule({
    name: "rds-cluster-connection-logging",
    requires:
        "RDS PostgreSQL clusters use a cluster parameter group of the stack that logs every " +
        "connection and disconnection",
    sections: ["164.308(a)(5)(ii)(C)", "164.312(b)"],
    fix:
        'Give the cluster an aws.rds.ClusterParameterGroup with log_connections and ' +
        'log_disconnections set to "1" (PhiDatabase does).',
    baseline: "cdk-nag RDSLoggingEnabled (parameters); Baymax",
    validate: (args, report) => {
        const clusters = ofType(args.resources, "aws:rds/cluster:Cluster").filter(
            (c) => RDS_CONNECTION_LOGGING_PARAMETERS[c.props.engine as string] !== undefined,
        );
        if (clusters.length === 0) args.notApplicable("The stack has no RDS PostgreSQL cluster");
        const groups = ofType(
            args.resources,
            "aws:rds/clusterParameterGroup:ClusterParameterGroup",
        );
        for (const cluster of clusters) {
            const what = `RDS cluster "${cluster.name}"`;
            const required = RDS_CONNECTION_LOGGING_PARAMETERS[cluster.props.engine as string];
            const settings = required.map((p) => `{ name: "${p}", value: "1" }`).join(", ");
            if (!isSet(cluster.props, "dbClusterParameterGroupName")) {
                report(
                    `${what} uses the default cluster parameter group, which logs no ` +
                        "connections: set dbClusterParameterGroupName to a parameter group " +
                        `with ${settings}.`,
                    cluster.urn,
                );
                continue;
            }
            const [group] = referencedBy(cluster, "dbClusterParameterGroupName", groups, (g, v) =>
                hasValue(g, ["name", "id"], v),
            );
            if (group === undefined) {
                report(
                    `${what} uses cluster parameter group ` +
                        `"${cluster.props.dbClusterParameterGroupName}", which this stack does ` +
                        "not manage, so its logging cannot be checked: manage it in this stack " +
                        `with ${settings}.`,
                    cluster.urn,
                );
                continue;
            }
            const parameters = (group.props.parameters ?? []) as { name: string; value: string }[];
            const off = required.filter(
                (name) =>
                    !parameters.some(
                        (p) => p.name === name && ON_VALUES.includes(String(p.value).toLowerCase()),
                    ),
            );
            if (off.length > 0) {
                report(
                    `${what} uses cluster parameter group "${group.name}", which does not turn ` +
                        `on ${off.join(", ")}: add ` +
                        `${off.map((p) => `{ name: "${p}", value: "1" }`).join(", ")} to its ` +
                        "parameters.",
                    cluster.urn,
                );
            }
        }
    },
});

interface RdsInstanceMonitoringProps {
    monitoringInterval?: number;
    monitoringRoleArn?: string;
}

const rdsEnhancedMonitoring = resourceRule<RdsInstanceMonitoringProps>({
    name: "rds-instance-enhanced-monitoring",
    requires:
        "RDS cluster instances send Enhanced Monitoring (operating-system metrics and processes) " +
        "to CloudWatch through a monitoring role",
    sections: ["164.312(b)"],
    enforcementLevel: "advisory",
    fix:
        "Set monitoringInterval to 60 or less and monitoringRoleArn to a role with " +
        "AmazonRDSEnhancedMonitoringRole (PhiDatabase does).",
    baseline:
        "cdk-nag RDSEnhancedMonitoringEnabled; AWS Config rds-enhanced-monitoring-enabled",
    types: ["aws:rds/clusterInstance:ClusterInstance"],
    validate: (instance, args, report) => {
        const what = `RDS cluster instance "${args.name}"`;
        const interval = instance.monitoringInterval ?? 0;
        const allowed = RDS_MONITORING_INTERVALS.filter((s) => s > 0).join(", ");
        if (interval <= 0) {
            report(
                `${what} has no Enhanced Monitoring: set monitoringInterval to one of ` +
                    `${allowed} seconds and monitoringRoleArn to a role with ` +
                    "AmazonRDSEnhancedMonitoringRole.",
            );
        } else if (!isSet(instance, "monitoringRoleArn")) {
            report(
                `${what} sets monitoringInterval without monitoringRoleArn: set it to a role ` +
                    "with AmazonRDSEnhancedMonitoringRole.",
            );
        }
    },
});

// ---- Alarms -------------------------------------------------------------------------------------

interface AlarmProps {
    actionsEnabled?: boolean;
    alarmActions?: string[];
    treatMissingData?: string;
}

const METRIC_ALARM_TYPE = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPOSITE_ALARM_TYPE = "aws:cloudwatch/compositeAlarm:CompositeAlarm";

const alarmActions = resourceRule<AlarmProps>({
    name: "cloudwatch-alarm-actions",
    requires:
        "CloudWatch alarms notify someone when they fire (alarmActions set, actions not " +
        "disabled), and metric alarms choose deliberately how missing data counts",
    sections: ["164.312(b)", "164.308(a)(1)(ii)(B)"],
    enforcementLevel: "advisory",
    fix:
        "Set alarmActions to an SNS topic, leave actionsEnabled unset and set treatMissingData " +
        '("breaching" where silence means an outage) (ComplianceAlarms does).',
    baseline:
        "cdk-nag CloudWatchAlarmAction; AWS Config cloudwatch-alarm-action-check " +
        "(treatMissingData replaces its insufficient-data action)",
    types: [METRIC_ALARM_TYPE, COMPOSITE_ALARM_TYPE],
    validate: (alarm, args, report) => {
        const what = `CloudWatch alarm "${args.name}"`;
        if (alarm.actionsEnabled === false) {
            report(`${what} has its actions disabled: remove actionsEnabled: false.`);
        }
        const actions = rawValue(alarm, "alarmActions");
        if (!isSet(alarm, "alarmActions") || (Array.isArray(actions) && actions.length === 0)) {
            report(`${what} notifies no one when it fires: set alarmActions to an SNS topic ARN.`);
        }
        if (args.type === METRIC_ALARM_TYPE && !isSet(alarm, "treatMissingData")) {
            report(
                `${what} leaves treatMissingData to its default: set it to "breaching", ` +
                    '"notBreaching", "ignore" or "missing", so that a metric that stops ' +
                    "reporting is handled on purpose.",
            );
        }
    },
});

// ---- Keys that AWS services must be able to use -------------------------------------------------

/** Users of keys: for each key, the resources (log groups, topics) that need it. */
type KeyUsers = Map<PolicyResource, PolicyResource[]>;

function addUser(users: KeyUsers, key: PolicyResource, user: PolicyResource): void {
    const list = users.get(key) ?? [];
    if (!list.includes(user)) list.push(user);
    users.set(key, list);
}

/**
 * Reports each key whose policy does not let `service` perform `actions`: a key without a policy
 * of its own has AWS's default, which trusts only the account and no service principal.
 */
function checkKeyGrants(
    users: KeyUsers,
    service: (key: PolicyResource) => string | undefined,
    actions: readonly string[],
    usage: (names: string) => string,
    report: (message: string, urn: string) => void,
): void {
    for (const [key, keyUsers] of users) {
        const principal = service(key);
        // A key without a known region is the region policies' finding.
        if (principal === undefined) continue;
        const names = quoted(keyUsers.map((u) => u.name));
        const what = `${KEY_TYPE_NAME} "${key.name}", which ${usage(names)},`;
        const grant =
            `add an Allow statement for Service "${principal}" with ` +
            `${actions.join(", ")}.`;
        if (!isSet(key.props, "policy")) {
            report(
                `${what} has the default key policy, which no AWS service may use: ${grant}`,
                key.urn,
            );
            continue;
        }
        const statements = statementsOf(key.props.policy, { requireStatement: true });
        if (statements === undefined) {
            report(`${what} has a policy that is not a JSON policy document: ${grant}`, key.urn);
            continue;
        }
        const missing = actionsMissingFor(statements, principal, actions);
        if (missing.length > 0) {
            report(
                `${what} does not allow ${principal} ${missing.join(", ")}: ${grant}`,
                key.urn,
            );
        }
    }
}

const logGroupKeyGrants: StackValidationPolicy = stackRule({
    name: "cloudwatch-log-group-key-grants-logs",
    requires:
        "A KMS key that encrypts a log group is in the log group's region and lets the " +
        "CloudWatch Logs service of that region encrypt and decrypt with it",
    sections: ["164.312(b)", "164.312(a)(2)(iv)"],
    fix:
        'Allow Service "logs.<region>.amazonaws.com" kms:Encrypt*, kms:Decrypt*, ' +
        "kms:ReEncrypt*, kms:GenerateDataKey* and kms:Describe* in the key policy, limited by " +
        "the kms:EncryptionContext:aws:logs:arn condition (EncryptionKeys' logs key does).",
    baseline: "Baymax (prerequisite of cdk-nag CloudWatchLogGroupEncrypted)",
    validate: (args, report) => {
        const groups = ofType(args.resources, LOG_GROUP_TYPE).filter((g) =>
            isSet(g.props, "kmsKeyId"),
        );
        if (groups.length === 0) args.notApplicable("No log group of the stack uses a KMS key");
        const users: KeyUsers = new Map();
        for (const group of groups) {
            const keys = keysReferencedBy(group, "kmsKeyId", args.resources);
            if (keys.length === 0) {
                report(
                    `CloudWatch log group "${group.name}" uses a KMS key this stack does not ` +
                        "manage, so the pack cannot check that CloudWatch Logs may use it: use " +
                        "a key of this stack.",
                    group.urn,
                );
            }
            for (const key of keys) {
                const groupRegion = regionOf(group);
                const keyRegion = regionOf(key);
                const known = groupRegion !== undefined && keyRegion !== undefined;
                if (known && groupRegion !== keyRegion) {
                    report(
                        `CloudWatch log group "${group.name}" in ${groupRegion} uses ` +
                            `${KEY_TYPE_NAME} "${key.name}" of ${keyRegion}, which CloudWatch ` +
                            `Logs cannot use: use a key in ${groupRegion}.`,
                        group.urn,
                    );
                    continue;
                }
                addUser(users, key, group);
            }
        }
        checkKeyGrants(
            users,
            (key) => {
                const region = regionOf(key);
                return region === undefined ? undefined : `logs.${region}.amazonaws.com`;
            },
            LOGS_KEY_ACTIONS,
            (names) => `encrypts log group(s) ${names}`,
            report,
        );
    },
});

const ALARM_ACTION_PROPERTIES = ["alarmActions", "okActions", "insufficientDataActions"];

const alarmTopicKeyGrants: StackValidationPolicy = stackRule({
    name: "sns-alarm-topic-key-grants-cloudwatch",
    requires:
        "The KMS key of an SNS topic that CloudWatch alarms notify lets CloudWatch use it, " +
        "since without kms:Decrypt and kms:GenerateDataKey* the alarm's notification is dropped",
    sections: ["164.312(b)"],
    enforcementLevel: "advisory",
    fix:
        `Allow Service "${CLOUDWATCH_SERVICE_PRINCIPAL}" kms:Decrypt and kms:GenerateDataKey* ` +
        "in the topic key's policy (EncryptionKeys' alarms key does).",
    baseline: "Baymax (prerequisite of cdk-nag SNSEncryptedKMS with CloudWatchAlarmAction)",
    validate: (args, report) => {
        const alarms = ofType(args.resources, METRIC_ALARM_TYPE, COMPOSITE_ALARM_TYPE);
        const topics = ofType(args.resources, "aws:sns/topic:Topic");
        const notified = new Set<PolicyResource>();
        for (const alarm of alarms) {
            for (const property of ALARM_ACTION_PROPERTIES) {
                referencedBy(alarm, property, topics, (t, v) =>
                    hasValue(t, ["arn", "id"], v),
                ).forEach((t) => notified.add(t));
            }
        }
        const encrypted = [...notified].filter((t) => isSet(t.props, "kmsMasterKeyId"));
        if (encrypted.length === 0) {
            args.notApplicable("No encrypted SNS topic of the stack is notified by an alarm");
        }
        const users: KeyUsers = new Map();
        const managedAlias = AWS_MANAGED_KEY_ALIASES.sns;
        for (const topic of encrypted) {
            const keyId = knownString(topic.props, "kmsMasterKeyId");
            if (keyId === managedAlias || keyId?.endsWith(`:${managedAlias}`)) {
                report(
                    `SNS topic "${topic.name}" is notified by alarms but encrypted with the ` +
                        `AWS-managed key ${managedAlias}, which CloudWatch may not use: use a ` +
                        `customer-managed key that allows ${CLOUDWATCH_SERVICE_PRINCIPAL}.`,
                    topic.urn,
                );
                continue;
            }
            const keys = keysReferencedBy(topic, "kmsMasterKeyId", args.resources);
            if (keys.length === 0) {
                report(
                    `SNS topic "${topic.name}" is notified by alarms but uses a KMS key this ` +
                        "stack does not manage, so the pack cannot check that CloudWatch may " +
                        "use it: use a key of this stack.",
                    topic.urn,
                );
            }
            keys.forEach((key) => addUser(users, key, topic));
        }
        checkKeyGrants(
            users,
            () => CLOUDWATCH_SERVICE_PRINCIPAL,
            ALARM_TOPIC_KEY_ACTIONS,
            (names) => `encrypts SNS topic(s) ${names} that alarms notify`,
            report,
        );
    },
});

// ---- ECS Exec -----------------------------------------------------------------------------------

const ECS_SERVICE_TYPES = [
    "aws:ecs/service:Service",
    "awsx:ecs:FargateService",
    "awsx:ecs:EC2Service",
];

interface ExecCommandConfiguration {
    kmsKeyId?: string;
    logging?: string;
    logConfiguration?: {
        cloudWatchLogGroupName?: string;
        cloudWatchEncryptionEnabled?: boolean;
        s3BucketName?: string;
        s3BucketEncryptionEnabled?: boolean;
    };
}

/** What is wrong with a cluster's exec configuration, or undefined when nothing is. */
function execProblem(exec: ExecCommandConfiguration | undefined): string | undefined {
    if (exec === undefined || exec === null || !isSet(exec, "kmsKeyId")) {
        return (
            "does not encrypt exec sessions with a KMS key: set " +
            "configuration.executeCommandConfiguration.kmsKeyId to a customer-managed KMS key"
        );
    }
    const logging = exec.logging ?? "DEFAULT";
    if (logging === "NONE") {
        return (
            'does not log exec sessions: set executeCommandConfiguration.logging to "OVERRIDE" ' +
            "with an encrypted log destination"
        );
    }
    if (logging === "OVERRIDE") {
        const config = exec.logConfiguration;
        const toLogs = isSet(config, "cloudWatchLogGroupName");
        const toS3 = isSet(config, "s3BucketName");
        const encrypted =
            (toLogs || toS3) &&
            (!toLogs || config?.cloudWatchEncryptionEnabled === true) &&
            (!toS3 || config?.s3BucketEncryptionEnabled === true);
        if (!encrypted) {
            return (
                "logs exec sessions to a destination not marked encrypted: set " +
                "logConfiguration.cloudWatchEncryptionEnabled (or s3BucketEncryptionEnabled) to " +
                "true for its log group (or bucket)"
            );
        }
    }
    return undefined;
}

const ecsExecLogging: StackValidationPolicy = stackRule({
    name: "ecs-cluster-exec-session-encrypted",
    requires:
        "ECS services that allow ECS Exec run on a cluster of the stack that encrypts exec " +
        "sessions with a customer-managed KMS key and logs them to an encrypted destination",
    sections: ["164.312(a)(2)(iv)", "164.312(b)"],
    fix:
        "Leave enableExecuteCommand off (FargateBackend does), or give the cluster an " +
        "executeCommandConfiguration with kmsKeyId and an encrypted OVERRIDE log configuration.",
    baseline: "Baymax",
    validate: (args, report) => {
        const services = ofType(args.resources, ...ECS_SERVICE_TYPES).filter(
            (s) => s.props.enableExecuteCommand === true,
        );
        if (services.length === 0) {
            args.notApplicable("No ECS service of the stack allows ECS Exec");
        }
        const clusters = ofType(args.resources, "aws:ecs/cluster:Cluster");
        for (const service of services) {
            const what = `ECS service "${service.name}" allows ECS Exec, but`;
            const [cluster] = isSet(service.props, "cluster")
                ? referencedBy(service, "cluster", clusters, (c, v) =>
                      hasValue(c, ["arn", "name", "id"], v),
                  )
                : [];
            if (cluster === undefined) {
                report(
                    `${what} its cluster is not one of this stack, so its exec settings cannot ` +
                        "be checked: run it on a cluster of the stack, or set " +
                        "enableExecuteCommand: false.",
                    service.urn,
                );
                continue;
            }
            const problem = execProblem(cluster.props.configuration?.executeCommandConfiguration);
            if (problem !== undefined) {
                report(
                    `${what} cluster "${cluster.name}" ${problem}; or set enableExecuteCommand: ` +
                        "false.",
                    service.urn,
                );
            }
        }
    },
});

export const loggingPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    elbAccessLogs,
    logGroupRetention,
    rdsLogExports,
    rdsConnectionLogging,
    rdsEnhancedMonitoring,
    alarmActions,
    logGroupKeyGrants,
    alarmTopicKeyGrants,
    ecsExecLogging,
];
