// The audit-logging policies, through the real analyzer path: the real prod plan passes, and each
// case weakens one setting of it and expects exactly the findings of the policy under test.
import * as assert from "assert";
import { RunningPolicyPack } from "../offline/analyzer";
import { PreviewDigest, UNKNOWN_SENTINEL } from "../offline/previewFormat";
import { analyzeOnly } from "./fixtures/focusedPack";
import {
    addState,
    advisory,
    cannotRun,
    editProps,
    editState,
    findingsOf,
    mandatory,
    packConfig,
    stateIn,
} from "./fixtures/planEdits";
import { realPlan, weakenedPlan } from "./fixtures/prodPlan";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const PARAMS = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const KEY = "aws:kms/key:Key";
const LB = "aws:lb/loadBalancer:LoadBalancer";

const POLICIES: [string, string][] = [
    ["elb-load-balancer-access-logging", "mandatory"],
    ["cloudwatch-log-group-retention", "mandatory"],
    ["rds-cluster-log-exports", "mandatory"],
    ["rds-cluster-connection-logging", "mandatory"],
    ["rds-instance-enhanced-monitoring", "advisory"],
    ["cloudwatch-alarm-actions", "advisory"],
    ["cloudwatch-log-group-key-grants-logs", "mandatory"],
    ["sns-alarm-topic-key-grants-cloudwatch", "advisory"],
    ["ecs-cluster-exec-session-encrypted", "mandatory"],
];
const NAMES = POLICIES.map(([name]) => name);

/** A copy of the prod plan with the named key's policy statements edited. */
function keyPolicyEdited(name: string, edit: (statements: any[]) => void): PreviewDigest {
    return editProps(realPlan("prod"), KEY, name, (props) => {
        const document = JSON.parse(props.policy);
        edit(document.Statement);
        props.policy = JSON.stringify(document);
    });
}

describe("policy pack: audit logging", () => {
    let pack: RunningPolicyPack;
    before(async () => {
        pack = await sharedPolicyPack();
    });

    const check = async (plan: PreviewDigest, policy: string, config?: object) =>
        findingsOf(
            await analyzeOnly(pack, plan, [policy], config ? packConfig(config as any) : undefined),
            policy,
        );

    it("declares each policy at its level, and the retention minimum as config", async () => {
        const report = await pack.analyze(realPlan("prod"));
        const declared = report.packs[0].policies.filter((p) => NAMES.includes(p.name));
        assert.deepStrictEqual(
            declared.map((p) => [p.name, p.enforcementLevel]),
            POLICIES,
        );
        const retention = declared.find((p) => p.name === "cloudwatch-log-group-retention");
        const minimum = retention?.configSchema?.properties.minimumRetentionDays;
        assert.strictEqual(minimum?.default, 365);
        assert.ok((minimum?.enum as number[]).includes(2192));
    });

    it("finds nothing in the real prod and dev plans", async () => {
        for (const stack of ["prod", "dev"] as const) {
            const report = await analyzeOnly(pack, realPlan(stack), NAMES);
            assert.deepStrictEqual(findingsOf(report, ...NAMES), [], stack);
        }
    });

    describe("elb-load-balancer-access-logging", () => {
        const policy = "elb-load-balancer-access-logging";
        const noLogs = mandatory(
            policy,
            "backend-alb",
            'Load balancer "backend-alb" writes no access logs: set accessLogs to ' +
                "{ enabled: true, bucket: <an SSE-S3 log bucket>, prefix: <prefix> }.",
        );

        it("flags an ALB with access logs off or absent", async () => {
            const off = weakenedPlan(LB, "backend-alb", (i) => (i.accessLogs.enabled = false));
            assert.deepStrictEqual(await check(off, policy), [noLogs]);
            const absent = weakenedPlan(LB, "backend-alb", (i) => delete i.accessLogs);
            assert.deepStrictEqual(await check(absent, policy), [noLogs]);
        });

        it("does not apply to a network load balancer", async () => {
            const plan = weakenedPlan(LB, "backend-alb", (i) => {
                i.loadBalancerType = "network";
                delete i.accessLogs;
            });
            const report = await analyzeOnly(pack, plan, [policy]);
            assert.deepStrictEqual(findingsOf(report, policy), []);
        });

        it("judges an awsx ApplicationLoadBalancer by its inputs", async () => {
            const plan = addState(realPlan("prod"), {
                name: "public-alb",
                type: "awsx:lb:ApplicationLoadBalancer",
                inputs: { name: "baymax-prod-public" },
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "public-alb",
                    'Load balancer "public-alb" writes no access logs: set accessLogs to ' +
                        "{ enabled: true, bucket: <an SSE-S3 log bucket>, prefix: <prefix> }.",
                ),
            ]);
        });

        it("reports that it cannot judge access logging unknown at preview", async () => {
            const plan = weakenedPlan(LB, "backend-alb", (i) => {
                i.accessLogs.enabled = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "backend-alb", "accessLogs.enabled"),
            ]);
        });
    });

    describe("cloudwatch-log-group-retention", () => {
        const policy = "cloudwatch-log-group-retention";
        const group = 'CloudWatch log group "backend-logs"';

        it("flags a group whose events never expire, whether unset or 0", async () => {
            const never = mandatory(
                policy,
                "backend-logs",
                `${group} sets no retention, so its events never expire: set retentionInDays ` +
                    "to at least 365 (2192 keeps six years).",
            );
            const unset = weakenedPlan(LOG_GROUP, "backend-logs", (i) => delete i.retentionInDays);
            assert.deepStrictEqual(await check(unset, policy), [never]);
            const zero = weakenedPlan(LOG_GROUP, "backend-logs", (i) => (i.retentionInDays = 0));
            assert.deepStrictEqual(await check(zero, policy), [never]);
        });

        it("flags a retention below the minimum", async () => {
            const plan = weakenedPlan(LOG_GROUP, "backend-logs", (i) => (i.retentionInDays = 180));
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "backend-logs",
                    `${group} keeps its events for 180 days: set retentionInDays to at least ` +
                        "365 (2192 keeps six years).",
                ),
            ]);
        });

        it("flags a retention CloudWatch Logs does not accept", async () => {
            const plan = weakenedPlan(LOG_GROUP, "backend-logs", (i) => (i.retentionInDays = 1000));
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "backend-logs",
                    `${group} sets retentionInDays 1000, which CloudWatch Logs does not accept: ` +
                        "use an allowed value of at least 365, such as 2192.",
                ),
            ]);
        });

        it("holds dev's one-year logs to six years when the config asks for 2192", async () => {
            const config = { [policy]: { minimumRetentionDays: 2192 } };
            const found = await check(realPlan("dev"), policy, config);
            assert.deepStrictEqual(found.map((f) => f.resource).sort(), [
                "backend-logs",
                "backend-waf-logs",
                "database-logs",
                "network-flow-logs",
            ]);
            assert.strictEqual(
                found.find((f) => f.resource === "database-logs")?.message,
                'CloudWatch log group "database-logs" keeps its events for 365 days: set ' +
                    "retentionInDays to at least 2192 (2192 keeps six years).",
            );
            assert.deepStrictEqual(await check(realPlan("prod"), policy, config), []);
        });

        it("reports that it cannot judge a retention unknown at preview", async () => {
            const plan = weakenedPlan(LOG_GROUP, "backend-logs", (i) => {
                i.retentionInDays = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "backend-logs", "retentionInDays"),
            ]);
        });
    });

    describe("rds-cluster-log-exports", () => {
        const policy = "rds-cluster-log-exports";

        it("flags a PostgreSQL cluster that does not export its log", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                i.enabledCloudwatchLogsExports = [];
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "database-cluster",
                    'RDS cluster "database-cluster" does not export its postgresql log to ' +
                        'CloudWatch Logs: add "postgresql" to enabledCloudwatchLogsExports.',
                ),
            ]);
        });

        it("asks a MySQL cluster for its audit, error, general and slow-query logs", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                i.engine = "aurora-mysql";
                i.enabledCloudwatchLogsExports = ["error"];
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "database-cluster",
                    'RDS cluster "database-cluster" does not export its audit, general, ' +
                        "slowquery log to CloudWatch Logs: add \"audit\", \"general\" or " +
                        '"slowquery" to enabledCloudwatchLogsExports.',
                ),
            ]);
        });

        it("reports that it cannot judge exports unknown at preview", async () => {
            const plan = weakenedPlan(CLUSTER, "database-cluster", (i) => {
                i.enabledCloudwatchLogsExports = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, "database-cluster", "enabledCloudwatchLogsExports"),
            ]);
        });
    });

    describe("rds-cluster-connection-logging", () => {
        const policy = "rds-cluster-connection-logging";
        const cluster = 'RDS cluster "database-cluster"';

        it("flags a parameter group that does not log disconnections", async () => {
            const plan = editProps(realPlan("prod"), PARAMS, "database-params", (p) => {
                p.parameters = p.parameters.map((param: { name: string; value: string }) =>
                    param.name === "log_disconnections" ? { ...param, value: "0" } : param,
                );
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "database-cluster",
                    `${cluster} uses cluster parameter group "database-params", which does not ` +
                        'turn on log_disconnections: add { name: "log_disconnections", value: ' +
                        '"1" } to its parameters.',
                ),
            ]);
        });

        it("flags a cluster on the default parameter group", async () => {
            const plan = editState(realPlan("prod"), CLUSTER, "database-cluster", (s) => {
                delete s.inputs.dbClusterParameterGroupName;
                delete s.outputs!.dbClusterParameterGroupName;
                delete s.propertyDependencies!.dbClusterParameterGroupName;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "database-cluster",
                    `${cluster} uses the default cluster parameter group, which logs no ` +
                        "connections: set dbClusterParameterGroupName to a parameter group with " +
                        '{ name: "log_connections", value: "1" }, ' +
                        '{ name: "log_disconnections", value: "1" }.',
                ),
            ]);
        });

        it("flags a parameter group the stack does not manage", async () => {
            const plan = editState(realPlan("prod"), CLUSTER, "database-cluster", (s) => {
                s.inputs.dbClusterParameterGroupName = "shared-postgres16";
                s.outputs!.dbClusterParameterGroupName = "shared-postgres16";
                delete s.propertyDependencies!.dbClusterParameterGroupName;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "database-cluster",
                    `${cluster} uses cluster parameter group "shared-postgres16", which this ` +
                        "stack does not manage, so its logging cannot be checked: manage it in " +
                        'this stack with { name: "log_connections", value: "1" }, ' +
                        '{ name: "log_disconnections", value: "1" }.',
                ),
            ]);
        });

        it("reports that it cannot judge parameters unknown at preview", async () => {
            const plan = editProps(realPlan("prod"), PARAMS, "database-params", (p) => {
                p.parameters[1].value = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, undefined, "parameters.1.value"),
            ]);
        });
    });

    describe("rds-instance-enhanced-monitoring", () => {
        const policy = "rds-instance-enhanced-monitoring";

        it("flags an instance without Enhanced Monitoring", async () => {
            const plan = weakenedPlan(INSTANCE, "database-instance-1", (i) => {
                i.monitoringInterval = 0;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                advisory(
                    policy,
                    "database-instance-1",
                    'RDS cluster instance "database-instance-1" has no Enhanced Monitoring: set ' +
                        "monitoringInterval to one of 1, 5, 10, 15, 30, 60 seconds and " +
                        "monitoringRoleArn to a role with AmazonRDSEnhancedMonitoringRole.",
                ),
            ]);
        });

        it("flags an interval without a monitoring role", async () => {
            const plan = weakenedPlan(INSTANCE, "database-instance-1", (i) => {
                delete i.monitoringRoleArn;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                advisory(
                    policy,
                    "database-instance-1",
                    'RDS cluster instance "database-instance-1" sets monitoringInterval without ' +
                        "monitoringRoleArn: set it to a role with " +
                        "AmazonRDSEnhancedMonitoringRole.",
                ),
            ]);
        });
    });

    describe("cloudwatch-alarm-actions", () => {
        const policy = "cloudwatch-alarm-actions";
        const alarm = 'CloudWatch alarm "alarms-red-flag-detection-latency"';

        it("flags disabled actions, no alarm action and an implicit treatMissingData", async () => {
            const plan = weakenedPlan(ALARM, "alarms-red-flag-detection-latency", (i) => {
                i.actionsEnabled = false;
                i.alarmActions = [];
                delete i.treatMissingData;
            });
            const on = "alarms-red-flag-detection-latency";
            assert.deepStrictEqual(await check(plan, policy), [
                advisory(
                    policy,
                    on,
                    `${alarm} has its actions disabled: remove actionsEnabled: false.`,
                ),
                advisory(
                    policy,
                    on,
                    `${alarm} notifies no one when it fires: set alarmActions to an SNS topic ARN.`,
                ),
                advisory(
                    policy,
                    on,
                    `${alarm} leaves treatMissingData to its default: set it to "breaching", ` +
                        '"notBreaching", "ignore" or "missing", so that a metric that stops ' +
                        "reporting is handled on purpose.",
                ),
            ]);
        });

        it("accepts alarm actions known only after deployment", async () => {
            const plan = weakenedPlan(ALARM, "alarms-red-flag-detection-latency", (i) => {
                i.alarmActions = [UNKNOWN_SENTINEL];
            });
            assert.deepStrictEqual(await check(plan, policy), []);
        });
    });

    describe("cloudwatch-log-group-key-grants-logs", () => {
        const policy = "cloudwatch-log-group-key-grants-logs";
        const users =
            'KMS key "keys-logs-key", which encrypts log group(s) "network-flow-logs", ' +
            '"database-logs", "backend-logs", "backend-waf-logs",';
        const grant =
            'add an Allow statement for Service "logs.ap-south-1.amazonaws.com" with ' +
            "kms:Encrypt*, kms:Decrypt*, kms:GenerateDataKey*.";

        it("flags a logs key whose policy leaves out kms:Decrypt*", async () => {
            const plan = keyPolicyEdited("keys-logs-key", (s) => {
                s[1].Action = s[1].Action.filter((a: string) => a !== "kms:Decrypt*");
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "keys-logs-key",
                    `${users} does not allow logs.ap-south-1.amazonaws.com kms:Decrypt*: ${grant}`,
                ),
            ]);
        });

        it("flags a grant to the logs service of another region", async () => {
            const plan = keyPolicyEdited("keys-logs-key", (s) => {
                s[1].Principal = { Service: "logs.ap-south-2.amazonaws.com" };
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "keys-logs-key",
                    `${users} does not allow logs.ap-south-1.amazonaws.com kms:Encrypt*, ` +
                        `kms:Decrypt*, kms:GenerateDataKey*: ${grant}`,
                ),
            ]);
        });

        it("accepts kms:* granted to the logs service", async () => {
            const plan = keyPolicyEdited("keys-logs-key", (s) => (s[1].Action = "kms:*"));
            assert.deepStrictEqual(await check(plan, policy), []);
        });

        it("flags a logs key on AWS's default policy", async () => {
            const plan = editProps(realPlan("prod"), KEY, "keys-logs-key", (p) => delete p.policy);
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "keys-logs-key",
                    `${users} has the default key policy, which no AWS service may use: ${grant}`,
                ),
            ]);
        });

        it("flags a log group encrypted with a key of another region", async () => {
            const plan = editState(realPlan("prod"), LOG_GROUP, "backend-logs", (s) => {
                const drKey = stateIn(realPlan("prod"), KEY, "dr-dr-backup-key");
                s.inputs.kmsKeyId = drKey.outputs!.arn;
                s.outputs!.kmsKeyId = drKey.outputs!.arn;
                s.propertyDependencies!.kmsKeyId = [drKey.urn];
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "backend-logs",
                    'CloudWatch log group "backend-logs" in ap-south-1 uses KMS key ' +
                        '"dr-dr-backup-key" of ap-south-2, which CloudWatch Logs cannot use: ' +
                        "use a key in ap-south-1.",
                ),
            ]);
        });

        it("finds the key by its ARN, or through its alias, without a dependency", async () => {
            let plan = editState(realPlan("prod"), LOG_GROUP, "backend-logs", (s) => {
                delete s.propertyDependencies!.kmsKeyId;
            });
            plan = editState(plan, LOG_GROUP, "database-logs", (s) => {
                s.inputs.kmsKeyId = "alias/baymax-prod-logs";
                s.outputs!.kmsKeyId = "alias/baymax-prod-logs";
                delete s.propertyDependencies!.kmsKeyId;
            });
            plan = editProps(plan, KEY, "keys-logs-key", (p) => {
                const document = JSON.parse(p.policy);
                document.Statement.splice(1, 1);
                p.policy = JSON.stringify(document);
            });
            // Both groups are still traced to the key: the finding names all four users.
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "keys-logs-key",
                    `${users} does not allow logs.ap-south-1.amazonaws.com kms:Encrypt*, ` +
                        `kms:Decrypt*, kms:GenerateDataKey*: ${grant}`,
                ),
            ]);
        });

        it("flags a log group on a key the stack does not manage", async () => {
            const external = "arn:aws:kms:ap-south-1:111122223333:key/external";
            const plan = editState(realPlan("prod"), LOG_GROUP, "backend-logs", (s) => {
                s.inputs.kmsKeyId = external;
                s.outputs!.kmsKeyId = external;
                delete s.propertyDependencies!.kmsKeyId;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "backend-logs",
                    'CloudWatch log group "backend-logs" uses a KMS key this stack does not ' +
                        "manage, so the pack cannot check that CloudWatch Logs may use it: use a " +
                        "key of this stack.",
                ),
            ]);
        });

        it("reports that it cannot judge a key policy unknown at preview", async () => {
            const plan = editProps(realPlan("prod"), KEY, "keys-logs-key", (p) => {
                p.policy = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                cannotRun(policy, undefined, "policy"),
            ]);
        });
    });

    describe("sns-alarm-topic-key-grants-cloudwatch", () => {
        const policy = "sns-alarm-topic-key-grants-cloudwatch";

        it("flags an alarms key that does not let CloudWatch publish", async () => {
            const plan = keyPolicyEdited("keys-alarms-key", (s) => s.splice(1, 1));
            assert.deepStrictEqual(await check(plan, policy), [
                advisory(
                    policy,
                    "keys-alarms-key",
                    'KMS key "keys-alarms-key", which encrypts SNS topic(s) ' +
                        '"alarms-medical-alerts", "alarms-critical-alerts" that alarms notify, ' +
                        "does not allow cloudwatch.amazonaws.com kms:Decrypt, " +
                        'kms:GenerateDataKey*: add an Allow statement for Service ' +
                        '"cloudwatch.amazonaws.com" with kms:Decrypt, kms:GenerateDataKey*.',
                ),
            ]);
        });

        it("flags an alarm topic on the AWS-managed SNS key", async () => {
            const plan = editState(realPlan("prod"), TOPIC, "alarms-critical-alerts", (s) => {
                s.inputs.kmsMasterKeyId = "alias/aws/sns";
                s.outputs!.kmsMasterKeyId = "alias/aws/sns";
                delete s.propertyDependencies!.kmsMasterKeyId;
            });
            assert.deepStrictEqual(await check(plan, policy), [
                advisory(
                    policy,
                    "alarms-critical-alerts",
                    'SNS topic "alarms-critical-alerts" is notified by alarms but encrypted with ' +
                        "the AWS-managed key alias/aws/sns, which CloudWatch may not use: use a " +
                        "customer-managed key that allows cloudwatch.amazonaws.com.",
                ),
            ]);
        });

        it("leaves a topic no alarm notifies alone", async () => {
            const plan = keyPolicyEdited("keys-alarms-key", (s) => s.splice(1, 1));
            for (const state of (plan.steps ?? []).map((s) => s.newState!)) {
                if (state.type !== ALARM) continue;
                for (const key of ["alarmActions", "okActions"]) {
                    state.inputs[key] = [];
                    state.outputs![key] = [];
                    delete state.propertyDependencies?.[key];
                }
            }
            const report = await analyzeOnly(pack, plan, [policy]);
            assert.deepStrictEqual(findingsOf(report, policy), []);
            assert.strictEqual(report.notApplicable["baymax-hipaa"][policy], 1);
        });
    });

    describe("ecs-cluster-exec-session-encrypted", () => {
        const policy = "ecs-cluster-exec-session-encrypted";
        const execOn = () =>
            weakenedPlan("aws:ecs/service:Service", "backend-service", (i) => {
                i.enableExecuteCommand = true;
            });

        it("flags ECS Exec on a cluster that does not encrypt sessions", async () => {
            assert.deepStrictEqual(await check(execOn(), policy), [
                mandatory(
                    policy,
                    "backend-service",
                    'ECS service "backend-service" allows ECS Exec, but cluster ' +
                        '"backend-cluster" does not encrypt exec sessions with a KMS key: set ' +
                        "configuration.executeCommandConfiguration.kmsKeyId to a " +
                        "customer-managed KMS key; or set enableExecuteCommand: false.",
                ),
            ]);
        });

        it("flags sessions logged to a destination not marked encrypted", async () => {
            const plan = editProps(execOn(), "aws:ecs/cluster:Cluster", "backend-cluster", (p) => {
                p.configuration = {
                    executeCommandConfiguration: {
                        kmsKeyId: "arn:aws:kms:ap-south-1:111122223333:key/exec",
                        logging: "OVERRIDE",
                        logConfiguration: { cloudWatchLogGroupName: "/baymax/exec" },
                    },
                };
            });
            assert.deepStrictEqual(await check(plan, policy), [
                mandatory(
                    policy,
                    "backend-service",
                    'ECS service "backend-service" allows ECS Exec, but cluster ' +
                        '"backend-cluster" logs exec sessions to a destination not marked ' +
                        "encrypted: set logConfiguration.cloudWatchEncryptionEnabled (or " +
                        "s3BucketEncryptionEnabled) to true for its log group (or bucket); or " +
                        "set enableExecuteCommand: false.",
                ),
            ]);
        });

        it("accepts encrypted, logged exec sessions", async () => {
            const plan = editProps(execOn(), "aws:ecs/cluster:Cluster", "backend-cluster", (p) => {
                p.configuration = {
                    executeCommandConfiguration: {
                        kmsKeyId: "arn:aws:kms:ap-south-1:111122223333:key/exec",
                        logging: "OVERRIDE",
                        logConfiguration: {
                            cloudWatchLogGroupName: "/baymax/exec",
                            cloudWatchEncryptionEnabled: true,
                        },
                    },
                };
            });
            assert.deepStrictEqual(await check(plan, policy), []);
        });
    });
});
