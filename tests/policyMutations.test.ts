// Mutation suite: each case weakens ONE setting of one resource of the REAL prod plan (or removes
// one resource, for the stack rules) and expects the policy that owns the setting to report it on
// that resource, and no other policy to be blamed beyond those the case names. A handful run
// through `policy:check` exactly as a user would: plan file on disk, exit code 1.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyReport, RunningPolicyPack } from "../offline/analyzer";
import { PreviewDigest, ResourceState } from "../offline/previewFormat";
import { Finding, findings } from "./fixtures/policyPlans";
import { planWithoutStates, realPlan, statesOf, weakenedPlan } from "./fixtures/prodPlan";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

const ROOT = path.resolve(__dirname, "..");

/** Marks a case that removes the resource instead of editing it. */
const REMOVE = "remove" as const;

/** An edit of the resource's state rather than its inputs (resource options, dependencies). */
interface StateEdit {
    readonly state: (state: ResourceState) => void;
}

type Area =
    | "encryption"
    | "regions"
    | "tags"
    | "network"
    | "transit"
    | "data"
    | "logging"
    | "backup"
    | "s3"
    | "secrets"
    | "containers"
    | "iam";

interface Mutation {
    readonly area: Area;
    /** What the case weakens, in words. */
    readonly what: string;
    /** Type token and Pulumi name of the resource edited (or removed). */
    readonly type: string;
    readonly name: string;
    /** The one setting changed, or REMOVE to drop the resource from the plan. */
    readonly edit: ((inputs: Record<string, any>) => void) | StateEdit | typeof REMOVE;
    /** The policy that owns the setting. */
    readonly policy: string;
    /** Its level; defaults to mandatory. */
    readonly level?: "mandatory" | "advisory";
    /** The resource the finding names, when not the one edited (a removed resource's peer). */
    readonly at?: string;
    /** Other policies this one change legitimately trips, with why in the case's `what`. */
    readonly alsoBlames?: readonly string[];
    /**
     * Apply the edit to the outputs as well: a provider's outputs echo its inputs, and stack
     * policies read outputs overlaid with inputs, so an input-only edit would not remove a value.
     */
    readonly outputsToo?: true;
    /** Also run through `policy:check` on a plan file, as a user would. */
    readonly cli?: true;
}

const T = {
    provider: "pulumi:providers:aws",
    kmsKey: "aws:kms/key:Key",
    rdsCluster: "aws:rds/cluster:Cluster",
    dynamoTable: "aws:dynamodb/table:Table",
    bucket: "aws:s3/bucket:Bucket",
    bucketEncryption:
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    secret: "aws:secretsmanager/secret:Secret",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    topic: "aws:sns/topic:Topic",
    ecrRepository: "awsx:ecr:Repository",
    backupVault: "aws:backup/vault:Vault",
    backupPlan: "aws:backup/plan:Plan",
    vpc: "aws:ec2/vpc:Vpc",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    flowLog: "aws:ec2/flowLog:FlowLog",
    rdsInstance: "aws:rds/clusterInstance:ClusterInstance",
    subnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    rdsProxy: "aws:rds/proxy:Proxy",
    proxyTarget: "aws:rds/proxyTarget:ProxyTarget",
    clusterParameterGroup: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    ecsService: "aws:ecs/service:Service",
    ecsCluster: "aws:ecs/cluster:Cluster",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    scalingTarget: "aws:appautoscaling/target:Target",
    wafAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    wafLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    listener: "aws:lb/listener:Listener",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    backupSelection: "aws:backup/selection:Selection",
    backupVaultPolicy: "aws:backup/vaultPolicy:VaultPolicy",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    bucketLogging: "aws:s3/bucketLogging:BucketLogging",
    bucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
    bucketReplication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    bucketLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
} as const;

const TARGET_GROUP_ARN =
    "arn:aws:elasticloadbalancing:ap-south-1:111122223333:targetgroup/baymax-prod-backend/" +
    "c61a0d9b1840f87b";
const PHI_KEY_MUMBAI =
    "arn:aws:kms:ap-south-1:111122223333:key/f09621ad-8c6d-4bbf-a5e8-ea6e82db5d7e";

type Inputs = Record<string, any>;

/** The ids and URNs of the real prod plan's subnets whose Pulumi name starts with `prefix`. */
function subnets(prefix: string): { ids: string[]; urns: string[] } {
    const found = statesOf(realPlan("prod"), T.subnet).filter((s) =>
        s.urn.split("::").pop()!.startsWith(prefix),
    );
    assert.ok(found.length > 0, `the prod plan has no subnet named ${prefix}*`);
    return { ids: found.map((s) => String(s.id ?? s.outputs?.id)), urns: found.map((s) => s.urn) };
}

/** An edit of the JSON policy document held as a string in `key`. */
function policyDocument(key: string, edit: (document: { Statement: any[] }) => void) {
    return (inputs: Inputs) => {
        const document = JSON.parse(inputs[key]);
        edit(document);
        inputs[key] = JSON.stringify(document);
    };
}

/** An edit of the first container of a task definition's containerDefinitions JSON string. */
function container(edit: (definition: Record<string, any>) => void) {
    return (inputs: Inputs) => {
        const definitions = JSON.parse(inputs.containerDefinitions);
        edit(definitions[0]);
        inputs.containerDefinitions = JSON.stringify(definitions);
    };
}

const MUTATIONS: readonly Mutation[] = [
    // ---- encryption at rest
    {
        area: "encryption",
        what: "Aurora storage encryption off",
        type: T.rdsCluster,
        name: "database-cluster",
        edit: (i) => (i.storageEncrypted = false),
        policy: "rds-cluster-storage-encrypted-cmk",
        cli: true,
    },
    {
        area: "encryption",
        what: "sessions table on the AWS-managed DynamoDB key",
        type: T.dynamoTable,
        name: "conversations-sessions",
        edit: (i) => delete i.serverSideEncryption.kmsKeyArn,
        policy: "dynamodb-table-encrypted-cmk",
    },
    {
        area: "encryption",
        what: "Hyderabad replica bucket on SSE-S3",
        type: T.bucketEncryption,
        name: "dr-attachments-dr-encryption",
        edit: (i) => {
            i.rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "AES256" };
        },
        policy: "s3-bucket-encrypted-kms",
    },
    {
        area: "encryption",
        what: "Performance Insights of the second instance under the AWS-managed key",
        type: T.rdsInstance,
        name: "database-instance-2",
        edit: (i) => delete i.performanceInsightsKmsKeyId,
        policy: "rds-instance-performance-insights-cmk",
    },
    {
        area: "encryption",
        what: "PHI bucket without its encryption configuration",
        type: T.bucketEncryption,
        name: "dr-attachments-encryption",
        edit: REMOVE,
        policy: "s3-bucket-encryption-configured",
        at: "dr-attachments",
    },
    {
        area: "encryption",
        what: "OpenAI key secret on alias/aws/secretsmanager",
        type: T.secret,
        name: "secrets-openai-api-key",
        edit: (i) => (i.kmsKeyId = "alias/aws/secretsmanager"),
        policy: "secretsmanager-secret-encrypted-cmk",
    },
    {
        area: "encryption",
        what: "database log group without a key",
        type: T.logGroup,
        name: "database-logs",
        edit: (i) => delete i.kmsKeyId,
        policy: "cloudwatch-log-group-encrypted-cmk",
    },
    {
        area: "encryption",
        what: "medical alert topic unencrypted",
        type: T.topic,
        name: "alarms-medical-alerts",
        edit: (i) => delete i.kmsMasterKeyId,
        policy: "sns-topic-encrypted-cmk",
    },
    {
        area: "encryption",
        what: "backend images encrypted with AES256",
        type: T.ecrRepository,
        name: "backend-repository",
        edit: (i) => (i.encryptionConfigurations = [{ encryptionType: "AES256" }]),
        policy: "ecr-repository-encrypted-kms",
    },
    {
        area: "encryption",
        what: "Hyderabad backup vault on the AWS-managed key",
        type: T.backupVault,
        name: "dr-dr-vault",
        edit: (i) => delete i.kmsKeyArn,
        policy: "backup-vault-encrypted-cmk",
    },
    {
        area: "encryption",
        what: "logs key rotation off",
        type: T.kmsKey,
        name: "keys-logs-key",
        edit: (i) => (i.enableKeyRotation = false),
        policy: "kms-key-rotation-enabled",
    },
    // ---- data residency
    {
        area: "regions",
        what:
            "Mumbai provider pointed at us-east-1 (the logs key, now in us-east-1, no longer " +
            "grants that region's CloudWatch Logs)",
        type: T.provider,
        name: "primary",
        edit: (i) => (i.region = "us-east-1"),
        policy: "aws-region-india-only",
        alsoBlames: ["cloudwatch-log-group-key-grants-logs"],
        cli: true,
    },
    {
        area: "regions",
        what: "sessions table overridden to eu-west-1",
        type: T.dynamoTable,
        name: "conversations-sessions",
        edit: (i) => (i.region = "eu-west-1"),
        policy: "aws-region-india-only",
    },
    {
        area: "regions",
        what: "daily PHI backups copied to a vault in Singapore (so no copy reaches Hyderabad)",
        type: T.backupPlan,
        name: "dr-backup-plan",
        edit: (i) => {
            i.rules[0].copyActions[0].destinationVaultArn =
                "arn:aws:backup:ap-southeast-1:111122223333:backup-vault:baymax-prod-phi-dr";
        },
        policy: "aws-region-india-only",
        alsoBlames: ["backup-plan-covers-phi-stores"],
    },
    {
        area: "regions",
        what: "Hyderabad provider without a region",
        type: T.provider,
        name: "dr",
        edit: (i) => delete i.region,
        outputsToo: true,
        policy: "aws-provider-region-explicit",
    },
    // ---- compliance tags
    {
        area: "tags",
        what: "Aurora cluster without its DataClass tag",
        type: T.rdsCluster,
        name: "database-cluster",
        edit: (i) => delete i.tags.DataClass,
        policy: "aws-resource-hipaa-tags",
    },
    {
        area: "tags",
        what: "ALB tagged Compliance none",
        type: T.loadBalancer,
        name: "backend-alb",
        edit: (i) => (i.tags.Compliance = "none"),
        policy: "aws-resource-hipaa-tags",
    },
    {
        area: "tags",
        what: "VPC tagged with an unknown DataClass",
        type: T.vpc,
        name: "network-vpc",
        edit: (i) => (i.tags.DataClass = "Public"),
        policy: "aws-resource-hipaa-tags",
    },
    // ---- network isolation
    {
        area: "network",
        what: "database security group open to the internet on 5432",
        type: T.ingressRule,
        name: "network-database-from-proxy",
        edit: (i) => {
            delete i.referencedSecurityGroupId;
            i.cidrIpv4 = "0.0.0.0/0";
        },
        policy: "ec2-security-group-no-public-ingress",
        alsoBlames: ["rds-security-group-ingress-from-groups-only"],
    },
    {
        area: "network",
        what: "database proxy may send to the internet",
        type: T.egressRule,
        name: "network-proxy-to-database",
        edit: (i) => {
            delete i.referencedSecurityGroupId;
            i.cidrIpv4 = "0.0.0.0/0";
        },
        policy: "rds-security-group-egress-restricted",
    },
    {
        area: "network",
        what: "database subnet hands out public IPs",
        type: T.subnet,
        name: "network-db-ap-south-1a",
        edit: (i) => (i.mapPublicIpOnLaunch = true),
        policy: "ec2-subnet-no-public-ip-on-launch",
    },
    {
        area: "network",
        what: "database route table with a default route to the internet gateway",
        type: T.routeTable,
        name: "network-db-rt",
        edit: (i) => (i.routes = [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-75e90ffe891dbbec8" }]),
        policy: "ec2-route-table-no-igw-default-route",
        alsoBlames: ["rds-subnets-isolated"],
    },
    {
        area: "network",
        what: "default security group admits the VPC",
        type: T.defaultSecurityGroup,
        name: "network-default-sg",
        edit: (i) => {
            i.ingress = [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/16"] }];
        },
        policy: "ec2-vpc-default-security-group-closed",
    },
    {
        area: "network",
        what: "flow log records rejected traffic only",
        type: T.flowLog,
        name: "network-flow-log",
        edit: (i) => (i.trafficType = "REJECT"),
        policy: "ec2-vpc-flow-logs-all-traffic",
        at: "network-vpc",
    },
    {
        area: "network",
        what: "Aurora instance publicly accessible",
        type: T.rdsInstance,
        name: "database-instance-1",
        edit: (i) => (i.publiclyAccessible = true),
        policy: "rds-instance-not-publicly-accessible",
    },
    {
        area: "network",
        what: "backend tasks get public IPs",
        type: T.ecsService,
        name: "backend-service",
        edit: (i) => (i.networkConfiguration.assignPublicIp = true),
        policy: "ecs-service-no-public-ip",
    },
    {
        area: "network",
        what: "ALB without its WAF web ACL",
        type: T.wafAssociation,
        name: "backend-waf-association",
        edit: REMOVE,
        policy: "elb-load-balancer-waf-associated",
        at: "backend-alb",
    },
    {
        area: "network",
        what: "WAF web ACL without logging",
        type: T.wafLogging,
        name: "backend-waf-logging",
        edit: REMOVE,
        policy: "wafv2-web-acl-logging-enabled",
        at: "backend-waf",
    },
    {
        area: "network",
        what: "backend tasks placed in the public subnets",
        type: T.ecsService,
        name: "backend-service",
        edit: {
            state: (s) => {
                const to = subnets("network-public-");
                s.inputs.networkConfiguration = { ...(s.inputs.networkConfiguration as Inputs) };
                (s.inputs.networkConfiguration as Inputs).subnets = to.ids;
                const deps = s.propertyDependencies!;
                deps.networkConfiguration = [
                    ...deps.networkConfiguration.filter((urn) => !urn.includes(":Subnet::")),
                    ...to.urns,
                ];
            },
        },
        policy: "ecs-service-private-subnets",
    },
    {
        area: "network",
        what: "database subnet group on the public subnets",
        type: T.subnetGroup,
        name: "database-subnets",
        edit: {
            state: (s) => {
                const to = subnets("network-public-");
                s.inputs.subnetIds = to.ids;
                s.propertyDependencies!.subnetIds = to.urns;
            },
        },
        policy: "rds-subnets-isolated",
    },
    {
        area: "network",
        what: "database admits the proxy's group on SSH instead of 5432",
        type: T.ingressRule,
        name: "network-database-from-proxy",
        edit: (i) => {
            i.fromPort = 22;
            i.toPort = 22;
        },
        policy: "rds-security-group-ingress-from-groups-only",
    },
    {
        area: "network",
        what: "database security group also given an inline rule",
        type: T.securityGroup,
        name: "network-database-sg",
        edit: (i) => {
            i.ingress = [
                {
                    description: "Database port from the database proxy",
                    protocol: "tcp",
                    fromPort: 5432,
                    toPort: 5432,
                    securityGroups: ["sg-121679a770fc29fd4"],
                },
            ];
        },
        policy: "ec2-security-group-rules-not-mixed",
    },
    {
        area: "network",
        what: "internet gateway attached to a VPC outside the stack",
        type: T.internetGateway,
        name: "network-igw",
        edit: {
            state: (s) => {
                s.inputs.vpcId = "vpc-0f0e0d0c0b0a09080";
                s.propertyDependencies!.vpcId = [];
            },
        },
        policy: "ec2-internet-gateway-stack-vpc-only",
    },
    {
        area: "network",
        what: "HTTPS ingress rule without a description",
        type: T.ingressRule,
        name: "network-alb-https-in",
        edit: (i) => delete i.description,
        policy: "ec2-security-group-described",
        level: "advisory",
    },
    {
        area: "network",
        what: "no KMS endpoint in the VPC",
        type: T.vpcEndpoint,
        name: "network-kms-endpoint",
        edit: REMOVE,
        policy: "ec2-vpc-endpoints-present",
        level: "advisory",
        at: "network-vpc",
    },
    // ---- encryption in transit
    {
        area: "transit",
        what: "HTTP listener forwards to the backend instead of redirecting",
        type: T.listener,
        name: "backend-http",
        edit: (i) => {
            i.defaultActions = [{ type: "forward", targetGroupArn: TARGET_GROUP_ARN }];
        },
        policy: "elb-listener-http-redirects-to-https",
        cli: true,
    },
    {
        area: "transit",
        what: "HTTPS listener on a policy that accepts TLS 1.0",
        type: T.listener,
        name: "backend-https",
        edit: (i) => (i.sslPolicy = "ELBSecurityPolicy-2016-08"),
        policy: "elb-listener-tls-policy-allowed",
    },
    {
        area: "transit",
        what: "HTTPS listener on an IAM server certificate",
        type: T.listener,
        name: "backend-https",
        edit: (i) => (i.certificateArn = "arn:aws:iam::111122223333:server-certificate/baymax"),
        policy: "elb-listener-acm-certificate",
    },
    {
        area: "transit",
        what: "ALB passes invalid header fields",
        type: T.loadBalancer,
        name: "backend-alb",
        edit: (i) => (i.dropInvalidHeaderFields = false),
        policy: "elb-load-balancer-drops-invalid-headers",
    },
    {
        area: "transit",
        what: "RDS Proxy accepts clients without TLS",
        type: T.rdsProxy,
        name: "database-proxy",
        edit: (i) => (i.requireTls = false),
        policy: "rds-proxy-tls-required",
    },
    {
        area: "transit",
        what: "Aurora parameter group with rds.force_ssl 0",
        type: T.clusterParameterGroup,
        name: "database-params",
        edit: (i) => (i.parameters[0] = { name: "rds.force_ssl", value: "0" }),
        policy: "rds-cluster-force-ssl",
    },
    // ---- databases and keys
    {
        area: "data",
        what: "master password no longer managed by RDS",
        type: T.rdsCluster,
        name: "database-cluster",
        edit: (i) => (i.manageMasterUserPassword = false),
        policy: "rds-cluster-master-password-managed",
    },
    {
        area: "data",
        what: "IAM database authentication off",
        type: T.rdsCluster,
        name: "database-cluster",
        edit: (i) => (i.iamDatabaseAuthenticationEnabled = false),
        policy: "rds-cluster-iam-authentication",
        level: "advisory",
    },
    {
        area: "data",
        what: "second Aurora instance skips minor versions",
        type: T.rdsInstance,
        name: "database-instance-2",
        edit: (i) => (i.autoMinorVersionUpgrade = false),
        policy: "rds-instance-auto-minor-version-upgrade",
        level: "advisory",
    },
    {
        area: "data",
        what: "proxy target no longer waits for the second instance",
        type: T.proxyTarget,
        name: "database-proxy-target",
        edit: {
            state: (s) => {
                const second = (urn: string) => urn.endsWith("::database-instance-2");
                s.dependencies = s.dependencies!.filter((urn) => !second(urn));
            },
        },
        policy: "rds-proxy-target-after-instances",
        level: "advisory",
    },
    {
        area: "data",
        what: "conversations table on provisioned capacity without auto scaling",
        type: T.dynamoTable,
        name: "conversations-conversations",
        edit: (i) => (i.billingMode = "PROVISIONED"),
        policy: "dynamodb-table-autoscaling",
        level: "advisory",
    },
    {
        area: "data",
        what: "PHI key with a 7-day deletion window",
        type: T.kmsKey,
        name: "keys-phi-key",
        edit: (i) => (i.deletionWindowInDays = 7),
        policy: "kms-key-deletion-safeguards",
    },
    {
        area: "data",
        what: "PHI key usable by any AWS account (account condition dropped)",
        type: T.kmsKey,
        name: "keys-phi-key",
        edit: policyDocument("policy", (d) => delete d.Statement[1].Condition),
        policy: "kms-key-policy-no-public-principal",
    },
    {
        area: "data",
        what: "secrets key no longer protected from deletion",
        type: T.kmsKey,
        name: "keys-secrets-key",
        edit: { state: (s) => (s.protect = false) },
        policy: "kms-key-protected",
    },
    // ---- audit logging and monitoring
    {
        area: "logging",
        what: "ALB access logs off",
        type: T.loadBalancer,
        name: "backend-alb",
        edit: (i) => (i.accessLogs.enabled = false),
        policy: "elb-load-balancer-access-logging",
        cli: true,
    },
    {
        area: "logging",
        what: "backend logs kept 30 days",
        type: T.logGroup,
        name: "backend-logs",
        edit: (i) => (i.retentionInDays = 30),
        policy: "cloudwatch-log-group-retention",
    },
    {
        area: "logging",
        what: "Aurora exports no PostgreSQL log",
        type: T.rdsCluster,
        name: "database-cluster",
        edit: (i) => (i.enabledCloudwatchLogsExports = []),
        policy: "rds-cluster-log-exports",
    },
    {
        area: "logging",
        what: "Aurora stops logging connections",
        type: T.clusterParameterGroup,
        name: "database-params",
        edit: (i) => (i.parameters[1] = { name: "log_connections", value: "0" }),
        policy: "rds-cluster-connection-logging",
        at: "database-cluster",
    },
    {
        area: "logging",
        what: "Aurora instance without Enhanced Monitoring",
        type: T.rdsInstance,
        name: "database-instance-1",
        edit: (i) => (i.monitoringInterval = 0),
        policy: "rds-instance-enhanced-monitoring",
        level: "advisory",
    },
    {
        area: "logging",
        what: "connections alarm notifies no one",
        type: T.metricAlarm,
        name: "alarms-aurora-connections",
        edit: (i) => delete i.alarmActions,
        policy: "cloudwatch-alarm-actions",
        level: "advisory",
    },
    {
        area: "logging",
        what: "logs key no longer lets CloudWatch Logs use it",
        type: T.kmsKey,
        name: "keys-logs-key",
        edit: policyDocument("policy", (d) => d.Statement.splice(1, 1)),
        policy: "cloudwatch-log-group-key-grants-logs",
    },
    {
        area: "logging",
        what: "ECS Exec on for the backend, on a cluster without exec-session encryption",
        type: T.ecsService,
        name: "backend-service",
        edit: (i) => (i.enableExecuteCommand = true),
        policy: "ecs-cluster-exec-session-encrypted",
    },
    {
        area: "logging",
        what: "alarms key no longer lets CloudWatch alarms publish",
        type: T.kmsKey,
        name: "keys-alarms-key",
        edit: policyDocument("policy", (d) => d.Statement.splice(1, 1)),
        policy: "sns-alarm-topic-key-grants-cloudwatch",
        level: "advisory",
    },
    // ---- backup, disaster recovery and availability
    {
        area: "backup",
        what: "conversations table without point-in-time recovery",
        type: T.dynamoTable,
        name: "conversations-conversations",
        edit: (i) => (i.pointInTimeRecovery.enabled = false),
        policy: "dynamodb-table-pitr-enabled",
    },
    {
        area: "backup",
        what: "sessions table without deletion protection",
        type: T.dynamoTable,
        name: "conversations-sessions",
        edit: (i) => (i.deletionProtectionEnabled = false),
        policy: "dynamodb-table-deletion-protection",
    },
    {
        area: "backup",
        what: "Aurora keeps one day of automated backups",
        type: T.rdsCluster,
        name: "database-cluster",
        edit: (i) => (i.backupRetentionPeriod = 1),
        policy: "rds-cluster-backup-retention",
    },
    {
        area: "backup",
        what: "Aurora deletion protection off",
        type: T.rdsCluster,
        name: "database-cluster",
        edit: (i) => (i.deletionProtection = false),
        policy: "rds-cluster-deletion-protection",
        cli: true,
    },
    {
        area: "backup",
        what: "Aurora skips its final snapshot",
        type: T.rdsCluster,
        name: "database-cluster",
        edit: (i) => (i.skipFinalSnapshot = true),
        policy: "rds-cluster-final-snapshot",
    },
    {
        area: "backup",
        what: "Aurora down to one instance",
        type: T.rdsInstance,
        name: "database-instance-2",
        edit: REMOVE,
        policy: "rds-cluster-multi-az",
        at: "database-cluster",
    },
    {
        area: "backup",
        what: "sessions table left out of the backup selection",
        type: T.backupSelection,
        name: "dr-backup-selection",
        // The ARN and the dependency it brings go together, as in a real preview.
        edit: {
            state: (s) => {
                const keep = (v: string) => !v.endsWith("-sessions");
                s.inputs.resources = (s.inputs.resources as string[]).filter(keep);
                s.propertyDependencies!.resources = s.propertyDependencies!.resources.filter(keep);
                s.dependencies = s.dependencies!.filter(keep);
            },
        },
        policy: "backup-plan-covers-phi-stores",
        at: "conversations-sessions",
    },
    {
        area: "backup",
        what: "PHI backups weekly",
        type: T.backupPlan,
        name: "dr-backup-plan",
        edit: (i) => (i.rules[0].schedule = "cron(0 2 ? * SUN *)"),
        policy: "backup-plan-daily-schedule",
    },
    {
        area: "backup",
        what: "PHI recovery points kept 7 days",
        type: T.backupPlan,
        name: "dr-backup-plan",
        edit: (i) => (i.rules[0].lifecycle.deleteAfter = 7),
        policy: "backup-plan-minimum-retention",
    },
    {
        area: "backup",
        what: "Hyderabad vault without its deletion-denying access policy",
        type: T.backupVaultPolicy,
        name: "dr-dr-vault-policy",
        edit: REMOVE,
        policy: "backup-vault-deletion-denied",
        at: "dr-dr-vault",
    },
    {
        area: "backup",
        what: "ALB deletion protection off",
        type: T.loadBalancer,
        name: "backend-alb",
        edit: (i) => (i.enableDeletionProtection = false),
        policy: "elb-deletion-protection-enabled",
    },
    {
        area: "backup",
        what: "backend may scale in to one task",
        type: T.scalingTarget,
        name: "backend-scaling-target",
        edit: (i) => (i.minCapacity = 1),
        policy: "ecs-service-min-tasks",
    },
    // ---- S3 buckets
    {
        area: "s3",
        what: "PHI bucket without its TLS-only bucket policy",
        type: T.bucketPolicy,
        name: "dr-attachments-policy",
        edit: REMOVE,
        policy: "s3-bucket-ssl-requests-only",
        at: "dr-attachments",
    },
    {
        area: "s3",
        what: "PHI bucket without server access logging",
        type: T.bucketLogging,
        name: "dr-attachments-logging",
        edit: REMOVE,
        policy: "s3-bucket-access-logging-enabled",
        at: "dr-attachments",
    },
    {
        area: "s3",
        what: "replica bucket versioning suspended",
        type: T.bucketVersioning,
        name: "dr-attachments-dr-versioning",
        edit: (i) => (i.versioningConfiguration.status = "Suspended"),
        policy: "s3-bucket-versioning-enabled",
        at: "dr-attachments-dr",
    },
    {
        area: "s3",
        what: "PHI bucket no longer replicated to Hyderabad",
        type: T.bucketReplication,
        name: "dr-replication",
        edit: REMOVE,
        policy: "s3-bucket-replication-enabled",
        at: "dr-attachments",
    },
    {
        area: "s3",
        what: "replication skips SSE-KMS objects",
        type: T.bucketReplication,
        name: "dr-replication",
        edit: (i) => delete i.rules[0].sourceSelectionCriteria,
        policy: "s3-replication-kms-objects-replicated",
    },
    {
        area: "s3",
        what: "replicas encrypted with the Mumbai PHI key",
        type: T.bucketReplication,
        name: "dr-replication",
        edit: (i) => {
            i.rules[0].destination.encryptionConfiguration.replicaKmsKeyId = PHI_KEY_MUMBAI;
        },
        policy: "s3-replication-destination-india",
    },
    {
        area: "s3",
        what: "noncurrent PHI versions kept for ever",
        type: T.bucketLifecycle,
        name: "dr-attachments-lifecycle",
        edit: REMOVE,
        policy: "s3-bucket-noncurrent-versions-expire",
        level: "advisory",
        at: "dr-attachments",
    },
    {
        area: "s3",
        what: "PHI bucket stops restricting public buckets",
        type: T.publicAccessBlock,
        name: "dr-attachments-public-access-block",
        edit: (i) => (i.restrictPublicBuckets = false),
        policy: "s3-bucket-public-access-blocked",
        at: "dr-attachments",
        cli: true,
    },
    {
        area: "s3",
        what: "PHI bucket ACLs re-enabled",
        type: T.ownershipControls,
        name: "dr-attachments-ownership",
        edit: (i) => (i.rule.objectOwnership = "ObjectWriter"),
        policy: "s3-bucket-acls-disabled",
        at: "dr-attachments",
    },
    {
        area: "s3",
        what: "PHI bucket policy lets everyone read objects",
        type: T.bucketPolicy,
        name: "dr-attachments-policy",
        edit: policyDocument("policy", (d) =>
            d.Statement.push({
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: "arn:aws:s3:::baymax-prod-medical-attachments/*",
            }),
        ),
        policy: "s3-bucket-no-public-grants",
    },
    // ---- secrets
    {
        area: "secrets",
        what: "PHI field key secret on the AWS-managed key",
        type: T.secret,
        name: "secrets-phi-encryption-key",
        edit: (i) => delete i.kmsKeyId,
        policy: "secretsmanager-secret-encrypted-cmk",
    },
    {
        area: "secrets",
        what: "JWT key replicated to Hyderabad without a key of its own",
        type: T.secret,
        name: "secrets-jwt-signing-key",
        edit: (i) => (i.replicas = [{ region: "ap-south-2" }]),
        policy: "secretsmanager-secret-encrypted-cmk",
    },
    {
        area: "secrets",
        what: "RDS-managed master secret on the AWS-managed key",
        type: T.rdsCluster,
        name: "database-cluster",
        edit: (i) => delete i.masterUserSecretKmsKeyId,
        policy: "rds-cluster-master-password-managed",
    },
    // ---- containers
    {
        area: "containers",
        what: "backend container privileged",
        type: T.taskDefinition,
        name: "backend-task",
        edit: container((c) => (c.privileged = true)),
        policy: "ecs-container-not-privileged",
    },
    {
        area: "containers",
        what: "backend root filesystem writable",
        type: T.taskDefinition,
        name: "backend-task",
        edit: container((c) => (c.readonlyRootFilesystem = false)),
        policy: "ecs-container-readonly-root-filesystem",
    },
    {
        area: "containers",
        what: "backend runs as root",
        type: T.taskDefinition,
        name: "backend-task",
        edit: container((c) => (c.user = "root")),
        policy: "ecs-container-non-root-user",
        cli: true,
    },
    {
        area: "containers",
        what: "OpenAI key passed as a plain environment variable",
        type: T.taskDefinition,
        name: "backend-task",
        edit: container((c) => c.environment.push({ name: "OPENAI_API_KEY", value: "sk-live" })),
        policy: "ecs-container-no-plaintext-secrets",
    },
    {
        area: "containers",
        what: "backend container without a log configuration",
        type: T.taskDefinition,
        name: "backend-task",
        edit: container((c) => delete c.logConfiguration),
        policy: "ecs-task-definition-log-configuration",
    },
    {
        area: "containers",
        what: "task shares the host's process namespace",
        type: T.taskDefinition,
        name: "backend-task",
        edit: (i) => (i.pidMode = "host"),
        policy: "ecs-task-definition-isolated",
    },
    {
        area: "containers",
        what: "service pinned to Fargate platform 1.3.0",
        type: T.ecsService,
        name: "backend-service",
        edit: (i) => (i.platformVersion = "1.3.0"),
        policy: "ecs-service-platform-latest",
        level: "advisory",
    },
    {
        area: "containers",
        what: "Container Insights off",
        type: T.ecsCluster,
        name: "backend-cluster",
        edit: (i) => (i.settings = [{ name: "containerInsights", value: "disabled" }]),
        policy: "ecs-cluster-container-insights",
        level: "advisory",
    },
    {
        area: "containers",
        what: "scaling target names the cluster by ARN",
        type: T.scalingTarget,
        name: "backend-scaling-target",
        edit: (i) => {
            i.resourceId =
                "service/arn:aws:ecs:ap-south-1:111122223333:cluster/baymax-prod-cluster/" +
                "baymax-prod-backend";
        },
        policy: "appautoscaling-target-ecs-names-cluster",
    },
    // ---- IAM
    {
        area: "iam",
        what: "task role may do anything with DynamoDB anywhere",
        type: T.rolePolicy,
        name: "backend-task-access",
        edit: policyDocument("policy", (d) =>
            d.Statement.push({ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }),
        ),
        policy: "iam-policy-no-admin-access",
    },
    {
        area: "iam",
        what: "execution role given AdministratorAccess",
        type: T.rolePolicyAttachment,
        name: "backend-execution-managed",
        edit: (i) => (i.policyArn = "arn:aws:iam::aws:policy/AdministratorAccess"),
        policy: "iam-no-admin-managed-policies",
    },
    {
        area: "iam",
        what: "task role may decrypt with every key",
        type: T.rolePolicy,
        name: "backend-task-access",
        edit: policyDocument("policy", (d) => (d.Statement[1].Resource = "*")),
        policy: "iam-policy-no-kms-decrypt-all-keys",
    },
    {
        area: "iam",
        what: "task role with an inline policy of its own",
        type: T.role,
        name: "backend-task-role",
        edit: (i) => {
            i.inlinePolicies = [
                {
                    name: "metrics",
                    policy: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            { Effect: "Allow", Action: "cloudwatch:GetMetricData", Resource: "*" },
                        ],
                    }),
                },
            ];
        },
        policy: "iam-no-inline-policies",
        level: "advisory",
    },
];

/**
 * Policies no single-setting weakening of the real prod plan can newly trip, and why: the suite
 * proves every other policy catches a weakening of the setting it owns.
 */
const NOT_MUTABLE: Readonly<Record<string, string>> = {
    "secretsmanager-rotation-complete":
        "the plan has no SecretRotation to weaken (policy/notApplicable.ts says why)",
    "secretsmanager-rotation-interval":
        "the plan has no SecretRotation to weaken (policy/notApplicable.ts says why)",
    "secretsmanager-secret-rotation-enabled":
        "it already reports, as advice, every secret of the plan, which are rotated by hand",
    "elb-target-group-https":
        "it already reports, as advice, the plan's only target group, which is plain HTTP by " +
        "design inside the VPC",
};

function planFor(m: Mutation): PreviewDigest {
    if (m.edit === REMOVE) {
        const selected = (s: ResourceState) => s.type === m.type && s.urn.endsWith(`::${m.name}`);
        const removed = planWithoutStates(selected);
        const before = realPlan("prod").steps!.length;
        assert.strictEqual(removed.steps!.length, before - 1, `${m.name} is in the plan once`);
        return removed;
    }
    if (typeof m.edit !== "function") {
        const plan = weakenedPlan(m.type, m.name, () => undefined);
        statesOf(plan, m.type, m.name).forEach(m.edit.state);
        return plan;
    }
    const edit = m.edit;
    const plan = weakenedPlan(m.type, m.name, edit);
    if (m.outputsToo) statesOf(plan, m.type, m.name).forEach((s) => edit(s.outputs ?? {}));
    return plan;
}

const key = (f: Finding) => JSON.stringify([f.policy, f.level, f.resource, f.message]);

describe("policy mutations of the real prod plan", () => {
    let pack: RunningPolicyPack;
    let baseline: Set<string>;
    before(async () => {
        pack = await sharedPolicyPack();
        const report: PolicyReport = await pack.analyze(realPlan("prod"));
        baseline = new Set(findings(report).map(key));
    });

    it("has at least 40 cases spread over every area", () => {
        assert.ok(MUTATIONS.length >= 40, `${MUTATIONS.length} cases`);
        const areas = new Set(MUTATIONS.map((m) => m.area));
        const all: Area[] = [
            "encryption",
            "regions",
            "tags",
            "network",
            "transit",
            "data",
            "logging",
            "backup",
            "s3",
            "secrets",
            "containers",
            "iam",
        ];
        assert.deepStrictEqual(
            all.filter((a) => !areas.has(a)),
            [],
        );
    });

    it("owns a case for every policy of the pack but those no weakening can trip", async () => {
        const report = await pack.analyze(realPlan("prod"));
        const owners = new Set(MUTATIONS.map((m) => m.policy));
        const uncovered = report.packs[0].policies
            .map((p) => p.name)
            .filter((name) => !owners.has(name))
            .sort();
        assert.deepStrictEqual(uncovered, Object.keys(NOT_MUTABLE).sort());
        const levels = new Map(report.packs[0].policies.map((p) => [p.name, p.enforcementLevel]));
        const mislabelled = MUTATIONS.filter(
            (m) => levels.get(m.policy) !== (m.level ?? "mandatory"),
        );
        assert.deepStrictEqual(
            mislabelled.map((m) => m.what),
            [],
        );
    });

    for (const m of MUTATIONS) {
        it(`${m.area}: ${m.what} → ${m.policy}`, async () => {
            const added = findings(await pack.analyze(planFor(m))).filter(
                (f) => !baseline.has(key(f)),
            );
            const level = m.level ?? "mandatory";
            const at = m.at ?? m.name;
            const owned = added.filter(
                (f) => f.policy === m.policy && f.level === level && f.resource === at,
            );
            assert.ok(
                owned.length > 0,
                `${m.policy} reported no ${level} violation on ${at}; new findings: ` +
                    JSON.stringify(added, null, 2),
            );
            const blamed = [...new Set(added.map((f) => f.policy))].sort();
            assert.deepStrictEqual(blamed, [m.policy, ...(m.alsoBlames ?? [])].sort());
        });
    }

    describe("through `policy:check`, as a user runs it", () => {
        let dir: string;
        before(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "baymax-mutation-"));
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        MUTATIONS.filter((m) => m.cli).forEach((m, i) => {
            it(`exits 1 naming ${m.policy} for: ${m.what}`, () => {
                const file = path.join(dir, `weakened-${i}.json`);
                fs.writeFileSync(file, JSON.stringify(planFor(m), null, 2));
                const run = spawnSync(
                    path.join(ROOT, "node_modules", ".bin", "ts-node"),
                    ["--transpile-only", "offline/cli/policyCheck.ts", file],
                    { cwd: ROOT, encoding: "utf8", timeout: 240_000 },
                );
                const output = `${run.stdout}${run.stderr}`;
                assert.strictEqual(run.status, 1, output);
                assert.ok(output.includes(m.policy), output);
                assert.ok(output.includes(m.at ?? m.name), output);
            });
        });
    });
});
