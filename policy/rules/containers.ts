// The Fargate backend that handles PHI: hardened containers that log everything and keep secrets
// out of their definitions, and in production enough tasks behind a load balancer that cannot be
// deleted by accident. awsx components are judged through their inputs, which is all a preview
// knows of them. ECS Exec sessions are ecs-cluster-exec-session-encrypted's, in logging.ts.
import {
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import { HipaaSection } from "../hipaa";
import { enforcedEnvironments, enforcedEnvironmentsProperty, ofType } from "./references";
import { isSet, knownString, oneOf, quoted, resourceRule, stackRule } from "./support";

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const ECS_SERVICE = "aws:ecs/service:Service";
const ECS_CLUSTER = "aws:ecs/cluster:Cluster";
const SCALING_TARGET = "aws:appautoscaling/target:Target";

/** awsx components that build a task definition from container objects. */
const AWSX_TASK_DEFINITIONS = ["awsx:ecs:FargateTaskDefinition", "awsx:ecs:EC2TaskDefinition"];

/** awsx services, which take the same container objects under `taskDefinitionArgs`. */
const AWSX_SERVICES = ["awsx:ecs:FargateService", "awsx:ecs:EC2Service"];

const CONTAINER_TYPES = [TASK_DEFINITION, ...AWSX_TASK_DEFINITIONS, ...AWSX_SERVICES];
const SERVICE_TYPES = [ECS_SERVICE, ...AWSX_SERVICES];

export const LOAD_BALANCER_TYPES = [
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:alb/loadBalancer:LoadBalancer",
    "awsx:lb:ApplicationLoadBalancer",
    "awsx:lb:NetworkLoadBalancer",
];

/** How `pulumi preview --json` writes a secret value, which hides it from any check. */
const SECRET_IN_PLAN = "[secret]";

/** The fewest tasks a production service may run by default: one can fail while one serves. */
export const DEFAULT_MIN_TASKS = 2;

/** Container Insights setting values that collect metrics (enhanced adds per-container ones). */
export const CONTAINER_INSIGHTS_ON = ["enabled", "enhanced"];

/** The network mode that gives each task its own interface and security group. */
export const ISOLATED_NETWORK_MODE = "awsvpc";

/** User names and ids that mean root in a container's `user` ("name", "uid" or "uid:gid"). */
export const ROOT_USERS = ["root", "0"];

/**
 * Words in an environment variable's name that mark a secret; names ending in a word that
 * names a reference to a secret rather than the secret (KMS_KEY_ARN, TOKEN_TTL) are not flagged.
 */
export const SECRET_NAME_WORDS = [
    "SECRET",
    "SECRETS",
    "PASSWORD",
    "PASSWD",
    "PWD",
    "TOKEN",
    "CREDENTIAL",
    "CREDENTIALS",
    "KEY",
    "APIKEY",
    "PRIVATEKEY",
];
export const REFERENCE_NAME_WORDS = [
    "ARN",
    "ID",
    "NAME",
    "PATH",
    "FILE",
    "URL",
    "URI",
    "REGION",
    "ALIAS",
    "TTL",
    "HEADER",
];

/** Values that are credentials whatever the variable is called. */
export const SECRET_VALUE_PATTERNS: readonly { label: string; pattern: RegExp }[] = [
    { label: "an AWS access key ID", pattern: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/ },
    { label: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
    { label: "an OpenAI API key", pattern: /\bsk-[A-Za-z0-9_-]{20,}/ },
];

const HARDENING_SECTIONS: HipaaSection[] = [
    "164.308(a)(3)(i)",
    "164.308(a)(3)(ii)(A)",
    "164.308(a)(4)(ii)(A)",
    "164.308(a)(4)(ii)(C)",
    "164.312(a)(1)",
];

const AVAILABILITY_SECTIONS: HipaaSection[] = ["164.308(a)(7)(i)", "164.308(a)(7)(ii)(C)"];

interface ContainerDefinition {
    name?: string;
    privileged?: boolean;
    readonlyRootFilesystem?: boolean;
    user?: string;
    environment?: { name?: string; value?: string }[];
    secrets?: { name?: string; valueFrom?: string }[];
    logConfiguration?: { logDriver?: string; options?: Record<string, string> };
}

/** awsx's log group argument: what it creates when a container names no log configuration. */
interface AwsxLogGroup {
    skip?: boolean;
    existing?: unknown;
    args?: { kmsKeyId?: string };
}

/** A container and the name messages give it (an awsx container's key if it names none). */
interface Container {
    readonly name: string;
    readonly def: ContainerDefinition;
}

interface TaskView {
    /** How messages name the resource: its kind and Pulumi name. */
    readonly what: string;
    readonly containers: Container[];
    /** The task definition's own settings: its props, or an awsx service's taskDefinitionArgs. */
    readonly task: Record<string, any>;
    readonly awsx: boolean;
}

/** How messages name a resource's kind: "ECS task definition", "awsx FargateService"... */
function kindOf(type: string): string {
    if (type === TASK_DEFINITION) return "ECS task definition";
    if (type === ECS_SERVICE) return "ECS service";
    return `awsx ${type.split(":")[2]}`;
}

/**
 * The containers of a task definition or awsx component, or why they cannot be read. A
 * definition string unknown until deployment is read through the SDK's proxy, which reports that
 * the policy cannot run during preview rather than letting it pass.
 */
function readTask(
    props: Record<string, any>,
    args: ResourceValidationArgs,
): TaskView | { what: string; problem: string } {
    const what = `${kindOf(args.type)} "${args.name}"`;
    if (args.type === TASK_DEFINITION) {
        const raw: unknown = props.containerDefinitions;
        if (raw === SECRET_IN_PLAN) {
            return {
                what,
                problem:
                    "its containerDefinitions are a secret in the plan, so a secret value was " +
                    "written into the task definition itself: pass secrets through " +
                    "secrets[].valueFrom so that the definition is plain",
            };
        }
        let parsed: unknown;
        try {
            parsed = typeof raw === "string" ? JSON.parse(raw) : raw;
        } catch {
            parsed = undefined;
        }
        if (!Array.isArray(parsed)) {
            return {
                what,
                problem:
                    "its containerDefinitions are not a JSON array of container definitions: " +
                    "fix the JSON",
            };
        }
        const containers = (parsed as ContainerDefinition[]).map((def) => ({
            name: String(def.name),
            def,
        }));
        return { what, containers, task: props, awsx: false };
    }
    const task: Record<string, any> | undefined = AWSX_SERVICES.includes(args.type)
        ? props.taskDefinitionArgs
        : props;
    if (task === undefined || task === null) {
        args.notApplicable("The service runs an existing task definition, judged on its own");
    }
    // Containers are read field by field: an image known only after deployment must not stop
    // the checks of the fields that are known.
    const byName: Record<string, ContainerDefinition> =
        task!.containers ?? (isSet(task!, "container") ? { container: task!.container } : {});
    const containers = Object.keys(byName).map((key) => ({
        name: knownString(byName[key], "name") ?? key,
        def: byName[key],
    }));
    return { what, containers, task: task!, awsx: true };
}

interface ContainerRule {
    readonly name: string;
    readonly requires: string;
    readonly sections: readonly HipaaSection[];
    readonly fix: string;
    readonly baseline: string;
    readonly configSchema?: PolicyConfigSchema;
    readonly check: (
        view: TaskView,
        args: ResourceValidationArgs,
        report: ReportViolation,
    ) => void;
}

/** A mandatory rule over the containers of task definitions and awsx ECS components. */
function containerRule({ check, ...metadata }: ContainerRule): ResourceValidationPolicy {
    return resourceRule<Record<string, any>>({
        ...metadata,
        types: CONTAINER_TYPES,
        validate: (props, args, report) => {
            const view = readTask(props, args);
            if ("problem" in view) {
                report(`${view.what} cannot be checked: ${view.problem}.`);
                return;
            }
            check(view, args, report);
        },
    });
}

function containerLabel(view: TaskView, container: Container): string {
    return `${view.what} container "${container.name}"`;
}

const logConfiguration = containerRule({
    name: "ecs-task-definition-log-configuration",
    requires:
        "Every container of an ECS task definition sends its output to a log driver, and one " +
        "using awslogs names its log group",
    sections: ["164.312(b)"],
    fix:
        'Give each container logConfiguration { logDriver: "awslogs", options: ' +
        '{ "awslogs-group": <an encrypted log group of this stack>, "awslogs-region", ' +
        '"awslogs-stream-prefix" } }; with awsx, pass logGroup.args with kmsKeyId.',
    baseline: "cdk-nag AwsSolutions-ECS7; AWS Config ecs-task-definition-log-configuration",
    check: (view, args, report) => {
        const unlogged = view.containers.filter((c) => !isSet(c.def, "logConfiguration"));
        for (const container of view.containers.filter((c) => isSet(c.def, "logConfiguration"))) {
            const config = container.def.logConfiguration!;
            const label = containerLabel(view, container);
            if (!isSet(config, "logDriver")) {
                report(`${label} names no logDriver: set logConfiguration.logDriver "awslogs".`);
            } else if (config.logDriver === "awslogs" && !isSet(config.options, "awslogs-group")) {
                report(
                    `${label} uses the awslogs driver without "awslogs-group": set it to an ` +
                        "encrypted log group of this stack.",
                );
            }
        }
        if (unlogged.length === 0) return;
        const names = quoted(unlogged.map((c) => c.name));
        const logGroup: AwsxLogGroup | undefined = view.awsx ? view.task.logGroup : undefined;
        if (!view.awsx || logGroup?.skip === true) {
            report(
                `${view.what} container(s) ${names} send their output nowhere: set ` +
                    'logConfiguration { logDriver: "awslogs", options: { "awslogs-group": ' +
                    "<an encrypted log group of this stack>, ... } }.",
            );
        } else if (!isSet(logGroup, "existing") && !isSet(logGroup?.args, "kmsKeyId")) {
            report(
                `${view.what} container(s) ${names} log to the log group awsx creates by ` +
                    "default, which no customer-managed KMS key encrypts: pass logGroup " +
                    "{ args: { kmsKeyId, retentionInDays } } or logGroup { existing }.",
            );
        }
    },
});

const notPrivileged = containerRule({
    name: "ecs-container-not-privileged",
    requires: "No container of an ECS task definition runs privileged, with the host's powers",
    sections: HARDENING_SECTIONS,
    fix: "Remove privileged or set privileged: false; grant single Linux capabilities if needed.",
    baseline: "AWS Config ecs-containers-nonprivileged",
    check: (view, args, report) => {
        for (const container of view.containers.filter((c) => c.def.privileged === true)) {
            report(`${containerLabel(view, container)} runs privileged: set privileged: false.`);
        }
    },
});

const readonlyRoot = containerRule({
    name: "ecs-container-readonly-root-filesystem",
    requires:
        "Every container of an ECS task definition has a read-only root filesystem, so a " +
        "compromised process cannot change the image or stash data in it",
    sections: [...HARDENING_SECTIONS, "164.312(c)(1)"],
    fix:
        "Set readonlyRootFilesystem: true and mount a task volume where the application must " +
        "write (such as /tmp).",
    baseline: "AWS Config ecs-containers-readonly-access",
    check: (view, args, report) => {
        const writable = view.containers.filter((c) => c.def.readonlyRootFilesystem !== true);
        for (const container of writable) {
            report(
                `${containerLabel(view, container)} has a writable root filesystem: set ` +
                    "readonlyRootFilesystem: true and mount a volume where it must write.",
            );
        }
    },
});

const nonRootUser = containerRule({
    name: "ecs-container-non-root-user",
    requires: "Every container of an ECS task definition names a user that is not root",
    sections: HARDENING_SECTIONS,
    fix: 'Set user to a non-root UID and GID, such as "1000:1000", that the image owns files as.',
    baseline:
        "cdk-nag HIPAA.Security-ECSTaskDefinitionUserForHostMode (any network mode here); AWS " +
        "Config ecs-task-definition-nonroot-user",
    check: (view, args, report) => {
        for (const container of view.containers) {
            const label = containerLabel(view, container);
            const user = container.def.user;
            if (!isSet(container.def, "user")) {
                report(
                    `${label} runs as the image's default user, which may be root: set user to ` +
                        'a non-root UID, such as "1000:1000".',
                );
            } else if (String(user).split(":").some((part) => ROOT_USERS.includes(part))) {
                report(
                    `${label} runs as root (user "${user}"): set user to a non-root ` +
                        'UID, such as "1000:1000".',
                );
            }
        }
    },
});

/** Whether an environment variable's name says it holds a secret. */
function looksSecret(name: string): boolean {
    const words = name
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .toUpperCase()
        .split(/[^A-Z0-9]+/)
        .filter((w) => w !== "");
    if (words.length === 0 || REFERENCE_NAME_WORDS.includes(words[words.length - 1])) {
        return false;
    }
    return words.some((w) => SECRET_NAME_WORDS.includes(w));
}

const noPlaintextSecrets = containerRule({
    name: "ecs-container-no-plaintext-secrets",
    requires:
        "No container of an ECS task definition passes a secret as a plain environment " +
        "variable, which anyone who can describe the task definition reads; secrets come " +
        "from secrets[].valueFrom",
    sections: ["164.312(a)(1)", "164.312(a)(2)(iv)", "164.308(a)(5)(ii)(D)"],
    configSchema: {
        properties: {
            allowedVariableNames: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: [],
                description:
                    "Environment variable names that look like secrets but hold none (such as " +
                    "the ARN of a key), each exempt from the name check.",
            },
        },
    },
    fix:
        "Store the value in Secrets Manager and pass it as secrets: [{ name, valueFrom: " +
        "<secret ARN> }] instead of environment.",
    baseline: "cdk-nag AwsSolutions-ECS2; AWS Config ecs-no-environment-secrets",
    check: (view, args, report) => {
        const allowed =
            args.getConfig<{ allowedVariableNames?: string[] }>().allowedVariableNames ?? [];
        for (const container of view.containers) {
            const label = containerLabel(view, container);
            for (const variable of container.def.environment ?? []) {
                const name = String(variable.name);
                if (!isSet(variable, "value") || allowed.includes(name)) continue;
                const value = knownString(variable, "value");
                const credential = SECRET_VALUE_PATTERNS.find(
                    (p) => value !== undefined && p.pattern.test(value),
                );
                if (looksSecret(name)) {
                    report(
                        `${label} passes "${name}" as a plain environment variable: move it to ` +
                            "secrets[] with valueFrom set to a Secrets Manager secret ARN.",
                    );
                } else if (credential !== undefined) {
                    report(
                        `${label} environment variable "${name}" holds what looks like ` +
                            `${credential.label}: store it in Secrets Manager and pass it ` +
                            "through secrets[].valueFrom.",
                    );
                }
            }
        }
    },
});

const isolatedTasks = containerRule({
    name: "ecs-task-definition-isolated",
    requires:
        'ECS task definitions use the "awsvpc" network mode, share neither the process nor ' +
        "the IPC namespace of the host, and give the task a role apart from the execution role",
    sections: HARDENING_SECTIONS,
    fix:
        'Set networkMode "awsvpc", leave pidMode and ipcMode unset (or "task"), and pass ' +
        "distinct executionRoleArn and taskRoleArn.",
    baseline: "Baymax",
    check: (view, args, report) => {
        const task = view.task;
        // awsx Fargate task definitions are always awsvpc; an EC2 one names its mode if not.
        const mode = task.networkMode;
        const judged = !view.awsx || isSet(task, "networkMode");
        if (judged && mode !== ISOLATED_NETWORK_MODE) {
            const current =
                mode === undefined ? "the default network mode, bridge" : `network mode "${mode}"`;
            report(
                `${view.what} uses ${current}: set networkMode ` +
                    `"${ISOLATED_NETWORK_MODE}" so each task has its own interface and ` +
                    "security group.",
            );
        }
        for (const [key, namespace] of [
            ["pidMode", "process"],
            ["ipcMode", "IPC"],
        ] as const) {
            if (task[key] === "host") {
                report(
                    `${view.what} shares the host's ${namespace} namespace (${key} "host"): ` +
                        `remove ${key} or set it to "task".`,
                );
            }
        }
        const [execution, taskRole] = view.awsx
            ? [task.executionRole ?? undefined, task.taskRole ?? undefined].map((r) =>
                  isSet(r, "roleArn") ? r.roleArn : undefined,
              )
            : [task.executionRoleArn, task.taskRoleArn];
        // Read last: an ARN known only after deployment stops the check with the SDK's notice,
        // after the findings above have been reported.
        if (execution !== undefined && execution === taskRole) {
            report(
                `${view.what} uses one role as execution role and task role ("${execution}"): ` +
                    "give the task a role of its own, so the application cannot pull images or " +
                    "read every secret the ECS agent can.",
            );
        }
    },
});

const platformLatest = resourceRule<{ platformVersion?: string; launchType?: string }>({
    name: "ecs-service-platform-latest",
    requires:
        "ECS services on Fargate run on the LATEST platform version, which carries the " +
        "current security patches",
    sections: ["164.308(a)(1)(ii)(B)"],
    enforcementLevel: "advisory",
    fix: 'Remove platformVersion or set it to "LATEST".',
    baseline: "Baymax",
    types: SERVICE_TYPES,
    validate: (service, args, report) => {
        if (service.launchType === "EC2" || args.type === "awsx:ecs:EC2Service") {
            args.notApplicable("Only Fargate services have a platform version");
        }
        if (isSet(service, "platformVersion") && service.platformVersion !== "LATEST") {
            report(
                `${kindOf(args.type)} "${args.name}" pins Fargate platform version ` +
                    `"${service.platformVersion}": remove platformVersion or set it to "LATEST".`,
            );
        }
    },
});

interface ClusterProps {
    settings?: { name?: string; value?: string }[];
}

const containerInsights = resourceRule<ClusterProps>({
    name: "ecs-cluster-container-insights",
    requires:
        "ECS clusters collect Container Insights metrics, so failing or starved PHI tasks are " +
        "seen",
    sections: ["164.312(b)"],
    enforcementLevel: "advisory",
    fix: 'Add settings [{ name: "containerInsights", value: "enabled" }] (or "enhanced").',
    baseline: "cdk-nag AwsSolutions-ECS4; AWS Config ecs-container-insights-enabled",
    types: [ECS_CLUSTER],
    validate: (cluster, args, report) => {
        const on = (cluster.settings ?? []).some(
            (s) =>
                s.name === "containerInsights" && CONTAINER_INSIGHTS_ON.includes(String(s.value)),
        );
        if (!on) {
            report(
                `ECS cluster "${args.name}" collects no Container Insights: add settings ` +
                    '[{ name: "containerInsights", value: "enabled" }].',
            );
        }
    },
});

const availabilityEnvironmentsProperty = {
    ...enforcedEnvironmentsProperty,
    description:
        "Values of the Environment tag whose resources this policy judges; other " +
        "environments, such as dev, may run with less.",
} as const;

/**
 * A resource's Environment tag, from its own tags. Unlike references.ts's environmentOf, a tag
 * unknown at preview reads as none, so that filtering every resource of the stack by it cannot
 * stop the policy.
 */
function knownEnvironmentOf(props: Record<string, any>): string | undefined {
    return knownString(props.tags ?? undefined, "Environment");
}

const deletionProtection = resourceRule<{ enableDeletionProtection?: boolean }>({
    name: "elb-deletion-protection-enabled",
    requires:
        "Load balancers in the environments enforced in config (by Environment tag) are " +
        "protected from deletion",
    sections: AVAILABILITY_SECTIONS,
    configSchema: { properties: { enforcedEnvironments: availabilityEnvironmentsProperty } },
    fix: "Set enableDeletionProtection: true (the stack's deletionProtection config does).",
    baseline: "cdk-nag ELBDeletionProtectionEnabled; AWS Config elb-deletion-protection-enabled",
    types: LOAD_BALANCER_TYPES,
    validate: (lb, args, report) => {
        const enforced = enforcedEnvironments(args.getConfig());
        const environment = knownEnvironmentOf(lb);
        if (environment === undefined || !enforced.includes(environment)) {
            args.notApplicable(`Judged only for Environment ${oneOf(enforced)}`);
        }
        if (lb.enableDeletionProtection !== true) {
            report(
                `Load balancer "${args.name}" can be deleted in environment "${environment}": ` +
                    "set enableDeletionProtection: true.",
            );
        }
    },
});

/** Whether a scaling target scales the service: by its resourceId's dependency, else by name. */
function scalesService(target: PolicyResource, service: PolicyResource): boolean {
    const deps = target.propertyDependencies["resourceId"] ?? [];
    if (deps.length > 0) return deps.some((d) => d.urn === service.urn);
    const id = knownString(target.props, "resourceId");
    const name = knownString(service.props, "name");
    return id !== undefined && name !== undefined && id.split("/")[2] === name;
}

const minTasks = stackRule({
    name: "ecs-service-min-tasks",
    requires:
        "ECS services in the environments enforced in config (by Environment tag) run at least " +
        "two tasks, or the configured minimum, scale between a higher maximum and that minimum, " +
        "and roll back failed deployments",
    sections: AVAILABILITY_SECTIONS,
    configSchema: {
        properties: {
            enforcedEnvironments: availabilityEnvironmentsProperty,
            minTasks: {
                type: "integer",
                minimum: 1,
                default: DEFAULT_MIN_TASKS,
                description: "The fewest tasks a service of an enforced environment may run.",
            },
        },
    },
    fix:
        "Set desiredCount and the auto scaling target's minCapacity to at least the minimum, " +
        "maxCapacity above it, and deploymentCircuitBreaker { enable: true, rollback: true }.",
    baseline: "Baymax",
    validate: (args, report) => {
        const enforced = enforcedEnvironments(args.getConfig());
        const min = args.getConfig<{ minTasks?: number }>().minTasks ?? DEFAULT_MIN_TASKS;
        const services = args.resources.filter(
            (r) =>
                SERVICE_TYPES.includes(r.type) &&
                enforced.includes(String(knownEnvironmentOf(r.props))),
        );
        if (services.length === 0) {
            args.notApplicable(`The stack has no ECS services in environment ${oneOf(enforced)}`);
        }
        const targets = args.resources.filter(
            (r) => r.type === SCALING_TARGET && r.props.serviceNamespace === "ecs",
        );
        for (const service of services) {
            const what = `ECS service "${service.name}"`;
            const env = `in environment "${knownEnvironmentOf(service.props)}"`;
            const desired: unknown = service.props.desiredCount;
            if (typeof desired !== "number" || desired < min) {
                const runs =
                    typeof desired === "number"
                        ? `runs ${desired} task(s)`
                        : "sets no desiredCount";
                report(
                    `${what} ${runs} ${env}: set desiredCount to at least ${min}, so one task ` +
                        "can fail while another serves.",
                    service.urn,
                );
            }
            const breaker = service.props.deploymentCircuitBreaker;
            if (breaker?.enable !== true || breaker?.rollback !== true) {
                report(
                    `${what} does not roll back failed deployments ${env}: set ` +
                        "deploymentCircuitBreaker { enable: true, rollback: true }.",
                    service.urn,
                );
            }
            const own = targets.filter((t) => scalesService(t, service));
            if (own.length === 0) {
                report(
                    `${what} has no auto scaling target ${env}: add an ` +
                        `aws.appautoscaling.Target for it with minCapacity of at least ${min}.`,
                    service.urn,
                );
            }
            for (const target of own) {
                const [low, high]: unknown[] = [target.props.minCapacity, target.props.maxCapacity];
                if (typeof low !== "number" || low < min) {
                    report(
                        `Auto scaling target "${target.name}" lets ${what} scale in to ${low} ` +
                            `task(s) ${env}: set minCapacity to at least ${min}.`,
                        target.urn,
                    );
                } else if (typeof high !== "number" || high <= low) {
                    report(
                        `Auto scaling target "${target.name}" cannot scale ${what} out ` +
                            `(maxCapacity ${high}, minCapacity ${low}): set maxCapacity above ` +
                            "minCapacity.",
                        target.urn,
                    );
                }
            }
        }
    },
});

const targetNamesCluster = stackRule({
    name: "appautoscaling-target-ecs-names-cluster",
    requires:
        "An ECS auto scaling target's resourceId is \"service/<cluster name>/<service name>\", " +
        "naming an ECS cluster and service of this stack by name, never by ARN",
    sections: ["164.308(a)(7)(ii)(C)"],
    fix:
        "Build resourceId with pulumi.interpolate`service/${cluster.name}/${service.name}`; " +
        "cluster.id is the cluster's ARN.",
    baseline: "Baymax",
    validate: (args, report) => {
        const targets = args.resources.filter(
            (r) => r.type === SCALING_TARGET && r.props.serviceNamespace === "ecs",
        );
        if (targets.length === 0) args.notApplicable("The stack scales no ECS service");
        const names = (types: string[]) =>
            ofType(args.resources, ...types)
                .map((r) => knownString(r.props, "name"))
                .filter((n): n is string => n !== undefined);
        const clusters = names([ECS_CLUSTER]);
        const services = names(SERVICE_TYPES);
        const listed = (values: string[]) => (values.length > 0 ? oneOf(values) : "none");
        for (const target of targets) {
            // Known only after deployment, the id cannot be judged: the SDK reports as much.
            const id = String(target.props.resourceId);
            const what = `Auto scaling target "${target.name}" has resourceId "${id}"`;
            const parts = id.split("/");
            if (id.includes("arn:")) {
                report(
                    `${what}, which names the cluster or service by ARN: use ` +
                        '"service/<cluster name>/<service name>"; Application Auto Scaling ' +
                        "finds no service by ARN.",
                    target.urn,
                );
            } else if (parts.length !== 3 || parts[0] !== "service") {
                report(`${what}: use "service/<cluster name>/<service name>".`, target.urn);
            } else if (!clusters.includes(parts[1])) {
                report(
                    `${what}, whose cluster "${parts[1]}" is not an ECS cluster of this stack: ` +
                        "use the name of the service's cluster (this stack's: " +
                        `${listed(clusters)}).`,
                    target.urn,
                );
            } else if (!services.includes(parts[2])) {
                report(
                    `${what}, whose service "${parts[2]}" is not an ECS service of this stack: ` +
                        `use the service's name (this stack's: ${listed(services)}).`,
                    target.urn,
                );
            }
        }
    },
});

export const containerPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    logConfiguration,
    notPrivileged,
    readonlyRoot,
    nonRootUser,
    noPlaintextSecrets,
    isolatedTasks,
    platformLatest,
    containerInsights,
    deletionProtection,
    minTasks,
    targetNamesCluster,
];
