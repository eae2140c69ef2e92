// The patient-intake backend on Fargate in Mumbai. Tasks run in private application subnets with
// no public address, as a non-root user on a read-only root filesystem; their secrets come from
// Secrets Manager at start (the database credentials from the rotating RDS-managed secret), never
// from plain environment variables. The internet reaches them only through an HTTPS-only load
// balancer (TLS 1.3/1.2, HTTP redirected) whose access logs are kept for the retention period,
// behind a WAF web ACL of AWS managed rules and a per-client rate limit whose logs are kept too.
// Both roles are least privilege, images are scanned and immutable, and logs are KMS-encrypted.
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { complianceTags, DataClass } from "./tags";

/** Capacity providers the backend service may run on. */
export const FARGATE_CAPACITY_PROVIDERS = ["FARGATE", "FARGATE_SPOT"] as const;
export type FargateCapacityProvider = (typeof FARGATE_CAPACITY_PROVIDERS)[number];

/** Task sizing and scaling defaults: production, and every other environment. */
export const BACKEND_SIZING = {
    prod: {
        cpu: 2048,
        memory: 4096,
        memoryReservation: 2048,
        minTasks: 3,
        maxTasks: 20,
        logLevel: "INFO",
    },
    dev: {
        cpu: 1024,
        memory: 2048,
        memoryReservation: 1024,
        minTasks: 1,
        maxTasks: 5,
        logLevel: "DEBUG",
    },
} as const;

/**
 * Accounts through which Elastic Load Balancing delivers access logs in regions opened before
 * August 2022; newer regions (such as ap-south-2) use only the log-delivery service principal.
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
    "ap-south-1": "718504428378",
};

/** The TLS policy of the HTTPS listener: TLS 1.3 and 1.2 only, forward-secret ciphers. */
export const BACKEND_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Namespace of the custom metrics the backend publishes; the only one it may write to. */
export const MEDICAL_METRICS_NAMESPACE = "Baymax/Medical";

/** DynamoDB item-level actions the backend needs on its tables; no table management. */
export const BACKEND_TABLE_ACTIONS: readonly string[] = [
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
];

/**
 * AWS managed rule groups of the load balancer's web ACL, in evaluation order: known-bad sources
 * first, then the OWASP-style common rules, known exploit inputs and SQL injection.
 */
export const WAF_MANAGED_RULE_GROUPS: readonly string[] = [
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
];

/** Requests one client IP may send in five minutes before the web ACL blocks it. */
export const WAF_RATE_LIMIT_PER_5_MINUTES = 2000;

/**
 * Request headers blanked in the WAF logs: they carry the bearer tokens and session cookies of
 * patients' intake sessions, which anyone able to read the logs could replay.
 */
export const WAF_REDACTED_HEADERS: readonly string[] = ["authorization", "cookie"];

const CONTAINER_NAME = "backend";
const DATABASE_PORT = 5432;
const HEALTH_PATH = "/healthz";

/** ARNs of the Secrets Manager secrets the backend reads at task start. */
export interface BackendSecretArns {
    /** Secret holding the OpenAI API key; required. */
    readonly openaiApiKeyArn: pulumi.Input<string>;
    /** Secret holding the JWT signing key; required. */
    readonly jwtSigningKeyArn: pulumi.Input<string>;
    /** Secret holding the application's field-encryption key; required. */
    readonly encryptionKeyArn: pulumi.Input<string>;
    /** The RDS-managed, rotating master secret (JSON with `username` and `password`); required. */
    readonly databaseSecretArn: pulumi.Input<string>;
}

export interface FargateBackendArgs {
    /** Stack environment for tags and sizing defaults, such as "dev" or "prod"; required. */
    readonly environment: string;
    /** Prefix of physical names, such as "baymax-prod"; required. */
    readonly namePrefix: string;
    /** Region of the provider, for the app, its logs and ELB log delivery; default "ap-south-1". */
    readonly region?: string;
    /** VPC of the service-discovery namespace and the target group; required. */
    readonly vpcId: pulumi.Input<string>;
    /** Public subnets that hold the load balancer; required. */
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Private application subnets that hold the tasks; required. */
    readonly appSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security group of the load balancer; required. */
    readonly albSecurityGroupId: pulumi.Input<string>;
    /** Security group of the tasks; required. */
    readonly backendSecurityGroupId: pulumi.Input<string>;
    /** KMS key that encrypts the backend log group; required. */
    readonly logsKeyArn: pulumi.Input<string>;
    /** KMS key of patient data, used by the tasks for the tables and PHI fields; required. */
    readonly phiKeyArn: pulumi.Input<string>;
    /** KMS key that encrypts the secrets the tasks read at start; required. */
    readonly secretsKeyArn: pulumi.Input<string>;
    /** KMS key for container images in the ECR repository; required. */
    readonly imageKeyArn: pulumi.Input<string>;
    /** Days the logs and the load balancer's access logs are kept; default 2192 (six years). */
    readonly logRetentionDays?: pulumi.Input<number>;
    /** Tag of the backend image in the repository; required. */
    readonly imageTag: pulumi.Input<string>;
    /** Task CPU units, plain so the sizing can be checked; default 2048 in prod, else 1024. */
    readonly cpu?: number;
    /** Task memory in MiB, plain so it can be checked; default 4096 in prod, else 2048. */
    readonly memory?: number;
    /** Container soft memory limit in MiB, at most `memory`; default 2048 in prod, else 1024. */
    readonly memoryReservation?: number;
    /** Fewest running tasks, at most `maxTasks`; default 3 in prod, else 1. */
    readonly minTasks?: number;
    /** Most running tasks under autoscaling; default 20 in prod, else 5. */
    readonly maxTasks?: number;
    /** Capacity provider of the service, "FARGATE" or "FARGATE_SPOT"; default "FARGATE". */
    readonly capacityProvider?: FargateCapacityProvider;
    /** Application log level; default "INFO" in prod, else "DEBUG". */
    readonly logLevel?: pulumi.Input<string>;
    /** ACM certificate of the HTTPS listener; required. */
    readonly certificateArn: pulumi.Input<string>;
    /** Whether the load balancer refuses deletion; required. */
    readonly deletionProtection: boolean;
    /** Secrets the tasks receive as environment variables at start; required. */
    readonly secrets: BackendSecretArns;
    /** Endpoint of the RDS proxy in front of the database; required. */
    readonly databaseProxyEndpoint: pulumi.Input<string>;
    /** Name of the application database; required. */
    readonly databaseName: pulumi.Input<string>;
    /** ARN of the conversations table; required. */
    readonly conversationsTableArn: pulumi.Input<string>;
    /** ARN of the sessions table; required. */
    readonly sessionsTableArn: pulumi.Input<string>;
    /** Name of the conversations table; required. */
    readonly conversationsTableName: pulumi.Input<string>;
    /** Name of the sessions table; required. */
    readonly sessionsTableName: pulumi.Input<string>;
    /** Port the container listens on; default 8000. */
    readonly containerPort?: pulumi.Input<number>;
}

/** The arguments with their environment defaults applied. */
interface ResolvedSizing {
    readonly cpu: number;
    readonly memory: number;
    readonly memoryReservation: number;
    readonly minTasks: number;
    readonly maxTasks: number;
    readonly capacityProvider: string;
}

/** The defaults of an environment: "prod" gets production sizing, every other the smaller one. */
function sizingDefaults(environment: string) {
    return environment === "prod" ? BACKEND_SIZING.prod : BACKEND_SIZING.dev;
}

function resolveSizing(args: FargateBackendArgs): ResolvedSizing {
    const defaults = sizingDefaults(args.environment);
    return {
        cpu: args.cpu ?? defaults.cpu,
        memory: args.memory ?? defaults.memory,
        memoryReservation: args.memoryReservation ?? defaults.memoryReservation,
        minTasks: args.minTasks ?? defaults.minTasks,
        maxTasks: args.maxTasks ?? defaults.maxTasks,
        capacityProvider: args.capacityProvider ?? "FARGATE",
    };
}

/**
 * Checks the sizing and capacity arguments; throws an InputPropertyError naming the argument, its
 * value and the fix. Runs before anything is registered.
 */
export function validateFargateBackendArgs(args: FargateBackendArgs): void {
    const sizing = resolveSizing(args);
    if (sizing.minTasks > sizing.maxTasks) {
        throw new pulumi.InputPropertyError({
            propertyPath: "minTasks",
            reason:
                `minTasks is ${sizing.minTasks}, more than maxTasks (${sizing.maxTasks}); ` +
                "lower minTasks or raise maxTasks so that autoscaling has a valid range.",
        });
    }
    if (sizing.memoryReservation > sizing.memory) {
        throw new pulumi.InputPropertyError({
            propertyPath: "memoryReservation",
            reason:
                `memoryReservation is ${sizing.memoryReservation} MiB, more than the task's ` +
                `memory (${sizing.memory} MiB); lower memoryReservation or raise memory.`,
        });
    }
    if (!(FARGATE_CAPACITY_PROVIDERS as readonly string[]).includes(sizing.capacityProvider)) {
        throw new pulumi.InputPropertyError({
            propertyPath: "capacityProvider",
            reason:
                `capacityProvider is "${sizing.capacityProvider}", which Fargate does not offer; ` +
                `use one of ${FARGATE_CAPACITY_PROVIDERS.map((p) => `"${p}"`).join(", ")}.`,
        });
    }
}

/**
 * The backend service: ECS cluster, ECR repository, task definition and roles, an internet-facing
 * HTTPS load balancer with its access-log bucket and a logged WAF web ACL, Cloud Map registration
 * and autoscaling on CPU and on active intake sessions.
 */
export class FargateBackend extends pulumi.ComponentResource {
    readonly cluster: aws.ecs.Cluster;
    readonly service: aws.ecs.Service;
    readonly taskDefinition: aws.ecs.TaskDefinition;
    readonly repository: awsx.ecr.Repository;
    readonly loadBalancer: aws.lb.LoadBalancer;
    /** Web ACL in front of the load balancer: AWS managed rules and a per-IP rate limit. */
    readonly webAcl: aws.wafv2.WebAcl;
    /** Log group of the web ACL's request logs, named `aws-waf-logs-…` as WAF requires. */
    readonly wafLogGroup: aws.cloudwatch.LogGroup;
    readonly targetGroup: aws.lb.TargetGroup;
    readonly httpsListener: aws.lb.Listener;
    readonly httpListener: aws.lb.Listener;
    readonly accessLogsBucket: aws.s3.Bucket;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly scalableTarget: aws.appautoscaling.Target;
    readonly albDnsName: pulumi.Output<string>;
    readonly albArnSuffix: pulumi.Output<string>;
    readonly targetGroupArnSuffix: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly serviceName: pulumi.Output<string>;
    readonly executionRole: aws.iam.Role;
    readonly taskRole: aws.iam.Role;

    constructor(name: string, args: FargateBackendArgs, opts?: pulumi.ComponentResourceOptions) {
        validateFargateBackendArgs(args);
        super("baymax:compute:FargateBackend", name, {}, opts);

        const sizing = resolveSizing(args);
        const region = args.region ?? "ap-south-1";
        const prefix = args.namePrefix;
        const containerPort = args.containerPort ?? 8000;
        const retentionDays = args.logRetentionDays ?? 2192;
        const logLevel = args.logLevel ?? sizingDefaults(args.environment).logLevel;
        const tags = (physicalName: string, dataClass: DataClass) =>
            complianceTags(
                { environment: args.environment, service: "backend" },
                physicalName,
                dataClass,
            );
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

        this.cluster = new aws.ecs.Cluster(
            `${name}-cluster`,
            {
                name: `${prefix}-cluster`,
                settings: [{ name: "containerInsights", value: "enabled" }],
                tags: tags(`${prefix}-cluster`, "PHI"),
            },
            { parent: this },
        );

        const capacityProviders = new aws.ecs.ClusterCapacityProviders(
            `${name}-capacity-providers`,
            {
                clusterName: this.cluster.name,
                capacityProviders: [...FARGATE_CAPACITY_PROVIDERS],
                defaultCapacityProviderStrategies: [
                    { capacityProvider: sizing.capacityProvider, weight: 1, base: 0 },
                ],
            },
            { parent: this },
        );

        // awsx writes the ECR lifecycle policy JSON for us; every setting a control depends on
        // (scan on push, immutable tags, KMS key) stays an input we pass, so the tests and the
        // policy pack judge them even where the plugin's children cannot be seen. A component
        // built by a plugin is sent only the providers given to it explicitly, not those it
        // would inherit, and the stack disables the default AWS provider: hand it ours.
        const awsProvider = this.getProvider("aws::");
        this.repository = new awsx.ecr.Repository(
            `${name}-repository`,
            {
                name: `${prefix}-backend`,
                imageScanningConfiguration: { scanOnPush: true },
                imageTagMutability: "IMMUTABLE",
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.imageKeyArn }],
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
                tags: tags(`${prefix}-backend`, "Internal"),
            },
            { parent: this, providers: awsProvider ? { aws: awsProvider } : undefined },
        );
        const image = pulumi.interpolate`${this.repository.url}:${args.imageTag}`;

        const logGroupName = `/baymax/${prefix}/backend`;
        this.logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: logGroupName,
                kmsKeyId: args.logsKeyArn,
                retentionInDays: retentionDays,
                tags: tags(logGroupName, "Confidential"),
            },
            { parent: this },
        );

        const ecsTasksTrust = pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": account } },
                },
            ],
        });

        const executionRoleName = `${prefix}-backend-execution`;
        this.executionRole = new aws.iam.Role(
            `${name}-execution-role`,
            {
                name: executionRoleName,
                description: "Lets ECS pull the backend image, write its logs, read its secrets.",
                assumeRolePolicy: ecsTasksTrust,
                tags: tags(executionRoleName, "Internal"),
            },
            { parent: this },
        );

        new aws.iam.RolePolicyAttachment(
            `${name}-execution-managed`,
            {
                role: this.executionRole.name,
                policyArn: aws.iam.ManagedPolicy.AmazonECSTaskExecutionRolePolicy,
            },
            { parent: this },
        );

        const secretArns = [
            args.secrets.openaiApiKeyArn,
            args.secrets.jwtSigningKeyArn,
            args.secrets.encryptionKeyArn,
            args.secrets.databaseSecretArn,
        ];
        new aws.iam.RolePolicy(
            `${name}-execution-secrets`,
            {
                name: `${prefix}-backend-execution-secrets`,
                role: this.executionRole.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "ReadBackendSecrets",
                            Effect: "Allow",
                            Action: "secretsmanager:GetSecretValue",
                            Resource: secretArns,
                        },
                        {
                            Sid: "DecryptBackendSecrets",
                            Effect: "Allow",
                            Action: "kms:Decrypt",
                            Resource: args.secretsKeyArn,
                            Condition: {
                                StringEquals: {
                                    "kms:ViaService": `secretsmanager.${region}.amazonaws.com`,
                                },
                            },
                        },
                    ],
                }),
            },
            { parent: this },
        );

        const taskRoleName = `${prefix}-backend-task`;
        this.taskRole = new aws.iam.Role(
            `${name}-task-role`,
            {
                name: taskRoleName,
                description: "What the backend itself may use: its tables, the PHI key, metrics.",
                assumeRolePolicy: ecsTasksTrust,
                tags: tags(taskRoleName, "Internal"),
            },
            { parent: this },
        );

        const tableArns = [args.conversationsTableArn, args.sessionsTableArn];
        const tableResources = tableArns.flatMap((arn) => [
            arn,
            pulumi.interpolate`${arn}/index/*`,
        ]);
        new aws.iam.RolePolicy(
            `${name}-task-access`,
            {
                name: `${prefix}-backend-task-access`,
                role: this.taskRole.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "IntakeTables",
                            Effect: "Allow",
                            Action: BACKEND_TABLE_ACTIONS,
                            Resource: tableResources,
                        },
                        {
                            Sid: "PhiKey",
                            Effect: "Allow",
                            Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
                            Resource: args.phiKeyArn,
                        },
                        {
                            // PutMetricData has no resource-level permissions; the namespace
                            // condition is what keeps the tasks out of other metrics.
                            Sid: "MedicalMetrics",
                            Effect: "Allow",
                            Action: "cloudwatch:PutMetricData",
                            Resource: "*",
                            Condition: {
                                StringEquals: { "cloudwatch:namespace": MEDICAL_METRICS_NAMESPACE },
                            },
                        },
                    ],
                }),
            },
            { parent: this },
        );

        const family = `${prefix}-backend`;
        const healthUrl = pulumi.interpolate`http://localhost:${containerPort}${HEALTH_PATH}`;
        const healthCommand = pulumi.interpolate`curl -f ${healthUrl} || exit 1`;
        const secretRef = (variable: string, valueFrom: pulumi.Input<string>) => ({
            name: variable,
            valueFrom,
        });
        this.taskDefinition = new aws.ecs.TaskDefinition(
            `${name}-task`,
            {
                family,
                networkMode: "awsvpc",
                requiresCompatibilities: ["FARGATE"],
                cpu: String(sizing.cpu),
                memory: String(sizing.memory),
                runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
                executionRoleArn: this.executionRole.arn,
                taskRoleArn: this.taskRole.arn,
                // The root filesystem is read-only; Fargate has no tmpfs, so /tmp is a task
                // volume on the (encrypted) ephemeral storage.
                volumes: [{ name: "tmp" }],
                containerDefinitions: pulumi.jsonStringify([
                    {
                        name: CONTAINER_NAME,
                        image,
                        essential: true,
                        user: "1000:1000",
                        readonlyRootFilesystem: true,
                        privileged: false,
                        linuxParameters: { capabilities: { drop: ["ALL"] } },
                        portMappings: [{ containerPort, protocol: "tcp" }],
                        memoryReservation: sizing.memoryReservation,
                        mountPoints: [
                            { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
                        ],
                        environment: [
                            { name: "ENVIRONMENT", value: args.environment },
                            { name: "AWS_REGION", value: region },
                            { name: "LOG_LEVEL", value: logLevel },
                            { name: "DATABASE_HOST", value: args.databaseProxyEndpoint },
                            { name: "DATABASE_PORT", value: String(DATABASE_PORT) },
                            { name: "DATABASE_NAME", value: args.databaseName },
                            { name: "CONVERSATIONS_TABLE", value: args.conversationsTableName },
                            { name: "SESSIONS_TABLE", value: args.sessionsTableName },
                        ],
                        // The database credentials are keys of the RDS-managed secret, so a
                        // rotation reaches new tasks without a password ever being in this file.
                        secrets: [
                            secretRef("OPENAI_API_KEY", args.secrets.openaiApiKeyArn),
                            secretRef("JWT_SECRET_KEY", args.secrets.jwtSigningKeyArn),
                            secretRef("ENCRYPTION_KEY", args.secrets.encryptionKeyArn),
                            secretRef(
                                "DATABASE_USERNAME",
                                pulumi.interpolate`${args.secrets.databaseSecretArn}:username::`,
                            ),
                            secretRef(
                                "DATABASE_PASSWORD",
                                pulumi.interpolate`${args.secrets.databaseSecretArn}:password::`,
                            ),
                        ],
                        healthCheck: {
                            command: ["CMD-SHELL", healthCommand],
                            interval: 30,
                            timeout: 10,
                            retries: 3,
                            startPeriod: 120,
                        },
                        logConfiguration: {
                            logDriver: "awslogs",
                            options: {
                                "awslogs-group": this.logGroup.name,
                                "awslogs-region": region,
                                "awslogs-stream-prefix": "backend",
                            },
                        },
                    },
                ]),
                tags: tags(family, "PHI"),
            },
            { parent: this },
        );

        const bucketName = `${prefix}-alb-access-logs`;
        this.accessLogsBucket = new aws.s3.Bucket(
            `${name}-access-logs`,
            {
                bucket: bucketName,
                forceDestroy: false,
                tags: tags(bucketName, "Confidential"),
            },
            { parent: this },
        );
        const logsBucket = this.accessLogsBucket.id;

        const bucketVersioning = new aws.s3.BucketVersioning(
            `${name}-access-logs-versioning`,
            { bucket: logsBucket, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );

        const bucketPublicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-access-logs-public-access`,
            {
                bucket: logsBucket,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this },
        );

        const bucketOwnership = new aws.s3.BucketOwnershipControls(
            `${name}-access-logs-ownership`,
            { bucket: logsBucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this },
        );

        // Load balancers can deliver access logs only to buckets encrypted with SSE-S3, not
        // SSE-KMS; the logs hold request metadata, not bodies, and the policy pack exempts this
        // bucket by name.
        const bucketEncryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-access-logs-encryption`,
            {
                bucket: logsBucket,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            },
            { parent: this },
        );

        new aws.s3.BucketLifecycleConfiguration(
            `${name}-access-logs-lifecycle`,
            {
                bucket: logsBucket,
                rules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: retentionDays },
                        noncurrentVersionExpiration: { noncurrentDays: 30 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            { parent: this, dependsOn: [bucketVersioning] },
        );

        const bucketArn = this.accessLogsBucket.arn;
        const logObjects = pulumi.interpolate`${bucketArn}/alb/AWSLogs/${account}/*`;
        const elbAccount = ELB_LOG_DELIVERY_ACCOUNTS[region];
        const deliveryStatements = [
            ...(elbAccount === undefined
                ? []
                : [
                      {
                          Sid: "AllowElbAccountLogDelivery",
                          Effect: "Allow",
                          Principal: { AWS: `arn:aws:iam::${elbAccount}:root` },
                          Action: "s3:PutObject",
                          Resource: logObjects,
                      },
                  ]),
            {
                Sid: "AllowElbServiceLogDelivery",
                Effect: "Allow",
                Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: logObjects,
            },
        ];
        const bucketPolicy = new aws.s3.BucketPolicy(
            `${name}-access-logs-policy`,
            {
                bucket: logsBucket,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        ...deliveryStatements,
                        {
                            Sid: "DenyInsecureTransport",
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:*",
                            Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                    ],
                }),
            },
            { parent: this, dependsOn: [bucketPublicAccess, bucketOwnership] },
        );

        const albName = `${prefix}-alb`;
        this.loadBalancer = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                name: albName,
                internal: false,
                loadBalancerType: "application",
                subnets: args.publicSubnetIds,
                securityGroups: [args.albSecurityGroupId],
                dropInvalidHeaderFields: true,
                desyncMitigationMode: "strictest",
                enableDeletionProtection: args.deletionProtection,
                accessLogs: { enabled: true, bucket: logsBucket, prefix: "alb" },
                tags: tags(albName, "PHI"),
            },
            // ELB checks that it may write to the bucket when access logs are switched on.
            { parent: this, dependsOn: [bucketPolicy, bucketEncryption] },
        );

        const webAclName = `${prefix}-alb-waf`;
        const visibility = (metricName: string) => ({
            cloudwatchMetricsEnabled: true,
            metricName,
            sampledRequestsEnabled: true,
        });
        // The rate limit comes first, so that a flood from one address is cut off before the
        // managed rules spend time on it.
        const rateLimitRule = {
            name: "rate-limit-per-ip",
            priority: 0,
            action: { block: {} },
            statement: {
                rateBasedStatement: {
                    limit: WAF_RATE_LIMIT_PER_5_MINUTES,
                    evaluationWindowSec: 300,
                    aggregateKeyType: "IP",
                },
            },
            visibilityConfig: visibility(`${webAclName}-rate-limit-per-ip`),
        };
        const managedRules = WAF_MANAGED_RULE_GROUPS.map((group, i) => ({
            name: group,
            priority: i + 1,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
            visibilityConfig: visibility(`${webAclName}-${group}`),
        }));
        this.webAcl = new aws.wafv2.WebAcl(
            `${name}-waf`,
            {
                name: webAclName,
                description: "Filters internet requests to the patient-intake load balancer.",
                scope: "REGIONAL",
                defaultAction: { allow: {} },
                rules: [rateLimitRule, ...managedRules],
                visibilityConfig: visibility(webAclName),
                // The web ACL inspects every request to the backend, patient data included.
                tags: tags(webAclName, "PHI"),
            },
            { parent: this },
        );

        new aws.wafv2.WebAclAssociation(
            `${name}-waf-association`,
            { resourceArn: this.loadBalancer.arn, webAclArn: this.webAcl.arn },
            { parent: this },
        );

        // WAF delivers to CloudWatch Logs only into log groups whose name starts with
        // "aws-waf-logs-"; CloudWatch Logs itself encrypts them with the logs key.
        const wafLogGroupName = `aws-waf-logs-${prefix}-alb`;
        this.wafLogGroup = new aws.cloudwatch.LogGroup(
            `${name}-waf-logs`,
            {
                name: wafLogGroupName,
                kmsKeyId: args.logsKeyArn,
                retentionInDays: retentionDays,
                tags: tags(wafLogGroupName, "Confidential"),
            },
            { parent: this },
        );

        new aws.wafv2.WebAclLoggingConfiguration(
            `${name}-waf-logging`,
            {
                resourceArn: this.webAcl.arn,
                logDestinationConfigs: [this.wafLogGroup.arn],
                redactedFields: WAF_REDACTED_HEADERS.map((header) => ({
                    singleHeader: { name: header },
                })),
            },
            { parent: this },
        );

        // TLS ends at the load balancer; the hop to the tasks stays inside the VPC, between two
        // security groups that admit only each other on the container port.
        const targetGroupName = `${prefix}-backend`;
        this.targetGroup = new aws.lb.TargetGroup(
            `${name}-tg`,
            {
                name: targetGroupName,
                port: containerPort,
                protocol: "HTTP",
                targetType: "ip",
                vpcId: args.vpcId,
                deregistrationDelay: 30,
                healthCheck: {
                    enabled: true,
                    path: HEALTH_PATH,
                    matcher: "200",
                    protocol: "HTTP",
                },
                tags: tags(targetGroupName, "PHI"),
            },
            { parent: this },
        );

        this.httpsListener = new aws.lb.Listener(
            `${name}-https`,
            {
                loadBalancerArn: this.loadBalancer.arn,
                port: 443,
                protocol: "HTTPS",
                sslPolicy: BACKEND_TLS_POLICY,
                certificateArn: args.certificateArn,
                defaultActions: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
                tags: tags(`${albName}-https`, "PHI"),
            },
            { parent: this },
        );

        this.httpListener = new aws.lb.Listener(
            `${name}-http`,
            {
                loadBalancerArn: this.loadBalancer.arn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [
                    {
                        type: "redirect",
                        redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
                    },
                ],
                tags: tags(`${albName}-http`, "PHI"),
            },
            { parent: this },
        );

        const namespaceName = `${prefix}.internal`;
        const namespace = new aws.servicediscovery.PrivateDnsNamespace(
            `${name}-namespace`,
            {
                name: namespaceName,
                vpc: args.vpcId,
                description: "Private names of the Baymax services.",
                tags: tags(namespaceName, "Internal"),
            },
            { parent: this },
        );

        const discoveryService = new aws.servicediscovery.Service(
            `${name}-discovery`,
            {
                name: "backend",
                dnsConfig: {
                    namespaceId: namespace.id,
                    dnsRecords: [{ type: "A", ttl: 10 }],
                    routingPolicy: "MULTIVALUE",
                },
                // Deprecated but still required: an empty block is dropped and the custom health
                // check never created (hashicorp/terraform-provider-aws#44285).
                healthCheckCustomConfig: { failureThreshold: 1 },
                tags: tags(`backend.${namespaceName}`, "Internal"),
            },
            { parent: this },
        );

        const serviceName = `${prefix}-backend`;
        this.service = new aws.ecs.Service(
            `${name}-service`,
            {
                name: serviceName,
                cluster: this.cluster.arn,
                taskDefinition: this.taskDefinition.arn,
                desiredCount: sizing.minTasks,
                capacityProviderStrategies: [
                    { capacityProvider: sizing.capacityProvider, weight: 1 },
                ],
                platformVersion: "LATEST",
                networkConfiguration: {
                    subnets: args.appSubnetIds,
                    securityGroups: [args.backendSecurityGroupId],
                    assignPublicIp: false,
                },
                loadBalancers: [
                    {
                        targetGroupArn: this.targetGroup.arn,
                        containerName: CONTAINER_NAME,
                        containerPort,
                    },
                ],
                serviceRegistries: { registryArn: discoveryService.arn },
                healthCheckGracePeriodSeconds: 300,
                deploymentMaximumPercent: 200,
                deploymentMinimumHealthyPercent: 100,
                deploymentCircuitBreaker: { enable: true, rollback: true },
                enableExecuteCommand: false,
                enableEcsManagedTags: true,
                propagateTags: "SERVICE",
                tags: tags(serviceName, "PHI"),
            },
            {
                parent: this,
                // After creation the task count belongs to autoscaling, not to this program.
                ignoreChanges: ["desiredCount"],
                dependsOn: [this.httpsListener, capacityProviders],
            },
        );

        // Application Auto Scaling addresses a service by cluster and service name, not ARN.
        const resourceId = pulumi.interpolate`service/${this.cluster.name}/${this.service.name}`;
        this.scalableTarget = new aws.appautoscaling.Target(
            `${name}-scaling-target`,
            {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId,
                minCapacity: sizing.minTasks,
                maxCapacity: sizing.maxTasks,
                tags: tags(`${serviceName}-scaling`, "Internal"),
            },
            { parent: this },
        );
        const scaling = {
            serviceNamespace: this.scalableTarget.serviceNamespace,
            scalableDimension: this.scalableTarget.scalableDimension,
            resourceId: this.scalableTarget.resourceId,
        };

        new aws.appautoscaling.Policy(
            `${name}-scale-cpu`,
            {
                name: `${serviceName}-cpu`,
                policyType: "TargetTrackingScaling",
                ...scaling,
                targetTrackingScalingPolicyConfiguration: {
                    predefinedMetricSpecification: {
                        predefinedMetricType: "ECSServiceAverageCPUUtilization",
                    },
                    targetValue: 70,
                    scaleInCooldown: 300,
                    scaleOutCooldown: 60,
                },
            },
            { parent: this },
        );

        new aws.appautoscaling.Policy(
            `${name}-scale-sessions`,
            {
                name: `${serviceName}-active-intake-sessions`,
                policyType: "TargetTrackingScaling",
                ...scaling,
                targetTrackingScalingPolicyConfiguration: {
                    customizedMetricSpecification: {
                        metricName: "ActiveIntakeSessions",
                        namespace: MEDICAL_METRICS_NAMESPACE,
                        statistic: "Average",
                        dimensions: [{ name: "Environment", value: args.environment }],
                    },
                    targetValue: 50,
                    scaleInCooldown: 300,
                    scaleOutCooldown: 60,
                },
            },
            { parent: this },
        );

        this.albDnsName = this.loadBalancer.dnsName;
        this.albArnSuffix = this.loadBalancer.arnSuffix;
        this.targetGroupArnSuffix = this.targetGroup.arnSuffix;
        this.clusterName = this.cluster.name;
        this.serviceName = this.service.name;

        this.registerOutputs({
            cluster: this.cluster,
            service: this.service,
            taskDefinition: this.taskDefinition,
            repository: this.repository,
            loadBalancer: this.loadBalancer,
            webAcl: this.webAcl,
            wafLogGroup: this.wafLogGroup,
            targetGroup: this.targetGroup,
            httpsListener: this.httpsListener,
            httpListener: this.httpListener,
            accessLogsBucket: this.accessLogsBucket,
            logGroup: this.logGroup,
            scalableTarget: this.scalableTarget,
            albDnsName: this.albDnsName,
            albArnSuffix: this.albArnSuffix,
            targetGroupArnSuffix: this.targetGroupArnSuffix,
            clusterName: this.clusterName,
            serviceName: this.serviceName,
            executionRole: this.executionRole,
            taskRole: this.taskRole,
        });
    }
}
