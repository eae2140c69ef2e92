import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    FargateBackend,
    FargateBackendArgs,
    validateFargateBackendArgs,
} from "../components/fargateBackend";
import { installEngine, RecordedResource, RecordingEngine, settle } from "../offline/engine";
import { record } from "../offline/harness";

const T = {
    component: "baymax:compute:FargateBackend",
    provider: "pulumi:providers:aws",
    cluster: "aws:ecs/cluster:Cluster",
    capacityProviders: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    repository: "awsx:ecr:Repository",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    bucket: "aws:s3/bucket:Bucket",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    encryption:
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    bucketLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    listener: "aws:lb/listener:Listener",
    namespace: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
    discovery: "aws:servicediscovery/service:Service",
    service: "aws:ecs/service:Service",
    scalableTarget: "aws:appautoscaling/target:Target",
    scalingPolicy: "aws:appautoscaling/policy:Policy",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    webAclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
} as const;

const ACCOUNT = "111122223333";
const KEYS = {
    logs: "arn:aws:kms:ap-south-1:111122223333:key/1f0c6a4e-logs",
    phi: "arn:aws:kms:ap-south-1:111122223333:key/7d2b9e10-phi",
    secrets: "arn:aws:kms:ap-south-1:111122223333:key/c4e81b2a-secrets",
    image: "arn:aws:kms:ap-south-1:111122223333:key/c4e81b2a-images",
};
const SECRETS = {
    openaiApiKeyArn: "arn:aws:secretsmanager:ap-south-1:111122223333:secret:openai-Ab12Cd",
    jwtSigningKeyArn: "arn:aws:secretsmanager:ap-south-1:111122223333:secret:jwt-Ef34Gh",
    encryptionKeyArn: "arn:aws:secretsmanager:ap-south-1:111122223333:secret:enc-Ij56Kl",
    databaseSecretArn:
        "arn:aws:secretsmanager:ap-south-1:111122223333:secret:rds!cluster-5e1f-Mn78Op",
};
const TABLES = {
    conversations: "arn:aws:dynamodb:ap-south-1:111122223333:table/baymax-conversations",
    sessions: "arn:aws:dynamodb:ap-south-1:111122223333:table/baymax-sessions",
};
const PUBLIC_SUBNETS = ["subnet-0a0000000000000a1", "subnet-0a0000000000000a2"];
const APP_SUBNETS = ["subnet-0b0000000000000b1", "subnet-0b0000000000000b2"];
const CERTIFICATE = "arn:aws:acm:ap-south-1:111122223333:certificate/9a8b7c6d-intake";
const PROXY = "baymax-proxy.proxy-c0ffee123456.ap-south-1.rds.amazonaws.com";

function prodArgs(overrides: Partial<FargateBackendArgs> = {}): FargateBackendArgs {
    return {
        environment: "prod",
        namePrefix: "baymax-prod",
        vpcId: "vpc-0c0000000000000c1",
        publicSubnetIds: PUBLIC_SUBNETS,
        appSubnetIds: APP_SUBNETS,
        albSecurityGroupId: "sg-0a1b0000000000a1b",
        backendSecurityGroupId: "sg-0be00000000000be0",
        logsKeyArn: KEYS.logs,
        phiKeyArn: KEYS.phi,
        secretsKeyArn: KEYS.secrets,
        imageKeyArn: KEYS.image,
        imageTag: "1.4.2",
        certificateArn: CERTIFICATE,
        deletionProtection: true,
        secrets: SECRETS,
        databaseProxyEndpoint: PROXY,
        databaseName: "intake",
        conversationsTableArn: TABLES.conversations,
        sessionsTableArn: TABLES.sessions,
        conversationsTableName: "baymax-conversations",
        sessionsTableName: "baymax-sessions",
        ...overrides,
    };
}

function devArgs(overrides: Partial<FargateBackendArgs> = {}): FargateBackendArgs {
    return prodArgs({
        environment: "dev",
        namePrefix: "baymax-dev",
        capacityProvider: "FARGATE_SPOT",
        deletionProtection: false,
        ...overrides,
    });
}

async function build(args: FargateBackendArgs): Promise<RecordingEngine> {
    const { engine } = await record(
        ({ primary }) => new FargateBackend("backend", args, { provider: primary }),
    );
    return engine;
}

function countByType(engine: RecordingEngine): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of engine.resources) {
        counts[r.type] = (counts[r.type] ?? 0) + 1;
    }
    return counts;
}

/** Inputs without the tags, which have their own test. */
function untagged(r: RecordedResource): Record<string, any> {
    const { tags: _tags, ...rest } = r.inputs;
    return rest;
}

const urnOf = (engine: RecordingEngine, type: string, name: string) => engine.one(type, name).urn;

function containerOf(engine: RecordingEngine): any {
    const definitions = JSON.parse(engine.one(T.taskDefinition).inputs.containerDefinitions);
    assert.strictEqual(definitions.length, 1);
    return definitions[0];
}

function policyOf(engine: RecordingEngine, type: string, name: string): any {
    const r = engine.one(type, name);
    return JSON.parse(type === T.role ? r.inputs.assumeRolePolicy : r.inputs.policy);
}

function tags(environment: string, name: string, dataClass: string) {
    return {
        Environment: environment,
        Compliance: "HIPAA",
        DataClass: dataClass,
        Service: "backend",
        Name: name,
    };
}

describe("FargateBackend", () => {
    let prod: RecordingEngine;
    let dev: RecordingEngine;

    before(async () => {
        prod = await build(prodArgs());
        dev = await build(devArgs());
    });

    describe("resources", () => {
        it("registers exactly the expected resources, by type", () => {
            const expected = {
                [T.provider]: 2,
                [T.component]: 1,
                [T.cluster]: 1,
                [T.capacityProviders]: 1,
                [T.repository]: 1,
                [T.logGroup]: 2,
                [T.role]: 2,
                [T.rolePolicy]: 2,
                [T.attachment]: 1,
                [T.taskDefinition]: 1,
                [T.bucket]: 1,
                [T.versioning]: 1,
                [T.publicAccess]: 1,
                [T.ownership]: 1,
                [T.encryption]: 1,
                [T.bucketLifecycle]: 1,
                [T.bucketPolicy]: 1,
                [T.loadBalancer]: 1,
                [T.targetGroup]: 1,
                [T.listener]: 2,
                [T.namespace]: 1,
                [T.discovery]: 1,
                [T.service]: 1,
                [T.scalableTarget]: 1,
                [T.scalingPolicy]: 2,
                [T.webAcl]: 1,
                [T.webAclAssociation]: 1,
                [T.webAclLogging]: 1,
            };
            assert.deepStrictEqual(countByType(prod), expected);
            assert.deepStrictEqual(countByType(dev), expected);
        });

        it("parents every child to the component and creates it with the Mumbai provider", () => {
            const component = prod.one(T.component);
            const primary = prod.one(T.provider, "primary");
            const children = prod.resources.filter((r) => r !== component && r.type !== T.provider);
            assert.strictEqual(children.length, 31);
            for (const child of children) {
                assert.strictEqual(child.parent, component.urn, child.name);
                // A plugin-built component is handed its providers by package instead.
                const provider = child.remote ? child.providers.aws : child.provider;
                assert.strictEqual(provider, `${primary.urn}::${primary.id}`, child.name);
                assert.strictEqual(prod.regionOf(child), "ap-south-1", child.name);
                assert.ok(child.name.startsWith("backend-"), child.name);
            }
        });

        it("looks the account up once, through the Mumbai provider", () => {
            const primary = prod.one(T.provider, "primary");
            assert.deepStrictEqual(prod.invokes, [
                {
                    token: "aws:index/getCallerIdentity:getCallerIdentity",
                    inputs: {},
                    provider: `${primary.urn}::${primary.id}`,
                },
            ]);
        });

        it("tags every taggable resource with its name and data class, and nothing else", () => {
            const expected: Record<string, [string, string]> = {
                "backend-cluster": ["baymax-prod-cluster", "PHI"],
                "backend-repository": ["baymax-prod-backend", "Internal"],
                "backend-logs": ["/baymax/baymax-prod/backend", "Confidential"],
                "backend-execution-role": ["baymax-prod-backend-execution", "Internal"],
                "backend-task-role": ["baymax-prod-backend-task", "Internal"],
                "backend-task": ["baymax-prod-backend", "PHI"],
                "backend-access-logs": ["baymax-prod-alb-access-logs", "Confidential"],
                "backend-alb": ["baymax-prod-alb", "PHI"],
                "backend-waf": ["baymax-prod-alb-waf", "PHI"],
                "backend-waf-logs": ["aws-waf-logs-baymax-prod-alb", "Confidential"],
                "backend-tg": ["baymax-prod-backend", "PHI"],
                "backend-https": ["baymax-prod-alb-https", "PHI"],
                "backend-http": ["baymax-prod-alb-http", "PHI"],
                "backend-namespace": ["baymax-prod.internal", "Internal"],
                "backend-discovery": ["backend.baymax-prod.internal", "Internal"],
                "backend-service": ["baymax-prod-backend", "PHI"],
                "backend-scaling-target": ["baymax-prod-backend-scaling", "Internal"],
            };
            const tagged = prod.resources.filter((r) => r.inputs.tags !== undefined);
            assert.deepStrictEqual(tagged.map((r) => r.name).sort(), Object.keys(expected).sort());
            for (const r of tagged) {
                const [name, dataClass] = expected[r.name];
                assert.deepStrictEqual(r.inputs.tags, tags("prod", name, dataClass), r.name);
            }
            assert.deepStrictEqual(
                dev.one(T.service).inputs.tags,
                tags("dev", "baymax-dev-backend", "PHI"),
            );
        });
    });

    describe("cluster", () => {
        it("turns Container Insights on in every environment", () => {
            for (const [engine, name] of [
                [prod, "baymax-prod-cluster"],
                [dev, "baymax-dev-cluster"],
            ] as const) {
                assert.deepStrictEqual(untagged(engine.one(T.cluster)), {
                    name,
                    settings: [{ name: "containerInsights", value: "enabled" }],
                });
            }
        });

        it("offers both Fargate providers and defaults to the chosen one", () => {
            assert.deepStrictEqual(prod.one(T.capacityProviders).inputs, {
                clusterName: "baymax-prod-cluster",
                capacityProviders: ["FARGATE", "FARGATE_SPOT"],
                defaultCapacityProviderStrategies: [
                    { capacityProvider: "FARGATE", weight: 1, base: 0 },
                ],
            });
            assert.deepStrictEqual(dev.one(T.capacityProviders).inputs, {
                clusterName: "baymax-dev-cluster",
                capacityProviders: ["FARGATE", "FARGATE_SPOT"],
                defaultCapacityProviderStrategies: [
                    { capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 },
                ],
            });
        });
    });

    describe("image repository", () => {
        it("is built by the awsx plugin: one resource here, judged by its inputs", () => {
            const repository = prod.one(T.repository);
            assert.strictEqual(repository.remote, true);
            assert.strictEqual(repository.custom, false);
        });

        it("scans on push, keeps tags immutable, encrypts with the image key and expires images", () => {
            assert.deepStrictEqual(untagged(prod.one(T.repository)), {
                name: "baymax-prod-backend",
                imageScanningConfiguration: { scanOnPush: true },
                imageTagMutability: "IMMUTABLE",
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEYS.image }],
                forceDelete: false,
                lifecyclePolicy: {
                    rules: [
                        {
                            description: "Expire untagged images after 7 days.",
                            tagStatus: "untagged",
                            maximumAgeLimit: 7,
                        },
                        {
                            description: "Keep the 50 most recent images for rollback.",
                            tagStatus: "any",
                            maximumNumberOfImages: 50,
                        },
                    ],
                },
            });
        });
    });

    describe("logs", () => {
        it("encrypts the log group with the logs key and keeps it six years by default", () => {
            assert.deepStrictEqual(untagged(prod.one(T.logGroup, "backend-logs")), {
                name: "/baymax/baymax-prod/backend",
                kmsKeyId: KEYS.logs,
                retentionInDays: 2192,
            });
        });

        it("applies an explicit retention to both log groups and the access logs", async () => {
            const engine = await build(devArgs({ logRetentionDays: 90 }));
            assert.deepStrictEqual(
                engine.ofType(T.logGroup).map((g) => [g.name, g.inputs.retentionInDays]),
                [
                    ["backend-logs", 90],
                    ["backend-waf-logs", 90],
                ],
            );
            assert.deepStrictEqual(engine.one(T.bucketLifecycle).inputs.rules[0].expiration, {
                days: 90,
            });
        });
    });

    describe("task definition", () => {
        it("runs one Fargate task of the environment's size with two distinct roles", () => {
            const roleArn = (name: string) => prod.one(T.role, name).wireOutputs!.arn;
            const { containerDefinitions: _defs, ...rest } = untagged(prod.one(T.taskDefinition));
            assert.deepStrictEqual(rest, {
                family: "baymax-prod-backend",
                networkMode: "awsvpc",
                requiresCompatibilities: ["FARGATE"],
                cpu: "2048",
                memory: "4096",
                runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
                executionRoleArn: roleArn("backend-execution-role"),
                taskRoleArn: roleArn("backend-task-role"),
                volumes: [{ name: "tmp" }],
            });
            assert.notStrictEqual(rest.executionRoleArn, rest.taskRoleArn);
            const devTask = dev.one(T.taskDefinition).inputs;
            assert.deepStrictEqual([devTask.family, devTask.cpu, devTask.memory], [
                "baymax-dev-backend",
                "1024",
                "2048",
            ]);
        });

        it("runs the container unprivileged, as a user, on a read-only root", () => {
            const c = containerOf(prod);
            assert.strictEqual(c.name, "backend");
            assert.strictEqual(c.essential, true);
            assert.strictEqual(
                c.image,
                `${ACCOUNT}.dkr.ecr.ap-south-1.amazonaws.com/baymax-prod-backend:1.4.2`,
            );
            assert.strictEqual(c.user, "1000:1000");
            assert.strictEqual(c.readonlyRootFilesystem, true);
            assert.strictEqual(c.privileged, false);
            assert.deepStrictEqual(c.linuxParameters, { capabilities: { drop: ["ALL"] } });
            assert.deepStrictEqual(c.mountPoints, [
                { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
            ]);
            assert.deepStrictEqual(c.portMappings, [{ containerPort: 8000, protocol: "tcp" }]);
            assert.strictEqual(c.memoryReservation, 2048);
            assert.strictEqual(containerOf(dev).memoryReservation, 1024);
        });

        it("passes plain settings as environment variables, log level per environment", () => {
            const expected = (environment: string, logLevel: string) => [
                { name: "ENVIRONMENT", value: environment },
                { name: "AWS_REGION", value: "ap-south-1" },
                { name: "LOG_LEVEL", value: logLevel },
                { name: "DATABASE_HOST", value: PROXY },
                { name: "DATABASE_PORT", value: "5432" },
                { name: "DATABASE_NAME", value: "intake" },
                { name: "CONVERSATIONS_TABLE", value: "baymax-conversations" },
                { name: "SESSIONS_TABLE", value: "baymax-sessions" },
            ];
            assert.deepStrictEqual(containerOf(prod).environment, expected("prod", "INFO"));
            assert.deepStrictEqual(containerOf(dev).environment, expected("dev", "DEBUG"));
        });

        it("reads the secrets from Secrets Manager, the database login from the RDS secret", () => {
            assert.deepStrictEqual(containerOf(prod).secrets, [
                { name: "OPENAI_API_KEY", valueFrom: SECRETS.openaiApiKeyArn },
                { name: "JWT_SECRET_KEY", valueFrom: SECRETS.jwtSigningKeyArn },
                { name: "ENCRYPTION_KEY", valueFrom: SECRETS.encryptionKeyArn },
                { name: "DATABASE_USERNAME", valueFrom: `${SECRETS.databaseSecretArn}:username::` },
                { name: "DATABASE_PASSWORD", valueFrom: `${SECRETS.databaseSecretArn}:password::` },
            ]);
        });

        it("puts no password, key or connection URL in an environment variable", () => {
            for (const { name, value } of containerOf(prod).environment) {
                assert.doesNotMatch(name, /PASSWORD|SECRET|KEY|URL|DSN/, name);
                assert.doesNotMatch(value, /password|postgres(ql)?:\/\/|secret/i, name);
            }
        });

        it("checks health on /healthz and ships logs to the encrypted log group", () => {
            const c = containerOf(prod);
            assert.deepStrictEqual(c.healthCheck, {
                command: ["CMD-SHELL", "curl -f http://localhost:8000/healthz || exit 1"],
                interval: 30,
                timeout: 10,
                retries: 3,
                startPeriod: 120,
            });
            assert.deepStrictEqual(c.logConfiguration, {
                logDriver: "awslogs",
                options: {
                    "awslogs-group": prod.one(T.logGroup, "backend-logs").wireOutputs!.name,
                    "awslogs-region": "ap-south-1",
                    "awslogs-stream-prefix": "backend",
                },
            });
            assert.strictEqual(
                c.logConfiguration.options["awslogs-group"],
                "/baymax/baymax-prod/backend",
            );
        });

        it("keeps explicit sizing over the environment defaults", async () => {
            const engine = await build(
                devArgs({
                    cpu: 4096,
                    memory: 8192,
                    memoryReservation: 6144,
                    minTasks: 0,
                    logLevel: "WARNING",
                }),
            );
            const task = engine.one(T.taskDefinition).inputs;
            assert.deepStrictEqual([task.cpu, task.memory], ["4096", "8192"]);
            const c = containerOf(engine);
            assert.strictEqual(c.memoryReservation, 6144);
            assert.deepStrictEqual(c.environment[2], { name: "LOG_LEVEL", value: "WARNING" });
            assert.strictEqual(engine.one(T.service).inputs.desiredCount, 0);
            assert.strictEqual(engine.one(T.scalableTarget).inputs.minCapacity, 0);
        });
    });

    describe("IAM", () => {
        const trust = {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
            ],
        };

        it("lets only ECS tasks of this account assume either role", () => {
            assert.deepStrictEqual(policyOf(prod, T.role, "backend-execution-role"), trust);
            assert.deepStrictEqual(policyOf(prod, T.role, "backend-task-role"), trust);
            assert.deepStrictEqual(
                prod.ofType(T.role).map((r) => r.inputs.name),
                ["baymax-prod-backend-execution", "baymax-prod-backend-task"],
            );
        });

        it("gives the execution role the ECS managed policy and nothing else managed", () => {
            assert.deepStrictEqual(prod.one(T.attachment).inputs, {
                role: "baymax-prod-backend-execution",
                policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
            });
        });

        it("lets the execution role read exactly the four secrets and decrypt them", () => {
            const r = prod.one(T.rolePolicy, "backend-execution-secrets");
            assert.strictEqual(r.inputs.role, "baymax-prod-backend-execution");
            assert.deepStrictEqual(policyOf(prod, T.rolePolicy, "backend-execution-secrets"), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ReadBackendSecrets",
                        Effect: "Allow",
                        Action: "secretsmanager:GetSecretValue",
                        Resource: [
                            SECRETS.openaiApiKeyArn,
                            SECRETS.jwtSigningKeyArn,
                            SECRETS.encryptionKeyArn,
                            SECRETS.databaseSecretArn,
                        ],
                    },
                    {
                        Sid: "DecryptBackendSecrets",
                        Effect: "Allow",
                        Action: "kms:Decrypt",
                        Resource: KEYS.secrets,
                        Condition: {
                            StringEquals: {
                                "kms:ViaService": "secretsmanager.ap-south-1.amazonaws.com",
                            },
                        },
                    },
                ],
            });
        });

        it("lets the task role use its two tables, the PHI key and its metrics only", () => {
            const r = prod.one(T.rolePolicy, "backend-task-access");
            assert.strictEqual(r.inputs.role, "baymax-prod-backend-task");
            assert.deepStrictEqual(policyOf(prod, T.rolePolicy, "backend-task-access"), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "IntakeTables",
                        Effect: "Allow",
                        Action: [
                            "dynamodb:GetItem",
                            "dynamodb:PutItem",
                            "dynamodb:UpdateItem",
                            "dynamodb:DeleteItem",
                            "dynamodb:Query",
                            "dynamodb:BatchGetItem",
                            "dynamodb:BatchWriteItem",
                            "dynamodb:ConditionCheckItem",
                        ],
                        Resource: [
                            TABLES.conversations,
                            `${TABLES.conversations}/index/*`,
                            TABLES.sessions,
                            `${TABLES.sessions}/index/*`,
                        ],
                    },
                    {
                        Sid: "PhiKey",
                        Effect: "Allow",
                        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
                        Resource: KEYS.phi,
                    },
                    {
                        Sid: "MedicalMetrics",
                        Effect: "Allow",
                        Action: "cloudwatch:PutMetricData",
                        Resource: "*",
                        Condition: { StringEquals: { "cloudwatch:namespace": "Baymax/Medical" } },
                    },
                ],
            });
        });

        it("grants no wildcard action in any role policy", () => {
            const policies = prod.ofType(T.rolePolicy).map((r) => JSON.parse(r.inputs.policy));
            assert.strictEqual(policies.length, 2);
            for (const policy of policies) {
                for (const statement of policy.Statement) {
                    assert.strictEqual(statement.Effect, "Allow");
                    for (const action of [statement.Action].flat()) {
                        assert.doesNotMatch(action, /\*/, action);
                    }
                }
            }
        });
    });

    describe("load balancer", () => {
        it("is an internet-facing ALB in the public subnets that drops malformed requests", () => {
            const alb = prod.one(T.loadBalancer);
            assert.deepStrictEqual(untagged(alb), {
                name: "baymax-prod-alb",
                internal: false,
                loadBalancerType: "application",
                subnets: PUBLIC_SUBNETS,
                securityGroups: ["sg-0a1b0000000000a1b"],
                dropInvalidHeaderFields: true,
                desyncMitigationMode: "strictest",
                enableDeletionProtection: true,
                accessLogs: { enabled: true, bucket: "baymax-prod-alb-access-logs", prefix: "alb" },
            });
            assert.strictEqual(dev.one(T.loadBalancer).inputs.enableDeletionProtection, false);
            assert.ok(
                alb.options.dependsOn.includes(
                    urnOf(prod, T.bucketPolicy, "backend-access-logs-policy"),
                ),
                "the ALB waits for the bucket policy that lets it write logs",
            );
        });

        it("forwards to IP targets over HTTP inside the VPC, checked on /healthz", () => {
            assert.deepStrictEqual(untagged(prod.one(T.targetGroup)), {
                name: "baymax-prod-backend",
                port: 8000,
                protocol: "HTTP",
                targetType: "ip",
                vpcId: "vpc-0c0000000000000c1",
                deregistrationDelay: 30,
                healthCheck: { enabled: true, path: "/healthz", matcher: "200", protocol: "HTTP" },
            });
        });

        it("serves HTTPS with TLS 1.3/1.2 only and redirects HTTP permanently", () => {
            const albArn = prod.one(T.loadBalancer).id;
            const tgArn = prod.one(T.targetGroup).id;
            assert.deepStrictEqual(untagged(prod.one(T.listener, "backend-https")), {
                loadBalancerArn: albArn,
                port: 443,
                protocol: "HTTPS",
                sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                certificateArn: CERTIFICATE,
                defaultActions: [{ type: "forward", targetGroupArn: tgArn }],
            });
            assert.deepStrictEqual(untagged(prod.one(T.listener, "backend-http")), {
                loadBalancerArn: albArn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [
                    {
                        type: "redirect",
                        redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
                    },
                ],
            });
        });
    });

    describe("web application firewall", () => {
        const visibility = (metricName: string) => ({
            cloudwatchMetricsEnabled: true,
            metricName,
            sampledRequestsEnabled: true,
        });
        const managed = (group: string, priority: number) => ({
            name: group,
            priority,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
            visibilityConfig: visibility(`baymax-prod-alb-waf-${group}`),
        });

        it("is a regional web ACL: a per-IP rate limit, managed rules, else allow", () => {
            assert.deepStrictEqual(untagged(prod.one(T.webAcl)), {
                name: "baymax-prod-alb-waf",
                description: "Filters internet requests to the patient-intake load balancer.",
                scope: "REGIONAL",
                defaultAction: { allow: {} },
                rules: [
                    {
                        name: "rate-limit-per-ip",
                        priority: 0,
                        action: { block: {} },
                        statement: {
                            rateBasedStatement: {
                                limit: 2000,
                                evaluationWindowSec: 300,
                                aggregateKeyType: "IP",
                            },
                        },
                        visibilityConfig: visibility("baymax-prod-alb-waf-rate-limit-per-ip"),
                    },
                    managed("AWSManagedRulesAmazonIpReputationList", 1),
                    managed("AWSManagedRulesCommonRuleSet", 2),
                    managed("AWSManagedRulesKnownBadInputsRuleSet", 3),
                    managed("AWSManagedRulesSQLiRuleSet", 4),
                ],
                visibilityConfig: visibility("baymax-prod-alb-waf"),
            });
            assert.strictEqual(dev.one(T.webAcl).inputs.name, "baymax-dev-alb-waf");
        });

        it("protects the recorded load balancer", () => {
            const webAclArn = prod.one(T.webAcl).wireOutputs!.arn;
            const prefix =
                `arn:aws:wafv2:ap-south-1:${ACCOUNT}:regional/webacl/baymax-prod-alb-waf/`;
            assert.ok(webAclArn.startsWith(prefix), webAclArn);
            const id = webAclArn.slice(prefix.length);
            assert.match(id, /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
            assert.strictEqual(id, prod.one(T.webAcl).id);
            const albArn = prod.one(T.loadBalancer).wireOutputs!.arn;
            assert.match(albArn, /:loadbalancer\/app\/baymax-prod-alb\//);
            assert.deepStrictEqual(prod.one(T.webAclAssociation).inputs, {
                resourceArn: albArn,
                webAclArn,
            });
        });

        it("logs to an aws-waf-logs- group encrypted with the logs key and kept six years", () => {
            const group = prod.one(T.logGroup, "backend-waf-logs");
            assert.deepStrictEqual(untagged(group), {
                name: "aws-waf-logs-baymax-prod-alb",
                kmsKeyId: KEYS.logs,
                retentionInDays: 2192,
            });
            assert.ok(group.inputs.name.startsWith("aws-waf-logs-"), group.inputs.name);
            assert.strictEqual(
                dev.one(T.logGroup, "backend-waf-logs").inputs.name,
                "aws-waf-logs-baymax-dev-alb",
            );
        });

        it("sends the web ACL's logs to that group with credentials and cookies redacted", () => {
            const groupArn = prod.one(T.logGroup, "backend-waf-logs").wireOutputs!.arn;
            assert.strictEqual(
                groupArn,
                "arn:aws:logs:ap-south-1:111122223333:log-group:aws-waf-logs-baymax-prod-alb",
            );
            assert.deepStrictEqual(prod.one(T.webAclLogging).inputs, {
                resourceArn: prod.one(T.webAcl).wireOutputs!.arn,
                logDestinationConfigs: [groupArn],
                redactedFields: [
                    { singleHeader: { name: "authorization" } },
                    { singleHeader: { name: "cookie" } },
                ],
            });
        });

        it("exposes the web ACL and its log group", async () => {
            const { engine, result } = await record(
                ({ primary }) => new FargateBackend("backend", devArgs(), { provider: primary }),
            );
            const value = <V>(output: pulumi.Output<V>) =>
                new Promise<V>((resolve) => output.apply(resolve));
            assert.deepStrictEqual(
                await Promise.all([value(result.webAcl.arn), value(result.wafLogGroup.name)]),
                [engine.one(T.webAcl).wireOutputs!.arn, "aws-waf-logs-baymax-dev-alb"],
            );
        });
    });

    describe("access-log bucket", () => {
        it("is versioned, private, owner-enforced and kept for the retention period", () => {
            const bucket = "baymax-prod-alb-access-logs";
            assert.deepStrictEqual(untagged(prod.one(T.bucket)), { bucket, forceDestroy: false });
            assert.deepStrictEqual(prod.one(T.versioning).inputs, {
                bucket,
                versioningConfiguration: { status: "Enabled" },
            });
            assert.deepStrictEqual(prod.one(T.publicAccess).inputs, {
                bucket,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            assert.deepStrictEqual(prod.one(T.ownership).inputs, {
                bucket,
                rule: { objectOwnership: "BucketOwnerEnforced" },
            });
            assert.deepStrictEqual(prod.one(T.bucketLifecycle).inputs, {
                bucket,
                rules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: 2192 },
                        noncurrentVersionExpiration: { noncurrentDays: 30 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            });
        });

        it("uses SSE-S3, the only encryption ELB log delivery supports", () => {
            assert.deepStrictEqual(prod.one(T.encryption).inputs, {
                bucket: "baymax-prod-alb-access-logs",
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            });
        });

        it("lets only ELB log delivery write under alb/AWSLogs and refuses plain HTTP", () => {
            const arn = "arn:aws:s3:::baymax-prod-alb-access-logs";
            const logs = `${arn}/alb/AWSLogs/${ACCOUNT}/*`;
            assert.strictEqual(
                prod.one(T.bucketPolicy).inputs.bucket,
                "baymax-prod-alb-access-logs",
            );
            assert.deepStrictEqual(policyOf(prod, T.bucketPolicy, "backend-access-logs-policy"), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AllowElbAccountLogDelivery",
                        Effect: "Allow",
                        Principal: { AWS: "arn:aws:iam::718504428378:root" },
                        Action: "s3:PutObject",
                        Resource: logs,
                    },
                    {
                        Sid: "AllowElbServiceLogDelivery",
                        Effect: "Allow",
                        Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: logs,
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [arn, `${arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            });
        });

        it("trusts only the log-delivery service in a region without an ELB account", async () => {
            const engine = await build(devArgs({ region: "ap-south-2" }));
            const policy = policyOf(engine, T.bucketPolicy, "backend-access-logs-policy");
            assert.deepStrictEqual(
                policy.Statement.map((s: any) => s.Sid),
                ["AllowElbServiceLogDelivery", "DenyInsecureTransport"],
            );
            const options = containerOf(engine).logConfiguration.options;
            assert.strictEqual(options["awslogs-region"], "ap-south-2");
        });
    });

    describe("service discovery", () => {
        it("registers the tasks as A records in a private namespace of the VPC", () => {
            const namespace = prod.one(T.namespace);
            assert.deepStrictEqual(untagged(namespace), {
                name: "baymax-prod.internal",
                vpc: "vpc-0c0000000000000c1",
                description: "Private names of the Baymax services.",
            });
            assert.deepStrictEqual(untagged(prod.one(T.discovery)), {
                name: "backend",
                dnsConfig: {
                    namespaceId: namespace.id,
                    dnsRecords: [{ type: "A", ttl: 10 }],
                    routingPolicy: "MULTIVALUE",
                },
                healthCheckCustomConfig: { failureThreshold: 1 },
            });
        });
    });

    describe("service", () => {
        it("runs private tasks behind the target group with a self-healing rolling deploy", () => {
            assert.deepStrictEqual(untagged(prod.one(T.service)), {
                name: "baymax-prod-backend",
                cluster: prod.one(T.cluster).id,
                taskDefinition: prod.one(T.taskDefinition).wireOutputs!.arn,
                desiredCount: 3,
                capacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1 }],
                platformVersion: "LATEST",
                networkConfiguration: {
                    subnets: APP_SUBNETS,
                    securityGroups: ["sg-0be00000000000be0"],
                    assignPublicIp: false,
                },
                loadBalancers: [
                    {
                        targetGroupArn: prod.one(T.targetGroup).id,
                        containerName: "backend",
                        containerPort: 8000,
                    },
                ],
                serviceRegistries: { registryArn: prod.one(T.discovery).wireOutputs!.arn },
                healthCheckGracePeriodSeconds: 300,
                deploymentMaximumPercent: 200,
                deploymentMinimumHealthyPercent: 100,
                deploymentCircuitBreaker: { enable: true, rollback: true },
                enableExecuteCommand: false,
                enableEcsManagedTags: true,
                propagateTags: "SERVICE",
            });
            const devService = dev.one(T.service).inputs;
            assert.strictEqual(devService.desiredCount, 1);
            assert.deepStrictEqual(devService.capacityProviderStrategies, [
                { capacityProvider: "FARGATE_SPOT", weight: 1 },
            ]);
        });

        it("leaves the task count to autoscaling and waits for the listener and providers", () => {
            const service = prod.one(T.service);
            assert.deepStrictEqual(service.options.ignoreChanges, ["desiredCount"]);
            for (const [type, name] of [
                [T.listener, "backend-https"],
                [T.capacityProviders, "backend-capacity-providers"],
            ]) {
                assert.ok(service.options.dependsOn.includes(urnOf(prod, type, name)), name);
            }
        });
    });

    describe("autoscaling", () => {
        it("addresses the service by cluster and service name, never by ARN", () => {
            for (const [engine, min, max] of [
                [prod, 3, 20],
                [dev, 1, 5],
            ] as const) {
                const clusterName = engine.one(T.cluster).wireOutputs!.name;
                const serviceName = engine.one(T.service).wireOutputs!.name;
                const target = engine.one(T.scalableTarget).inputs;
                assert.deepStrictEqual(
                    { ...target, tags: undefined },
                    {
                        serviceNamespace: "ecs",
                        scalableDimension: "ecs:service:DesiredCount",
                        resourceId: `service/${clusterName}/${serviceName}`,
                        minCapacity: min,
                        maxCapacity: max,
                        tags: undefined,
                    },
                );
                assert.doesNotMatch(target.resourceId, /arn:/);
            }
            assert.strictEqual(
                prod.one(T.scalableTarget).inputs.resourceId,
                "service/baymax-prod-cluster/baymax-prod-backend",
            );
        });

        it("tracks 70% CPU and 50 active intake sessions per task", () => {
            const scaling = {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: "service/baymax-prod-cluster/baymax-prod-backend",
                policyType: "TargetTrackingScaling",
            };
            assert.deepStrictEqual(prod.one(T.scalingPolicy, "backend-scale-cpu").inputs, {
                name: "baymax-prod-backend-cpu",
                ...scaling,
                targetTrackingScalingPolicyConfiguration: {
                    predefinedMetricSpecification: {
                        predefinedMetricType: "ECSServiceAverageCPUUtilization",
                    },
                    targetValue: 70,
                    scaleInCooldown: 300,
                    scaleOutCooldown: 60,
                },
            });
            assert.deepStrictEqual(prod.one(T.scalingPolicy, "backend-scale-sessions").inputs, {
                name: "baymax-prod-backend-active-intake-sessions",
                ...scaling,
                targetTrackingScalingPolicyConfiguration: {
                    customizedMetricSpecification: {
                        metricName: "ActiveIntakeSessions",
                        namespace: "Baymax/Medical",
                        statistic: "Average",
                        dimensions: [{ name: "Environment", value: "prod" }],
                    },
                    targetValue: 50,
                    scaleInCooldown: 300,
                    scaleOutCooldown: 60,
                },
            });
        });
    });

    describe("validation", () => {
        function refusal(args: FargateBackendArgs): pulumi.InputPropertyError {
            try {
                validateFargateBackendArgs(args);
            } catch (err) {
                assert.ok(pulumi.InputPropertyError.isInstance(err));
                return err as pulumi.InputPropertyError;
            }
            assert.fail("expected an InputPropertyError");
        }

        it("refuses more minimum tasks than maximum", () => {
            const err = refusal(prodArgs({ minTasks: 6, maxTasks: 4 }));
            assert.strictEqual(err.propertyPath, "minTasks");
            assert.strictEqual(
                err.message,
                "minTasks is 6, more than maxTasks (4); lower minTasks or raise maxTasks so " +
                    "that autoscaling has a valid range.",
            );
        });

        it("refuses a minimum above the environment's default maximum", () => {
            const err = refusal(devArgs({ minTasks: 6 }));
            assert.strictEqual(
                err.message,
                "minTasks is 6, more than maxTasks (5); lower minTasks or raise maxTasks so " +
                    "that autoscaling has a valid range.",
            );
        });

        it("refuses a memory reservation above the task memory", () => {
            const err = refusal(prodArgs({ memory: 2048, memoryReservation: 3072 }));
            assert.strictEqual(err.propertyPath, "memoryReservation");
            assert.strictEqual(
                err.message,
                "memoryReservation is 3072 MiB, more than the task's memory (2048 MiB); lower " +
                    "memoryReservation or raise memory.",
            );
        });

        it("refuses a capacity provider Fargate does not offer", () => {
            const err = refusal(prodArgs({ capacityProvider: "EC2" as any }));
            assert.strictEqual(err.propertyPath, "capacityProvider");
            assert.strictEqual(
                err.message,
                'capacityProvider is "EC2", which Fargate does not offer; use one of ' +
                    '"FARGATE", "FARGATE_SPOT".',
            );
        });

        it("refuses in the constructor, before anything is registered", async () => {
            const engine = new RecordingEngine({ disabledDefaultProviders: ["aws"] });
            await installEngine(engine);
            const primary = new aws.Provider("primary", { region: "ap-south-1" });
            assert.throws(
                () => new FargateBackend("backend", devArgs({ memoryReservation: 4096 }), {
                    provider: primary,
                }),
                {
                    message:
                        "memoryReservation is 4096 MiB, more than the task's memory (2048 MiB); " +
                        "lower memoryReservation or raise memory.",
                },
            );
            await settle();
            assert.deepStrictEqual(engine.resources.map((r) => r.type), [T.provider]);
        });
    });
});
