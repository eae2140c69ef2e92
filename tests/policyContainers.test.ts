// ECS, load balancer and auto scaling policies, run through the real analyzer path over the REAL
// prod plan with one setting changed per case; tiny hand-made plans only for awsx components,
// which the program does not use.
import * as assert from "assert";
import { readPolicyPackConfig, RunningPolicyPack } from "../offline/analyzer";
import { PreviewDigest, UNKNOWN_SENTINEL } from "../offline/previewFormat";
import "../policy/rules/containers";
import { RULE_CATALOG } from "../policy/rules/support";
import { analyzeOnly } from "./fixtures/focusedPack";
import { configFile } from "./fixtures/packConfigFile";
import { Finding, findings, planOf, tags } from "./fixtures/policyPlans";
import { planWithoutStates, realPlan, statesOf, weakenedPlan } from "./fixtures/prodPlan";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

const T = {
    cluster: "aws:ecs/cluster:Cluster",
    service: "aws:ecs/service:Service",
    task: "aws:ecs/taskDefinition:TaskDefinition",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    target: "aws:appautoscaling/target:Target",
} as const;

const POLICIES: [string, string][] = [
    ["ecs-task-definition-log-configuration", "mandatory"],
    ["ecs-container-not-privileged", "mandatory"],
    ["ecs-container-readonly-root-filesystem", "mandatory"],
    ["ecs-container-non-root-user", "mandatory"],
    ["ecs-container-no-plaintext-secrets", "mandatory"],
    ["ecs-task-definition-isolated", "mandatory"],
    ["ecs-service-platform-latest", "advisory"],
    ["ecs-cluster-container-insights", "advisory"],
    ["elb-deletion-protection-enabled", "mandatory"],
    ["ecs-service-min-tasks", "mandatory"],
    ["appautoscaling-target-ecs-names-cluster", "mandatory"],
];

const TASK = 'ECS task definition "backend-task"';
const CONTAINER = `${TASK} container "backend"`;
const ROLE_ARN = "arn:aws:iam::111122223333:role/baymax-prod-backend-task";

function finding(policy: string, resource: string, message: string, level = "mandatory"): Finding {
    return { policy, level, resource, message };
}

/** The advisory the SDK reports when a policy reads a value unknown at preview. */
function cannotRun(policy: string, field: string, resource?: string): Finding {
    return {
        policy,
        level: "advisory",
        ...(resource !== undefined ? { resource } : {}),
        message:
            `can't run policy '${policy}' from policy pack 'baymax-hipaa@v0.1.0' during preview: ` +
            `string value at .${field} can't be known during preview`,
    };
}

/** The real prod plan with the backend container's definition edited. */
function withContainer(edit: (container: Record<string, any>) => void): PreviewDigest {
    return weakenedPlan(T.task, "backend-task", (inputs) => {
        const containers = JSON.parse(inputs.containerDefinitions);
        edit(containers[0]);
        inputs.containerDefinitions = JSON.stringify(containers);
    });
}

/** The real plan with an edit applied to a resource's inputs and outputs alike. */
function edited(
    type: string,
    name: string,
    edit: (props: Record<string, any>) => void,
    plan: PreviewDigest = realPlan("prod"),
): PreviewDigest {
    const found = statesOf(plan, type, name);
    if (found.length !== 1) throw new Error(`the plan has ${found.length} ${type} named ${name}`);
    edit(found[0].inputs);
    edit(found[0].outputs ?? {});
    return plan;
}

/** A plan of one awsx component under the Mumbai provider. */
function awsxPlan(type: string, name: string, inputs: Record<string, any>): PreviewDigest {
    return planOf([
        { type: "pulumi:pulumi:Stack", name: "baymax-test", inputs: {} },
        { type: "pulumi:providers:aws", name: "mumbai", inputs: { region: "ap-south-1" } },
        { type, name, inputs },
    ]);
}

/** A hardened awsx container, as the rules want it, with overrides. */
function awsxContainer(overrides: Record<string, any> = {}): Record<string, any> {
    return {
        image: "111122223333.dkr.ecr.ap-south-1.amazonaws.com/intake:1.0.0",
        user: "1000:1000",
        readonlyRootFilesystem: true,
        ...overrides,
    };
}

describe("policy pack: ECS, load balancers and auto scaling", () => {
    let pack: RunningPolicyPack;
    before(async () => {
        pack = await sharedPolicyPack();
    });

    const check = async (
        policy: string,
        plan: PreviewDigest,
        config?: ReturnType<typeof readPolicyPackConfig>,
    ) => {
        const report = await analyzeOnly(pack, plan, [policy], config);
        return findings(report).filter((f) => f.policy === policy);
    };

    describe("metadata", () => {
        it("declares each policy with its level, fix and baseline", async () => {
            const report = await pack.analyze(realPlan("prod"));
            const names = POLICIES.map(([name]) => name);
            const declared = report.packs[0].policies
                .filter((p) => names.includes(p.name))
                .map((p) => [p.name, p.enforcementLevel]);
            assert.deepStrictEqual(declared, POLICIES);
            for (const name of names) {
                const doc = RULE_CATALOG.get(name);
                assert.ok(doc?.fix && doc.baseline, `${name} documents no fix or baseline`);
            }
        });

        it("passes the real prod and dev plans without a finding", async () => {
            for (const stack of ["prod", "dev"] as const) {
                const names = POLICIES.map(([name]) => name);
                const all = findings(await analyzeOnly(pack, realPlan(stack), names));
                assert.deepStrictEqual(
                    all.filter((f) => names.includes(f.policy)),
                    [],
                );
            }
        });

        it("defaults the availability rules to prod and two tasks", () => {
            const property = (policy: string, key: string) =>
                (RULE_CATALOG.get(policy)?.configSchema?.properties?.[key] as any).default;
            assert.deepStrictEqual(
                property("elb-deletion-protection-enabled", "enforcedEnvironments"),
                ["prod"],
            );
            assert.deepStrictEqual(property("ecs-service-min-tasks", "enforcedEnvironments"), [
                "prod",
            ]);
            assert.strictEqual(property("ecs-service-min-tasks", "minTasks"), 2);
        });
    });

    describe("containerDefinitions that cannot be read", () => {
        it("says a definition hidden as a secret cannot be checked, in each rule", async () => {
            const plan = weakenedPlan(T.task, "backend-task", (i) => {
                i.containerDefinitions = "[secret]";
            });
            const hidden =
                `${TASK} cannot be checked: its containerDefinitions are a secret in the plan, ` +
                "so a secret value was written into the task definition itself: pass secrets " +
                "through secrets[].valueFrom so that the definition is plain.";
            const all = findings(await pack.analyze(plan));
            assert.deepStrictEqual(
                all.filter((f) => f.message === hidden).map((f) => f.policy),
                POLICIES.slice(0, 6).map(([name]) => name),
            );
        });

        it("flags a definition that is not a JSON array", async () => {
            const plan = weakenedPlan(T.task, "backend-task", (i) => {
                i.containerDefinitions = '{"name":"backend"}';
            });
            assert.deepStrictEqual(await check("ecs-container-not-privileged", plan), [
                finding(
                    "ecs-container-not-privileged",
                    "backend-task",
                    `${TASK} cannot be checked: its containerDefinitions are not a JSON array ` +
                        "of container definitions: fix the JSON.",
                ),
            ]);
        });

        it("reports, as the SDK does, a definition unknown at preview", async () => {
            const policy = "ecs-container-non-root-user";
            const plan = weakenedPlan(T.task, "backend-task", (i) => {
                i.containerDefinitions = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(policy, plan), [
                cannotRun(policy, "containerDefinitions", "backend-task"),
            ]);
        });
    });

    describe("ecs-task-definition-log-configuration", () => {
        const policy = "ecs-task-definition-log-configuration";

        it("flags a container without a log configuration", async () => {
            const plan = withContainer((c) => delete c.logConfiguration);
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-task",
                    `${TASK} container(s) "backend" send their output nowhere: set ` +
                        'logConfiguration { logDriver: "awslogs", options: { "awslogs-group": ' +
                        "<an encrypted log group of this stack>, ... } }.",
                ),
            ]);
        });

        it("flags awslogs without a log group, and a configuration without a driver", async () => {
            const noGroup = withContainer((c) => delete c.logConfiguration.options);
            assert.deepStrictEqual(await check(policy, noGroup), [
                finding(
                    policy,
                    "backend-task",
                    `${CONTAINER} uses the awslogs driver without "awslogs-group": set it to ` +
                        "an encrypted log group of this stack.",
                ),
            ]);
            const noDriver = withContainer((c) => delete c.logConfiguration.logDriver);
            assert.deepStrictEqual(await check(policy, noDriver), [
                finding(
                    policy,
                    "backend-task",
                    `${CONTAINER} names no logDriver: set logConfiguration.logDriver "awslogs".`,
                ),
            ]);
        });

        it("flags an awsx service on awsx's default log group, or on none", async () => {
            const service = (logGroup?: object) =>
                awsxPlan("awsx:ecs:FargateService", "worker", {
                    taskDefinitionArgs: {
                        containers: { worker: awsxContainer() },
                        ...(logGroup ? { logGroup } : {}),
                    },
                });
            assert.deepStrictEqual(await check(policy, service()), [
                finding(
                    policy,
                    "worker",
                    'awsx FargateService "worker" container(s) "worker" log to the log group ' +
                        "awsx creates by default, which no customer-managed KMS key encrypts: " +
                        "pass logGroup { args: { kmsKeyId, retentionInDays } } or logGroup " +
                        "{ existing }.",
                ),
            ]);
            assert.deepStrictEqual(await check(policy, service({ skip: true })), [
                finding(
                    policy,
                    "worker",
                    'awsx FargateService "worker" container(s) "worker" send their output ' +
                        'nowhere: set logConfiguration { logDriver: "awslogs", options: ' +
                        '{ "awslogs-group": <an encrypted log group of this stack>, ... } }.',
                ),
            ]);
            const encrypted = service({ args: { kmsKeyId: UNKNOWN_SENTINEL } });
            assert.deepStrictEqual(await check(policy, encrypted), []);
        });
    });

    describe("ecs-container-not-privileged", () => {
        const policy = "ecs-container-not-privileged";

        it("flags a privileged container", async () => {
            const plan = withContainer((c) => (c.privileged = true));
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-task",
                    `${CONTAINER} runs privileged: set privileged: false.`,
                ),
            ]);
        });

        it("flags a privileged container of an awsx task definition", async () => {
            const plan = awsxPlan("awsx:ecs:FargateTaskDefinition", "jobs", {
                container: awsxContainer({ privileged: true }),
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "jobs",
                    'awsx FargateTaskDefinition "jobs" container "container" runs privileged: ' +
                        "set privileged: false.",
                ),
            ]);
        });
    });

    describe("ecs-container-readonly-root-filesystem", () => {
        const policy = "ecs-container-readonly-root-filesystem";

        it("flags a writable root filesystem, set or by default", async () => {
            const message =
                `${CONTAINER} has a writable root filesystem: set readonlyRootFilesystem: ` +
                "true and mount a volume where it must write.";
            for (const edit of [
                (c: Record<string, any>) => (c.readonlyRootFilesystem = false),
                (c: Record<string, any>) => delete c.readonlyRootFilesystem,
            ]) {
                assert.deepStrictEqual(await check(policy, withContainer(edit)), [
                    finding(policy, "backend-task", message),
                ]);
            }
        });
    });

    describe("ecs-container-non-root-user", () => {
        const policy = "ecs-container-non-root-user";

        it("flags a container that runs as the image's default user", async () => {
            const plan = withContainer((c) => delete c.user);
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-task",
                    `${CONTAINER} runs as the image's default user, which may be root: set ` +
                        'user to a non-root UID, such as "1000:1000".',
                ),
            ]);
        });

        it("flags root by name or id, in either part", async () => {
            for (const user of ["root", "0", "1000:0", "0:1000"]) {
                const plan = withContainer((c) => (c.user = user));
                assert.deepStrictEqual(await check(policy, plan), [
                    finding(
                        policy,
                        "backend-task",
                        `${CONTAINER} runs as root (user "${user}"): set user to a non-root ` +
                            'UID, such as "1000:1000".',
                    ),
                ]);
            }
        });
    });

    describe("ecs-container-no-plaintext-secrets", () => {
        const policy = "ecs-container-no-plaintext-secrets";
        const withVariable = (name: string, value: string) =>
            withContainer((c) => c.environment.push({ name, value }));

        it("flags variables named like secrets", async () => {
            for (const name of ["DATABASE_PASSWORD", "JWT_SECRET_KEY", "openaiApiKey"]) {
                assert.deepStrictEqual(await check(policy, withVariable(name, "s3cr3t")), [
                    finding(
                        policy,
                        "backend-task",
                        `${CONTAINER} passes "${name}" as a plain environment variable: move ` +
                            "it to secrets[] with valueFrom set to a Secrets Manager secret ARN.",
                    ),
                ]);
            }
        });

        it("accepts names that reference a secret, and names allowed in config", async () => {
            const plan = withVariable("PHI_KEY_ARN", "arn:aws:kms:ap-south-1:1:key/x");
            assert.deepStrictEqual(await check(policy, plan), []);
            const config = configFile({ [policy]: { allowedVariableNames: ["CACHE_KEY"] } });
            const allowed = withVariable("CACHE_KEY", "v1");
            assert.deepStrictEqual(await check(policy, allowed, config), []);
        });

        it("flags a credential under any name", async () => {
            const plan = withVariable("UPLOAD_SETTING", "AKIAIOSFODNN7EXAMPLE");
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-task",
                    `${CONTAINER} environment variable "UPLOAD_SETTING" holds what looks like ` +
                        "an AWS access key ID: store it in Secrets Manager and pass it through " +
                        "secrets[].valueFrom.",
                ),
            ]);
        });
    });

    describe("ecs-task-definition-isolated", () => {
        const policy = "ecs-task-definition-isolated";

        it("flags bridge networking and the host's process and IPC namespaces", async () => {
            const plan = weakenedPlan(T.task, "backend-task", (i) => {
                i.networkMode = "bridge";
                i.pidMode = "host";
                i.ipcMode = "host";
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-task",
                    `${TASK} uses network mode "bridge": set networkMode "awsvpc" so each task ` +
                        "has its own interface and security group.",
                ),
                finding(
                    policy,
                    "backend-task",
                    `${TASK} shares the host's process namespace (pidMode "host"): remove ` +
                        'pidMode or set it to "task".',
                ),
                finding(
                    policy,
                    "backend-task",
                    `${TASK} shares the host's IPC namespace (ipcMode "host"): remove ipcMode ` +
                        'or set it to "task".',
                ),
            ]);
        });

        it("flags one role as both execution role and task role", async () => {
            const plan = weakenedPlan(T.task, "backend-task", (i) => {
                i.executionRoleArn = ROLE_ARN;
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-task",
                    `${TASK} uses one role as execution role and task role ("${ROLE_ARN}"): give ` +
                        "the task a role of its own, so the application cannot pull images or " +
                        "read every secret the ECS agent can.",
                ),
            ]);
        });

        it("reports findings, then the SDK's notice, when a role ARN is unknown", async () => {
            const plan = weakenedPlan(T.task, "backend-task", (i) => {
                delete i.networkMode;
                i.executionRoleArn = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-task",
                    `${TASK} uses the default network mode, bridge: set networkMode ` +
                        '"awsvpc" so each task has its own interface and security group.',
                ),
                cannotRun(policy, "executionRoleArn", "backend-task"),
            ]);
        });
    });

    describe("ecs-service-platform-latest", () => {
        const policy = "ecs-service-platform-latest";

        it("advises against a pinned Fargate platform version", async () => {
            const plan = weakenedPlan(T.service, "backend-service", (i) => {
                i.platformVersion = "1.3.0";
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-service",
                    'ECS service "backend-service" pins Fargate platform version "1.3.0": ' +
                        'remove platformVersion or set it to "LATEST".',
                    "advisory",
                ),
            ]);
        });
    });

    describe("ecs-cluster-container-insights", () => {
        const policy = "ecs-cluster-container-insights";

        it("advises turning Container Insights on", async () => {
            const plan = weakenedPlan(T.cluster, "backend-cluster", (i) => {
                i.settings = [{ name: "containerInsights", value: "disabled" }];
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-cluster",
                    'ECS cluster "backend-cluster" collects no Container Insights: add settings ' +
                        '[{ name: "containerInsights", value: "enabled" }].',
                    "advisory",
                ),
            ]);
        });
    });

    describe("elb-deletion-protection-enabled", () => {
        const policy = "elb-deletion-protection-enabled";
        const unprotected = (resource: string, environment: string) =>
            finding(
                policy,
                resource,
                `Load balancer "${resource}" can be deleted in environment "${environment}": ` +
                    "set enableDeletionProtection: true.",
            );

        it("flags the prod ALB without deletion protection", async () => {
            const plan = weakenedPlan(T.loadBalancer, "backend-alb", (i) => {
                i.enableDeletionProtection = false;
            });
            assert.deepStrictEqual(await check(policy, plan), [
                unprotected("backend-alb", "prod"),
            ]);
        });

        it("judges dev, which has it off, only when config enforces dev", async () => {
            const config = configFile({ [policy]: { enforcedEnvironments: ["prod", "dev"] } });
            assert.deepStrictEqual(await check(policy, realPlan("dev"), config), [
                unprotected("backend-alb", "dev"),
            ]);
        });

        it("judges an awsx load balancer by its inputs", async () => {
            const plan = awsxPlan("awsx:lb:ApplicationLoadBalancer", "edge", {
                tags: { ...tags("baymax-prod-edge", "PHI"), Environment: "prod" },
            });
            assert.deepStrictEqual(await check(policy, plan), [unprotected("edge", "prod")]);
        });
    });

    describe("ecs-service-min-tasks", () => {
        const policy = "ecs-service-min-tasks";
        const service = 'ECS service "backend-service"';

        it("flags a single task and a missing circuit breaker", async () => {
            const plan = edited(T.service, "backend-service", (p) => {
                p.desiredCount = 1;
                delete p.deploymentCircuitBreaker;
            });
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-service",
                    `${service} runs 1 task(s) in environment "prod": set desiredCount to at ` +
                        "least 2, so one task can fail while another serves.",
                ),
                finding(
                    policy,
                    "backend-service",
                    `${service} does not roll back failed deployments in environment "prod": ` +
                        "set deploymentCircuitBreaker { enable: true, rollback: true }.",
                ),
            ]);
        });

        it("flags scaling in below the minimum, and no room to scale out", async () => {
            const low = edited(T.target, "backend-scaling-target", (p) => (p.minCapacity = 1));
            assert.deepStrictEqual(await check(policy, low), [
                finding(
                    policy,
                    "backend-scaling-target",
                    `Auto scaling target "backend-scaling-target" lets ${service} scale in to 1 ` +
                        'task(s) in environment "prod": set minCapacity to at least 2.',
                ),
            ]);
            const flat = edited(T.target, "backend-scaling-target", (p) => (p.maxCapacity = 3));
            assert.deepStrictEqual(await check(policy, flat), [
                finding(
                    policy,
                    "backend-scaling-target",
                    `Auto scaling target "backend-scaling-target" cannot scale ${service} out ` +
                        "(maxCapacity 3, minCapacity 3): set maxCapacity above minCapacity.",
                ),
            ]);
        });

        it("flags a prod service without an auto scaling target", async () => {
            const plan = planWithoutStates((s) => s.type === T.target);
            assert.deepStrictEqual(await check(policy, plan), [
                finding(
                    policy,
                    "backend-service",
                    `${service} has no auto scaling target in environment "prod": add an ` +
                        "aws.appautoscaling.Target for it with minCapacity of at least 2.",
                ),
            ]);
        });

        it("takes the minimum from config", async () => {
            const config = configFile({ [policy]: { minTasks: 4 } });
            assert.deepStrictEqual(
                (await check(policy, realPlan("prod"), config)).map((f) => f.resource),
                ["backend-service", "backend-scaling-target"],
            );
        });
    });

    describe("appautoscaling-target-ecs-names-cluster", () => {
        const policy = "appautoscaling-target-ecs-names-cluster";
        const withId = (resourceId: string) =>
            edited(T.target, "backend-scaling-target", (p) => (p.resourceId = resourceId));
        const target = 'Auto scaling target "backend-scaling-target" has resourceId';

        it("flags a cluster named by ARN", async () => {
            const id =
                "service/arn:aws:ecs:ap-south-1:111122223333:cluster/baymax-prod-cluster/" +
                "baymax-prod-backend";
            assert.deepStrictEqual(await check(policy, withId(id)), [
                finding(
                    policy,
                    "backend-scaling-target",
                    `${target} "${id}", which names the cluster or service by ARN: use ` +
                        '"service/<cluster name>/<service name>"; Application Auto Scaling ' +
                        "finds no service by ARN.",
                ),
            ]);
        });

        it("flags an id of another form, and a cluster or service not of this stack", async () => {
            assert.deepStrictEqual(await check(policy, withId("baymax-prod-backend")), [
                finding(
                    policy,
                    "backend-scaling-target",
                    `${target} "baymax-prod-backend": use "service/<cluster name>/<service name>".`,
                ),
            ]);
            const otherCluster = "service/baymax-dev-cluster/baymax-prod-backend";
            assert.deepStrictEqual(await check(policy, withId(otherCluster)), [
                finding(
                    policy,
                    "backend-scaling-target",
                    `${target} "${otherCluster}", whose cluster "baymax-dev-cluster" is not an ` +
                        "ECS cluster of this stack: use the name of the service's cluster (this " +
                        'stack\'s: "baymax-prod-cluster").',
                ),
            ]);
            const otherService = "service/baymax-prod-cluster/worker";
            assert.deepStrictEqual(await check(policy, withId(otherService)), [
                finding(
                    policy,
                    "backend-scaling-target",
                    `${target} "${otherService}", whose service "worker" is not an ECS service ` +
                        'of this stack: use the service\'s name (this stack\'s: ' +
                        '"baymax-prod-backend").',
                ),
            ]);
        });

        it("reports, as the SDK does, an id unknown at preview", async () => {
            assert.deepStrictEqual(await check(policy, withId(UNKNOWN_SENTINEL)), [
                cannotRun(policy, "resourceId"),
            ]);
        });
    });
});
