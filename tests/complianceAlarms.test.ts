import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    ALARMS,
    alarmThreshold,
    checkComplianceAlarmsArgs,
    ComplianceAlarms,
    ComplianceAlarmsArgs,
} from "../components/complianceAlarms";
import { RecordingEngine } from "../offline/engine";
import { record } from "../offline/harness";
import { OFFLINE_ACCOUNT_ID } from "../offline/identities";

const ALARMS_KEY = "arn:aws:kms:ap-south-1:111122223333:key/alarms-key";
const ALB = "app/baymax-test-alb/0123456789abcdef";
const TARGET_GROUP = "targetgroup/baymax-test-backend/fedcba9876543210";

const ARGS: ComplianceAlarmsArgs = {
    environment: "test",
    namePrefix: "baymax-test",
    alarmsKeyArn: ALARMS_KEY,
    medicalAlertEmails: ["clinical-lead@baymax.example", "nurse-desk@baymax.example"],
    criticalAlertEmails: ["oncall@baymax.example"],
    albArnSuffix: ALB,
    targetGroupArnSuffix: TARGET_GROUP,
    clusterName: "baymax-test-cluster",
    serviceName: "baymax-test-backend",
    minTasks: 2,
    dbClusterIdentifier: "baymax-test-phi",
    dbMaxCapacity: 16,
    proxyName: "baymax-test-proxy",
    conversationsTableName: "baymax-test-conversations",
    sessionsTableName: "baymax-test-sessions",
};

const TAGS = (name: string) => ({
    Environment: "test",
    Compliance: "HIPAA",
    DataClass: "Internal",
    Service: "monitoring",
    Name: name,
});

interface ExpectedMetric {
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    statistic: string;
    period: number;
}

interface ExpectedAlarm {
    key: string;
    topic: "medical" | "critical";
    metric: ExpectedMetric | { query: string; period: number };
    comparisonOperator: string;
    threshold: number;
    evaluationPeriods: number;
    treatMissingData: string;
}

const ENV = { Environment: "test" };
const RDS = { DBClusterIdentifier: "baymax-test-phi" };
const dynamo = (metric: string, table: string) => ({
    query:
        `SELECT SUM(${metric}) FROM SCHEMA("AWS/DynamoDB", Operation, TableName) ` +
        `WHERE TableName = 'baymax-test-${table}'`,
    period: 300,
});

/** The metric an expected Metrics Insights query sums. */
const metricOf = (expected: ExpectedAlarm) =>
    "query" in expected.metric ? /SUM\((\w+)\)/.exec(expected.metric.query)![1] : undefined;

const EXPECTED: ExpectedAlarm[] = [
    {
        key: "intake-completion-rate",
        topic: "medical",
        metric: {
            namespace: "Baymax/Medical",
            metricName: "IntakeCompletionRate",
            dimensions: ENV,
            statistic: "Average",
            period: 300,
        },
        comparisonOperator: "LessThanThreshold",
        threshold: 85,
        evaluationPeriods: 2,
        treatMissingData: "notBreaching",
    },
    {
        key: "red-flag-detection-latency",
        topic: "critical",
        metric: {
            namespace: "Baymax/Medical",
            metricName: "RedFlagDetectionLatency",
            dimensions: ENV,
            statistic: "Maximum",
            period: 60,
        },
        comparisonOperator: "GreaterThanThreshold",
        threshold: 5000,
        evaluationPeriods: 1,
        treatMissingData: "notBreaching",
    },
    {
        key: "alb-elb-5xx",
        topic: "critical",
        metric: {
            namespace: "AWS/ApplicationELB",
            metricName: "HTTPCode_ELB_5XX_Count",
            dimensions: { LoadBalancer: ALB },
            statistic: "Sum",
            period: 300,
        },
        comparisonOperator: "GreaterThanThreshold",
        threshold: 10,
        evaluationPeriods: 1,
        treatMissingData: "notBreaching",
    },
    {
        key: "alb-target-5xx",
        topic: "critical",
        metric: {
            namespace: "AWS/ApplicationELB",
            metricName: "HTTPCode_Target_5XX_Count",
            dimensions: { LoadBalancer: ALB },
            statistic: "Sum",
            period: 300,
        },
        comparisonOperator: "GreaterThanThreshold",
        threshold: 10,
        evaluationPeriods: 1,
        treatMissingData: "notBreaching",
    },
    {
        key: "alb-unhealthy-hosts",
        topic: "critical",
        metric: {
            namespace: "AWS/ApplicationELB",
            metricName: "UnHealthyHostCount",
            dimensions: { TargetGroup: TARGET_GROUP, LoadBalancer: ALB },
            statistic: "Maximum",
            period: 60,
        },
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 3,
        treatMissingData: "notBreaching",
    },
    {
        key: "ecs-running-tasks",
        topic: "critical",
        metric: {
            namespace: "ECS/ContainerInsights",
            metricName: "RunningTaskCount",
            dimensions: { ClusterName: "baymax-test-cluster", ServiceName: "baymax-test-backend" },
            statistic: "Average",
            period: 60,
        },
        comparisonOperator: "LessThanThreshold",
        threshold: 2,
        evaluationPeriods: 3,
        treatMissingData: "breaching",
    },
    {
        key: "aurora-capacity",
        topic: "critical",
        metric: {
            namespace: "AWS/RDS",
            metricName: "ServerlessDatabaseCapacity",
            dimensions: RDS,
            statistic: "Average",
            period: 300,
        },
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 14.4,
        evaluationPeriods: 3,
        treatMissingData: "notBreaching",
    },
    {
        key: "aurora-connections",
        topic: "critical",
        metric: {
            namespace: "AWS/RDS",
            metricName: "DatabaseConnections",
            dimensions: RDS,
            statistic: "Maximum",
            period: 300,
        },
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1600,
        evaluationPeriods: 2,
        treatMissingData: "notBreaching",
    },
    ...(["conversations", "sessions"] as const).flatMap((table) =>
        (
            [
                ["ThrottledRequests", "throttled-requests"],
                ["SystemErrors", "system-errors"],
            ] as const
        ).map(
            ([metric, suffix]): ExpectedAlarm => ({
                key: `${table}-${suffix}`,
                topic: "critical",
                metric: dynamo(metric, table),
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                evaluationPeriods: 1,
                treatMissingData: "notBreaching",
            }),
        ),
    ),
];

describe("ComplianceAlarms", () => {
    let engine: RecordingEngine;
    let component: ComplianceAlarms;

    before(async () => {
        ({ engine, result: component } = await record(
            ({ primary }) => new ComplianceAlarms("alarms", ARGS, { provider: primary }),
        ));
    });

    const topicArn = (role: "medical" | "critical") =>
        engine.one("aws:sns/topic:Topic", `alarms-${role}-alerts`).wireOutputs!.arn as string;

    it("registers under its type token with every child parented to it", () => {
        const self = engine.one("baymax:monitoring:ComplianceAlarms", "alarms");
        const children = engine.resources.filter((r) => r.parent === self.urn);
        assert.deepStrictEqual(
            [...new Set(children.map((r) => r.type))].sort(),
            [
                "aws:cloudwatch/dashboard:Dashboard",
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "aws:sns/topic:Topic",
                "aws:sns/topicPolicy:TopicPolicy",
                "aws:sns/topicSubscription:TopicSubscription",
            ],
        );
        assert.strictEqual(children.length, 2 + 2 + 3 + 12 + 1);
        for (const child of children) {
            assert.strictEqual(engine.regionOf(child), "ap-south-1", child.urn);
        }
    });

    it("encrypts both topics with the alarms key and tags them as internal", () => {
        for (const role of ["medical", "critical"] as const) {
            const topic = engine.one("aws:sns/topic:Topic", `alarms-${role}-alerts`);
            assert.strictEqual(topic.inputs.name, `baymax-test-${role}-alerts`);
            assert.strictEqual(topic.inputs.kmsMasterKeyId, ALARMS_KEY);
            assert.deepStrictEqual(topic.inputs.tags, TAGS(`baymax-test-${role}-alerts`));
            assert.strictEqual(
                topicArn(role),
                `arn:aws:sns:ap-south-1:${OFFLINE_ACCOUNT_ID}:baymax-test-${role}-alerts`,
            );
        }
    });

    it("lets only this account's CloudWatch publish to each topic, and only over TLS", () => {
        for (const role of ["medical", "critical"] as const) {
            const policy = engine.one(
                "aws:sns/topicPolicy:TopicPolicy",
                `alarms-${role}-alerts-policy`,
            );
            assert.strictEqual(policy.inputs.arn, topicArn(role));
            assert.deepStrictEqual(JSON.parse(policy.inputs.policy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AllowCloudWatchAlarms",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: topicArn(role),
                        Condition: { StringEquals: { "aws:SourceAccount": OFFLINE_ACCOUNT_ID } },
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sns:Publish",
                        Resource: topicArn(role),
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            });
        }
    });

    it("subscribes each address by e-mail to its own topic", () => {
        const subscriptions = engine
            .ofType("aws:sns/topicSubscription:TopicSubscription")
            .map((s) => ({ name: s.name, ...s.inputs }))
            .sort((a, b) => a.name.localeCompare(b.name));
        assert.deepStrictEqual(subscriptions, [
            {
                name: "alarms-critical-alerts-email-0",
                topic: topicArn("critical"),
                protocol: "email",
                endpoint: "oncall@baymax.example",
            },
            {
                name: "alarms-medical-alerts-email-0",
                topic: topicArn("medical"),
                protocol: "email",
                endpoint: "clinical-lead@baymax.example",
            },
            {
                name: "alarms-medical-alerts-email-1",
                topic: topicArn("medical"),
                protocol: "email",
                endpoint: "nurse-desk@baymax.example",
            },
        ]);
    });

    it("creates exactly the expected alarms", () => {
        assert.deepStrictEqual(
            engine
                .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
                .map((a) => a.inputs.name)
                .sort(),
            EXPECTED.map((e) => `baymax-test-${e.key}`).sort(),
        );
        assert.deepStrictEqual(
            Object.keys(component.alarms),
            EXPECTED.map((e) => e.key),
        );
    });

    for (const expected of EXPECTED) {
        it(`alarm ${expected.key} watches its metric and tells the ${expected.topic} topic`, () => {
            const alarm = engine.one(
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                `alarms-${expected.key}`,
            );
            const name = `baymax-test-${expected.key}`;
            const common = {
                name,
                comparisonOperator: expected.comparisonOperator,
                threshold: expected.threshold,
                evaluationPeriods: expected.evaluationPeriods,
                treatMissingData: expected.treatMissingData,
                alarmActions: [topicArn(expected.topic)],
                okActions: [topicArn(expected.topic)],
                tags: TAGS(name),
            };
            const metric =
                "query" in expected.metric
                    ? {
                          metricQueries: [
                              {
                                  id: "total",
                                  expression: expected.metric.query,
                                  label: metricOf(expected),
                                  period: expected.metric.period,
                                  returnData: true,
                              },
                          ],
                      }
                    : expected.metric;
            const { alarmDescription, ...rest } = alarm.inputs;
            assert.deepStrictEqual(rest, { ...common, ...metric });
            assert.match(alarmDescription, /^[A-Z].{40,}\.$/s);
        });
    }

    it("explains every alarm differently, so the person paged knows which one fired", () => {
        const descriptions = engine
            .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
            .map((a) => a.inputs.alarmDescription);
        assert.strictEqual(new Set(descriptions).size, EXPECTED.length);
    });

    it("derives the capacity-based thresholds from the stack's sizes", () => {
        const spec = (key: string) => ALARMS.find((a) => a.key === key)!;
        const small = { minTasks: 3, dbMaxCapacity: 4 };
        assert.strictEqual(alarmThreshold(spec("ecs-running-tasks"), small), 3);
        assert.strictEqual(alarmThreshold(spec("aurora-capacity"), small), 3.6);
        assert.strictEqual(alarmThreshold(spec("aurora-connections"), small), 604);
        const large = { ...small, dbMaxCapacity: 64 };
        assert.strictEqual(alarmThreshold(spec("aurora-connections"), large), 1600);
        assert.strictEqual(alarmThreshold(spec("intake-completion-rate"), small), 85);
    });

    it("draws a dashboard of every alarmed metric plus the proxy's connections", () => {
        const dashboard = engine.one("aws:cloudwatch/dashboard:Dashboard", "alarms-dashboard");
        assert.strictEqual(dashboard.inputs.dashboardName, "baymax-test-medical-operations");
        const body = JSON.parse(dashboard.inputs.dashboardBody);
        assert.strictEqual(body.widgets.length, EXPECTED.length + 1);
        body.widgets.forEach((w: any, i: number) => {
            assert.strictEqual(w.type, "metric");
            assert.deepStrictEqual(
                [w.x, w.y, w.width, w.height],
                [(i % 2) * 12, Math.floor(i / 2) * 6, 12, 6],
            );
            assert.strictEqual(w.properties.region, "ap-south-1");
            assert.strictEqual(w.properties.view, "timeSeries");
        });
        const lines = body.widgets.map((w: any) => w.properties.metrics);
        EXPECTED.forEach((expected, i) => {
            const line =
                "query" in expected.metric
                    ? [
                          {
                              id: "total",
                              expression: expected.metric.query,
                              label: metricOf(expected),
                          },
                      ]
                    : [
                          expected.metric.namespace,
                          expected.metric.metricName,
                          ...Object.entries(expected.metric.dimensions).flat(),
                      ];
            assert.deepStrictEqual(lines[i], [line], expected.key);
            assert.deepStrictEqual(body.widgets[i].properties.annotations, {
                horizontal: [{ label: "alarm", value: expected.threshold }],
            });
        });
        assert.deepStrictEqual(lines[EXPECTED.length], [
            ["AWS/RDS", "ClientConnections", "ProxyName", "baymax-test-proxy"],
            [
                "AWS/RDS",
                "DatabaseConnectionsCurrentlySessionPinned",
                "ProxyName",
                "baymax-test-proxy",
            ],
        ]);
        const titles = body.widgets.map((w: any) => w.properties.title);
        assert.deepStrictEqual(titles.slice(0, 2), [
            "Intake completion rate (%)",
            "Red-flag detection latency (ms)",
        ]);
        assert.strictEqual(new Set(titles).size, titles.length);
    });

    it("asks for its caller identity and region once each, through its own provider", () => {
        const tokens = engine.invokes.map((i) => i.token).sort();
        assert.deepStrictEqual(tokens, [
            "aws:index/getCallerIdentity:getCallerIdentity",
            "aws:index/getRegion:getRegion",
        ]);
        for (const invoke of engine.invokes) {
            assert.match(invoke.provider!, /::pulumi:providers:aws::primary::/);
        }
    });
});

describe("ComplianceAlarms argument checks", () => {
    const failure = (overrides: Partial<ComplianceAlarmsArgs>) => {
        try {
            checkComplianceAlarmsArgs({ ...ARGS, ...overrides });
        } catch (err) {
            assert.ok(pulumi.InputPropertyError.isInstance(err));
            return { propertyPath: err.propertyPath, message: err.message };
        }
        assert.fail("expected the arguments to be refused");
    };

    it("accepts the fixture", () => {
        assert.doesNotThrow(() => checkComplianceAlarmsArgs(ARGS));
    });

    it("refuses empty alert lists", () => {
        assert.deepStrictEqual(failure({ medicalAlertEmails: [] }), {
            propertyPath: "medicalAlertEmails",
            message:
                "medicalAlertEmails is empty; alarms would reach nobody. " +
                "Give at least one e-mail address.",
        });
        assert.deepStrictEqual(failure({ criticalAlertEmails: [] }), {
            propertyPath: "criticalAlertEmails",
            message:
                "criticalAlertEmails is empty; alarms would reach nobody. " +
                "Give at least one e-mail address.",
        });
    });

    it("refuses an address that is not one, and a repeated address", () => {
        const pager = ["oncall@baymax.example", "pager"];
        assert.deepStrictEqual(failure({ criticalAlertEmails: pager }), {
            propertyPath: "criticalAlertEmails[1]",
            message:
                'criticalAlertEmails[1] is "pager", which is not an e-mail address. ' +
                "Give an address such as oncall@example.com.",
        });
        assert.deepStrictEqual(failure({ medicalAlertEmails: ["a@b.example", "a@b.example"] }), {
            propertyPath: "medicalAlertEmails[1]",
            message:
                'medicalAlertEmails[1] repeats "a@b.example"; SNS keeps one subscription per ' +
                "address. List each address once.",
        });
    });

    it("refuses sizes the thresholds cannot be derived from", () => {
        assert.deepStrictEqual(failure({ minTasks: 0 }), {
            propertyPath: "minTasks",
            message:
                "minTasks is 0; the running-task alarm needs a whole number of at least 1. " +
                "Pass the backend service's minimum task count.",
        });
        assert.deepStrictEqual(failure({ minTasks: 1.5 }).propertyPath, "minTasks");
        assert.deepStrictEqual(failure({ dbMaxCapacity: 0 }), {
            propertyPath: "dbMaxCapacity",
            message:
                "dbMaxCapacity is 0; the capacity alarms need a number of ACUs above 0. " +
                "Pass the Aurora cluster's maximum capacity.",
        });
    });

    it("refuses before registering anything", async () => {
        const { engine, result } = await record(({ primary }) => {
            try {
                const args = { ...ARGS, criticalAlertEmails: [] };
                new ComplianceAlarms("alarms", args, { provider: primary });
            } catch (err) {
                return err as Error;
            }
            return undefined;
        });
        assert.strictEqual(result?.message.startsWith("criticalAlertEmails is empty;"), true);
        assert.deepStrictEqual(
            engine.resources.filter((r) => !r.type.startsWith("pulumi:providers:")),
            [],
        );
    });
});
