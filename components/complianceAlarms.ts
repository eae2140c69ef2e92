// Alarms that tell the clinical team and the on-call engineer when patient intake is failing: two
// KMS-encrypted SNS topics that only CloudWatch may publish to (over TLS), the medical and
// operational alarms (one table of facts, one loop) and a dashboard of the same metrics.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { complianceTags } from "./tags";

export interface ComplianceAlarmsArgs {
    /** Stack environment, such as "prod"; a tag and the medical metrics' dimension. No default. */
    readonly environment: string;
    /** Prefix of every physical name, such as "baymax-prod". No default. */
    readonly namePrefix: string;
    /** ARN of the KMS key that encrypts both alert topics. No default. */
    readonly alarmsKeyArn: pulumi.Input<string>;
    /** Addresses of the clinical team, told when intake quality drops; at least one. No default. */
    readonly medicalAlertEmails: string[];
    /** Addresses of the on-call engineers, paged for outages; at least one. No default. */
    readonly criticalAlertEmails: string[];
    /** ARN suffix of the application load balancer (`app/<name>/<id>`). No default. */
    readonly albArnSuffix: pulumi.Input<string>;
    /** ARN suffix of the backend's target group (`targetgroup/<name>/<id>`). No default. */
    readonly targetGroupArnSuffix: pulumi.Input<string>;
    /** Name of the ECS cluster; Container Insights must be enabled on it. No default. */
    readonly clusterName: pulumi.Input<string>;
    /** Name of the backend ECS service. No default. */
    readonly serviceName: pulumi.Input<string>;
    /** Fewest backend tasks that must be running; a whole number of at least 1. No default. */
    readonly minTasks: number;
    /** Identifier of the Aurora cluster. No default. */
    readonly dbClusterIdentifier: pulumi.Input<string>;
    /** Maximum Aurora Serverless v2 capacity in ACUs, above 0. No default. */
    readonly dbMaxCapacity: number;
    /** Name of the RDS Proxy in front of the cluster, shown on the dashboard. No default. */
    readonly proxyName: pulumi.Input<string>;
    /** Name of the DynamoDB table of intake conversations. No default. */
    readonly conversationsTableName: pulumi.Input<string>;
    /** Name of the DynamoDB table of intake sessions. No default. */
    readonly sessionsTableName: pulumi.Input<string>;
}

/** The key of every alarm; also the last part of its physical name. */
export type AlarmKey =
    | "intake-completion-rate"
    | "red-flag-detection-latency"
    | "alb-elb-5xx"
    | "alb-target-5xx"
    | "alb-unhealthy-hosts"
    | "ecs-running-tasks"
    | "aurora-capacity"
    | "aurora-connections"
    | "conversations-throttled-requests"
    | "conversations-system-errors"
    | "sessions-throttled-requests"
    | "sessions-system-errors";

/** The args a dimension's value is read from. */
type DimensionSource =
    | "environment"
    | "albArnSuffix"
    | "targetGroupArnSuffix"
    | "clusterName"
    | "serviceName"
    | "dbClusterIdentifier"
    | "conversationsTableName"
    | "sessionsTableName";

/** The sizes some thresholds are derived from. */
interface AlarmSizing {
    readonly minTasks: number;
    readonly dbMaxCapacity: number;
}

export interface AlarmSpec {
    readonly key: AlarmKey;
    /** Title of the alarm's dashboard widget. */
    readonly title: string;
    /** "medical" reaches the clinical team, "critical" the on-call engineer. */
    readonly topic: "medical" | "critical";
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: Readonly<Record<string, DimensionSource>>;
    /**
     * A dimension the metric is only published under together with `dimensions`; the alarm then
     * sums the metric across it with a Metrics Insights query instead of reading one series.
     */
    readonly sumAcross?: string;
    readonly statistic: "Average" | "Maximum" | "Sum";
    readonly comparison:
        | "LessThanThreshold"
        | "GreaterThanThreshold"
        | "GreaterThanOrEqualToThreshold";
    readonly threshold: number | ((sizing: AlarmSizing) => number);
    /** Seconds. */
    readonly period: number;
    readonly evaluationPeriods: number;
    readonly treatMissingData: "breaching" | "notBreaching";
    /** What happened and what to do, as the person paged reads it. */
    readonly description: string;
}

// Aurora PostgreSQL Serverless v2 sizes max_connections from the memory at maximum capacity (about
// 189 per ACU) and caps it at 2,000 while the minimum is 0.5 ACU; warn at 80 % of that.
const CONNECTIONS_PER_ACU = 189;
const CONNECTIONS_CEILING = 2000;
const CONNECTIONS_ALARM_SHARE = 0.8;

/** The Metrics Insights function for each statistic. */
const INSIGHTS_FUNCTIONS: Record<AlarmSpec["statistic"], string> = {
    Average: "AVG",
    Maximum: "MAX",
    Sum: "SUM",
};

function dynamoDbAlarms(table: "conversations" | "sessions"): AlarmSpec[] {
    const source = table === "conversations" ? "conversationsTableName" : "sessionsTableName";
    // DynamoDB publishes both metrics only per (TableName, Operation); an alarm on TableName
    // alone would never receive a datapoint.
    return [
        {
            key: `${table}-throttled-requests`,
            title: `Throttled requests, ${table} table`,
            topic: "critical",
            namespace: "AWS/DynamoDB",
            metricName: "ThrottledRequests",
            dimensions: { TableName: source },
            sumAcross: "Operation",
            statistic: "Sum",
            comparison: "GreaterThanThreshold",
            threshold: 0,
            period: 300,
            evaluationPeriods: 1,
            treatMissingData: "notBreaching",
            description:
                `Requests to the ${table} table are being throttled, so patients may lose ` +
                "answers. Check the table's consumed capacity and hot partition keys in " +
                "CloudWatch Contributor Insights, then raise the table's maximum throughput.",
        },
        {
            key: `${table}-system-errors`,
            title: `System errors, ${table} table`,
            topic: "critical",
            namespace: "AWS/DynamoDB",
            metricName: "SystemErrors",
            dimensions: { TableName: source },
            sumAcross: "Operation",
            statistic: "Sum",
            comparison: "GreaterThanThreshold",
            threshold: 0,
            period: 300,
            evaluationPeriods: 1,
            treatMissingData: "notBreaching",
            description:
                `DynamoDB returned server errors for the ${table} table. Check the AWS Health ` +
                "Dashboard for ap-south-1 and the backend's retry logs; open an AWS support case " +
                "if the errors continue.",
        },
    ];
}

/** Every alarm this component creates, in the order the dashboard shows them. */
export const ALARMS: readonly AlarmSpec[] = [
    {
        key: "intake-completion-rate",
        title: "Intake completion rate (%)",
        topic: "medical",
        namespace: "Baymax/Medical",
        metricName: "IntakeCompletionRate",
        dimensions: { Environment: "environment" },
        statistic: "Average",
        comparison: "LessThanThreshold",
        threshold: 85,
        period: 300,
        evaluationPeriods: 2,
        // No datapoints means no intakes were started, not that intakes are failing; an outage
        // that stops the backend is caught by the running-task and load-balancer alarms.
        treatMissingData: "notBreaching",
        description:
            "Fewer than 85 % of patient intakes were completed over the last 10 minutes. Review " +
            "recent intake transcripts for questions patients abandon and check the backend for " +
            "errors; tell the clinical lead if patients cannot finish intake.",
    },
    {
        key: "red-flag-detection-latency",
        title: "Red-flag detection latency (ms)",
        topic: "critical",
        namespace: "Baymax/Medical",
        metricName: "RedFlagDetectionLatency",
        dimensions: { Environment: "environment" },
        statistic: "Maximum",
        comparison: "GreaterThanThreshold",
        threshold: 5000,
        period: 60,
        evaluationPeriods: 1,
        // No datapoints means no answers needed red-flag screening in that minute.
        treatMissingData: "notBreaching",
        description:
            "Red-flag symptom detection took longer than 5 seconds, so an urgent patient may " +
            "not be escalated in time. Check backend latency and database load now, and tell " +
            "the clinical lead to watch new intakes by hand until it recovers.",
    },
    {
        key: "alb-elb-5xx",
        title: "Load balancer 5xx responses",
        topic: "critical",
        namespace: "AWS/ApplicationELB",
        metricName: "HTTPCode_ELB_5XX_Count",
        dimensions: { LoadBalancer: "albArnSuffix" },
        statistic: "Sum",
        comparison: "GreaterThanThreshold",
        threshold: 10,
        period: 300,
        evaluationPeriods: 1,
        treatMissingData: "notBreaching",
        description:
            "The load balancer itself answered more than 10 requests with 5xx in 5 minutes, " +
            "usually because no healthy backend task was available. Check the target group's " +
            "health and the ECS service's events.",
    },
    {
        key: "alb-target-5xx",
        title: "Backend 5xx responses",
        topic: "critical",
        namespace: "AWS/ApplicationELB",
        metricName: "HTTPCode_Target_5XX_Count",
        dimensions: { LoadBalancer: "albArnSuffix" },
        statistic: "Sum",
        comparison: "GreaterThanThreshold",
        threshold: 10,
        period: 300,
        evaluationPeriods: 1,
        treatMissingData: "notBreaching",
        description:
            "The backend answered more than 10 requests with 5xx in 5 minutes. Read the " +
            "backend's error logs and roll back the last deployment if it started the errors.",
    },
    {
        key: "alb-unhealthy-hosts",
        title: "Unhealthy backend tasks",
        topic: "critical",
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: { TargetGroup: "targetGroupArnSuffix", LoadBalancer: "albArnSuffix" },
        statistic: "Maximum",
        comparison: "GreaterThanThreshold",
        threshold: 0,
        period: 60,
        evaluationPeriods: 3,
        treatMissingData: "notBreaching",
        description:
            "A backend task has failed its health check for 3 minutes. Check the ECS service's " +
            "stopped tasks and the health-check path's logs.",
    },
    {
        key: "ecs-running-tasks",
        title: "Running backend tasks",
        topic: "critical",
        namespace: "ECS/ContainerInsights",
        metricName: "RunningTaskCount",
        dimensions: { ClusterName: "clusterName", ServiceName: "serviceName" },
        statistic: "Average",
        comparison: "LessThanThreshold",
        threshold: ({ minTasks }) => minTasks,
        period: 60,
        evaluationPeriods: 3,
        // Container Insights stops reporting when the service is gone: treat silence as down.
        treatMissingData: "breaching",
        description:
            "Fewer backend tasks are running than the minimum. Check the ECS service's events " +
            "for tasks that fail to start (image pull, secrets, capacity) and redeploy.",
    },
    {
        key: "aurora-capacity",
        title: "Aurora capacity (ACU)",
        topic: "critical",
        namespace: "AWS/RDS",
        metricName: "ServerlessDatabaseCapacity",
        dimensions: { DBClusterIdentifier: "dbClusterIdentifier" },
        statistic: "Average",
        comparison: "GreaterThanOrEqualToThreshold",
        threshold: ({ dbMaxCapacity }) => 0.9 * dbMaxCapacity,
        period: 300,
        evaluationPeriods: 3,
        treatMissingData: "notBreaching",
        description:
            "The database has run at 90 % of its maximum capacity for 15 minutes and cannot grow " +
            "much further. Look for slow queries in Performance Insights and raise the stack's " +
            "dbMaxCapacity if the load is real.",
    },
    {
        key: "aurora-connections",
        title: "Aurora connections",
        topic: "critical",
        namespace: "AWS/RDS",
        metricName: "DatabaseConnections",
        dimensions: { DBClusterIdentifier: "dbClusterIdentifier" },
        statistic: "Maximum",
        comparison: "GreaterThanOrEqualToThreshold",
        threshold: ({ dbMaxCapacity }) =>
            Math.floor(
                CONNECTIONS_ALARM_SHARE *
                    Math.min(CONNECTIONS_CEILING, CONNECTIONS_PER_ACU * dbMaxCapacity),
            ),
        period: 300,
        evaluationPeriods: 2,
        treatMissingData: "notBreaching",
        description:
            "The database is close to its connection limit. Check the RDS Proxy's pinned " +
            "sessions and client connections on the dashboard and look for a backend leaking " +
            "connections before new ones are refused.",
    },
    ...dynamoDbAlarms("conversations"),
    ...dynamoDbAlarms("sessions"),
];

/** The threshold of an alarm for the given sizes. */
export function alarmThreshold(spec: AlarmSpec, sizing: AlarmSizing): number {
    return typeof spec.threshold === "number" ? spec.threshold : spec.threshold(sizing);
}

/** Validates the arguments that shape resources; throws the first problem found. */
export function checkComplianceAlarmsArgs(args: ComplianceAlarmsArgs): void {
    for (const property of ["medicalAlertEmails", "criticalAlertEmails"] as const) {
        const emails = args[property];
        if (emails.length === 0) {
            throw new pulumi.InputPropertyError({
                propertyPath: property,
                reason:
                    `${property} is empty; alarms would reach nobody. ` +
                    "Give at least one e-mail address.",
            });
        }
        for (const [i, email] of emails.entries()) {
            if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
                throw new pulumi.InputPropertyError({
                    propertyPath: `${property}[${i}]`,
                    reason:
                        `${property}[${i}] is "${email}", which is not an e-mail address. ` +
                        "Give an address such as oncall@example.com.",
                });
            }
            if (emails.indexOf(email) !== i) {
                throw new pulumi.InputPropertyError({
                    propertyPath: `${property}[${i}]`,
                    reason:
                        `${property}[${i}] repeats "${email}"; SNS keeps one subscription per ` +
                        "address. List each address once.",
                });
            }
        }
    }
    if (!Number.isInteger(args.minTasks) || args.minTasks < 1) {
        throw new pulumi.InputPropertyError({
            propertyPath: "minTasks",
            reason:
                `minTasks is ${args.minTasks}; the running-task alarm needs a whole number of ` +
                "at least 1. Pass the backend service's minimum task count.",
        });
    }
    if (!Number.isFinite(args.dbMaxCapacity) || args.dbMaxCapacity <= 0) {
        throw new pulumi.InputPropertyError({
            propertyPath: "dbMaxCapacity",
            reason:
                `dbMaxCapacity is ${args.dbMaxCapacity}; the capacity alarms need a number of ` +
                "ACUs above 0. Pass the Aurora cluster's maximum capacity.",
        });
    }
}

/**
 * Alert topics, medical and operational alarms and a dashboard for the patient-intake service.
 * Topics are encrypted with the given KMS key and accept only CloudWatch alarms of this account,
 * over TLS.
 */
export class ComplianceAlarms extends pulumi.ComponentResource {
    /** Reaches the clinical team. */
    readonly medicalTopic: aws.sns.Topic;
    /** Pages the on-call engineer. */
    readonly criticalTopic: aws.sns.Topic;
    /** Every alarm, by its key. */
    readonly alarms: Record<AlarmKey, aws.cloudwatch.MetricAlarm>;
    readonly dashboard: aws.cloudwatch.Dashboard;

    constructor(name: string, args: ComplianceAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        checkComplianceAlarmsArgs(args);
        super("baymax:monitoring:ComplianceAlarms", name, {}, opts);

        const ctx = { environment: args.environment, service: "monitoring" };
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const region = aws.getRegionOutput({}, { parent: this }).region;

        const topic = (role: "medical" | "critical", title: string, emails: string[]) => {
            const physicalName = `${args.namePrefix}-${role}-alerts`;
            const created = new aws.sns.Topic(
                `${name}-${role}-alerts`,
                {
                    name: physicalName,
                    displayName: `Baymax ${args.environment} ${title}`,
                    kmsMasterKeyId: args.alarmsKeyArn,
                    tags: complianceTags(ctx, physicalName, "Internal"),
                },
                { parent: this },
            );
            new aws.sns.TopicPolicy(
                `${name}-${role}-alerts-policy`,
                { arn: created.arn, policy: alarmTopicPolicy(created.arn, accountId) },
                { parent: this },
            );
            emails.forEach(
                (email, i) =>
                    new aws.sns.TopicSubscription(
                        `${name}-${role}-alerts-email-${i}`,
                        { topic: created.arn, protocol: "email", endpoint: email },
                        { parent: this },
                    ),
            );
            return created;
        };
        this.medicalTopic = topic("medical", "medical alerts", args.medicalAlertEmails);
        this.criticalTopic = topic("critical", "critical alerts", args.criticalAlertEmails);

        const dimensionValues: Record<DimensionSource, pulumi.Input<string>> = {
            environment: args.environment,
            albArnSuffix: args.albArnSuffix,
            targetGroupArnSuffix: args.targetGroupArnSuffix,
            clusterName: args.clusterName,
            serviceName: args.serviceName,
            dbClusterIdentifier: args.dbClusterIdentifier,
            conversationsTableName: args.conversationsTableName,
            sessionsTableName: args.sessionsTableName,
        };
        const sizing = { minTasks: args.minTasks, dbMaxCapacity: args.dbMaxCapacity };
        const metricOf = (spec: AlarmSpec) => ({
            dimensions: Object.fromEntries(
                Object.entries(spec.dimensions).map(([dim, source]) => [
                    dim,
                    dimensionValues[source],
                ]),
            ),
            query: spec.sumAcross === undefined ? undefined : insightsQuery(spec, dimensionValues),
        });

        const alarms: Partial<Record<AlarmKey, aws.cloudwatch.MetricAlarm>> = {};
        for (const spec of ALARMS) {
            const physicalName = `${args.namePrefix}-${spec.key}`;
            const { dimensions, query } = metricOf(spec);
            const target = spec.topic === "medical" ? this.medicalTopic : this.criticalTopic;
            alarms[spec.key] = new aws.cloudwatch.MetricAlarm(
                `${name}-${spec.key}`,
                {
                    name: physicalName,
                    alarmDescription: spec.description,
                    ...(query === undefined
                        ? {
                              namespace: spec.namespace,
                              metricName: spec.metricName,
                              dimensions,
                              statistic: spec.statistic,
                              period: spec.period,
                          }
                        : {
                              metricQueries: [
                                  {
                                      id: "total",
                                      expression: query,
                                      label: spec.metricName,
                                      period: spec.period,
                                      returnData: true,
                                  },
                              ],
                          }),
                    comparisonOperator: spec.comparison,
                    threshold: alarmThreshold(spec, sizing),
                    evaluationPeriods: spec.evaluationPeriods,
                    treatMissingData: spec.treatMissingData,
                    alarmActions: [target.arn],
                    okActions: [target.arn],
                    tags: complianceTags(ctx, physicalName, "Internal"),
                },
                { parent: this },
            );
        }
        this.alarms = alarms as Record<AlarmKey, aws.cloudwatch.MetricAlarm>;

        const alarmWidgets = ALARMS.map((spec) => {
            const { dimensions, query } = metricOf(spec);
            return {
                title: spec.title,
                stat: spec.statistic,
                period: spec.period,
                metrics:
                    query === undefined
                        ? [
                              [
                                  spec.namespace,
                                  spec.metricName,
                                  ...Object.entries(dimensions).flat(),
                              ],
                          ]
                        : [[{ id: "total", expression: query, label: spec.metricName }]],
                annotations: {
                    horizontal: [{ label: "alarm", value: alarmThreshold(spec, sizing) }],
                },
            };
        });
        const proxyWidget = {
            title: "RDS Proxy connections",
            stat: "Maximum",
            period: 300,
            metrics: ["ClientConnections", "DatabaseConnectionsCurrentlySessionPinned"].map(
                (metric) => ["AWS/RDS", metric, "ProxyName", args.proxyName],
            ),
        };
        const dashboardName = `${args.namePrefix}-medical-operations`;
        this.dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName,
                dashboardBody: pulumi.jsonStringify({
                    widgets: [...alarmWidgets, proxyWidget].map((properties, i) => ({
                        type: "metric",
                        x: (i % 2) * 12,
                        y: Math.floor(i / 2) * 6,
                        width: 12,
                        height: 6,
                        properties: { view: "timeSeries", region, ...properties },
                    })),
                }),
            },
            { parent: this },
        );

        this.registerOutputs({
            medicalTopic: this.medicalTopic,
            criticalTopic: this.criticalTopic,
            alarms: this.alarms,
            dashboard: this.dashboard,
        });
    }
}

/** Lets this account's CloudWatch alarms publish to the topic; refuses publishing without TLS. */
function alarmTopicPolicy(
    topicArn: pulumi.Input<string>,
    accountId: pulumi.Input<string>,
): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowCloudWatchAlarms",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

/** A Metrics Insights query summing the spec's metric over its `sumAcross` dimension. */
function insightsQuery(
    spec: AlarmSpec,
    values: Record<DimensionSource, pulumi.Input<string>>,
): pulumi.Output<string> {
    const dims = Object.keys(spec.dimensions);
    const schema = [`"${spec.namespace}"`, spec.sumAcross, ...dims].join(", ");
    const where = dims.flatMap((dim, i) => [
        `${i === 0 ? "" : " AND "}${dim} = '`,
        values[spec.dimensions[dim]],
        "'",
    ]);
    return pulumi.concat(
        `SELECT ${INSIGHTS_FUNCTIONS[spec.statistic]}(${spec.metricName}) `,
        `FROM SCHEMA(${schema}) WHERE `,
        ...where,
    );
}
