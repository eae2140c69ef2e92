// The patient-record database: Aurora PostgreSQL Serverless v2, reachable only through an RDS
// Proxy that requires TLS. Storage, Performance Insights and the master secret are encrypted with
// customer-managed keys; the password is generated and rotated by RDS in Secrets Manager and never
// passes through this program; connections are logged to an encrypted, retained log group.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { complianceTags, DataClass } from "./tags";

/** Aurora PostgreSQL listens here; the proxy forwards to the same port. */
export const POSTGRES_PORT = 5432;

/** Serverless v2 capacity bounds, in Aurora capacity units (ACU), stepped by half a unit. */
export const MIN_ACU = 0.5;
export const MAX_ACU = 256;

const ENGINE = aws.rds.EngineType.AuroraPostgresql;
const MASTER_USERNAME = "baymax_admin";
const ENHANCED_MONITORING_POLICY_ARN =
    "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";

export interface PhiDatabaseArgs {
    /** Stack environment, such as "dev" or "prod", for tags. Required. */
    readonly environment: string;
    /** Prefix of physical names, such as "baymax-prod" (cluster `${namePrefix}-phi`). Required. */
    readonly namePrefix: string;
    /** Aurora PostgreSQL version as major.minor, such as "16.6". Required. */
    readonly engineVersion: string;
    /** Lowest Serverless v2 capacity in ACU, 0.5 to 256 in steps of 0.5. Default: 0.5. */
    readonly minCapacity?: number;
    /** Highest Serverless v2 capacity in ACU, 0.5 to 256 in steps of 0.5. Required. */
    readonly maxCapacity: number;
    /** Number of instances (one writer, the rest readers); at most one per zone. Required. */
    readonly instanceCount: number;
    /** Distinct zones; instance i is placed in zone i. Required. */
    readonly availabilityZones: string[];
    /** Private database subnets, in at least two zones, for the cluster and the proxy. Required. */
    readonly dbSubnetIds: pulumi.Input<string>[];
    /** Security group of the cluster instances; should admit only the proxy. Required. */
    readonly databaseSecurityGroupId: pulumi.Input<string>;
    /** Security group of the proxy; should admit only the backend. Required. */
    readonly proxySecurityGroupId: pulumi.Input<string>;
    /** KMS key for storage, snapshots and Performance Insights. Required. */
    readonly phiKeyArn: pulumi.Input<string>;
    /** KMS key of the RDS-managed master user secret. Required. */
    readonly secretsKeyArn: pulumi.Input<string>;
    /** KMS key of the exported PostgreSQL log group. Required. */
    readonly logsKeyArn: pulumi.Input<string>;
    /** Days the exported PostgreSQL log is kept. Default: 2192 (six years). */
    readonly logRetentionDays?: pulumi.Input<number>;
    /** Refuses deletion in AWS and protects the cluster in Pulumi. Required, no default. */
    readonly deletionProtection: boolean;
    /** Days of automated backups (point-in-time restore window). Default: 35. */
    readonly backupRetentionDays?: pulumi.Input<number>;
    /** Name of the database created in the cluster. Default: "intake". */
    readonly databaseName?: string;
}

/** The cluster parameter group family for an engine version: "16.6" gives "aurora-postgresql16". */
export function auroraPostgresFamily(engineVersion: string): string {
    return `${ENGINE}${engineVersion.split(".")[0]}`;
}

function isCapacity(v: number): boolean {
    return Number.isFinite(v) && v >= MIN_ACU && v <= MAX_ACU && Number.isInteger(v * 2);
}

/**
 * Checks the arguments that cannot be fixed once the cluster exists, before anything registers.
 * Throws an InputPropertyError naming the argument, its value and the fix.
 */
export function validatePhiDatabaseArgs(name: string, args: PhiDatabaseArgs): void {
    const where = `of PhiDatabase "${name}"`;
    const fail = (propertyPath: string, reason: string): never => {
        throw new pulumi.InputPropertyError({ propertyPath, reason });
    };

    if (!/^\d+\.\d+$/.test(args.engineVersion)) {
        fail(
            "engineVersion",
            `engineVersion ${where} is "${args.engineVersion}"; ` +
                'give an Aurora PostgreSQL version as major.minor, such as "16.6".',
        );
    }
    const minCapacity = args.minCapacity ?? MIN_ACU;
    for (const [key, value] of [
        ["minCapacity", minCapacity],
        ["maxCapacity", args.maxCapacity],
    ] as const) {
        if (!isCapacity(value)) {
            fail(
                key,
                `${key} ${where} is ${value} ACU; ` +
                    `use a capacity from ${MIN_ACU} to ${MAX_ACU} ACU in steps of 0.5.`,
            );
        }
    }
    if (minCapacity > args.maxCapacity) {
        fail(
            "minCapacity",
            `minCapacity ${where} is ${minCapacity} ACU, above maxCapacity ` +
                `(${args.maxCapacity} ACU); set minCapacity at or below maxCapacity.`,
        );
    }
    if (!Number.isInteger(args.instanceCount) || args.instanceCount < 1) {
        fail(
            "instanceCount",
            `instanceCount ${where} is ${args.instanceCount}; use a whole number of at least 1.`,
        );
    }
    const zones = args.availabilityZones;
    if (new Set(zones).size !== zones.length) {
        fail(
            "availabilityZones",
            `availabilityZones ${where} lists a zone twice (${JSON.stringify(zones)}); ` +
                "list distinct zones, so that each instance lands in a zone of its own.",
        );
    }
    if (args.instanceCount > zones.length) {
        fail(
            "instanceCount",
            `instanceCount ${where} is ${args.instanceCount}, but availabilityZones lists ` +
                `${zones.length} zone(s) (${JSON.stringify(zones)}); lower instanceCount or ` +
                "add zones, one distinct zone per instance.",
        );
    }
    if (args.dbSubnetIds.length < 2) {
        fail(
            "dbSubnetIds",
            `dbSubnetIds ${where} has ${args.dbSubnetIds.length} subnet(s); give subnets in at ` +
                "least two zones, as an RDS subnet group requires.",
        );
    }
}

/**
 * An Aurora PostgreSQL Serverless v2 cluster for patient data behind an RDS Proxy.
 *
 * Guarantees: storage and Performance Insights encrypted with the PHI key; TLS forced by the
 * cluster parameter group and by the proxy; IAM database authentication enabled; the master
 * password managed and rotated by RDS in Secrets Manager under the secrets key; instances private,
 * one per zone; 35 days of backups by default and a deterministic final snapshot; PostgreSQL log
 * (including connections and disconnections) exported to a KMS-encrypted, retained log group.
 */
export class PhiDatabase extends pulumi.ComponentResource {
    public readonly cluster: aws.rds.Cluster;
    public readonly instances: aws.rds.ClusterInstance[];
    public readonly proxy: aws.rds.Proxy;
    /** The endpoint clients connect to; the cluster endpoints are not meant for the backend. */
    public readonly proxyEndpoint: pulumi.Output<string>;
    public readonly clusterIdentifier: pulumi.Output<string>;
    public readonly clusterArn: pulumi.Output<string>;
    /** ARN of the Secrets Manager secret RDS keeps the master credentials in. */
    public readonly masterUserSecretArn: pulumi.Output<string>;
    public readonly databaseName: pulumi.Output<string>;
    public readonly port: number;

    constructor(name: string, args: PhiDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        validatePhiDatabaseArgs(name, args);
        super("baymax:data:PhiDatabase", name, {}, opts);

        const tagsFor = (physicalName: string, dataClass: DataClass = "PHI") =>
            complianceTags(
                { environment: args.environment, service: "database" },
                physicalName,
                dataClass,
            );
        const clusterIdentifier = `${args.namePrefix}-phi`;
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const secretsManagerEndpoint = pulumi.interpolate`secretsmanager.${region}.amazonaws.com`;

        const subnetGroupName = `${args.namePrefix}-phi`;
        const subnetGroup = new aws.rds.SubnetGroup(
            `${name}-subnets`,
            {
                name: subnetGroupName,
                description: "Private database subnets of the PHI cluster and its proxy",
                subnetIds: args.dbSubnetIds,
                tags: tagsFor(subnetGroupName),
            },
            { parent: this },
        );

        // The family is part of the name: a major upgrade needs a new group, and a distinct name
        // lets Pulumi create it before the old one is deleted.
        const family = auroraPostgresFamily(args.engineVersion);
        const parameterGroupName = `${args.namePrefix}-phi-${family}`;
        const parameterGroup = new aws.rds.ClusterParameterGroup(
            `${name}-params`,
            {
                name: parameterGroupName,
                family,
                description: "PHI cluster: TLS only, connections and disconnections logged",
                parameters: [
                    { name: "rds.force_ssl", value: "1" },
                    { name: "log_connections", value: "1" },
                    { name: "log_disconnections", value: "1" },
                ],
                tags: tagsFor(parameterGroupName),
            },
            { parent: this },
        );

        // RDS would create this group itself on first export, unencrypted and kept forever; making
        // it first, under the name RDS writes to, gives the audit log our key and retention.
        const logGroupName = `/aws/rds/cluster/${clusterIdentifier}/postgresql`;
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: logGroupName,
                kmsKeyId: args.logsKeyArn,
                retentionInDays: args.logRetentionDays ?? 2192,
                tags: tagsFor(logGroupName),
            },
            { parent: this },
        );

        const monitoringRoleName = `${args.namePrefix}-rds-monitoring`;
        const monitoringRole = new aws.iam.Role(
            `${name}-monitoring-role`,
            {
                name: monitoringRoleName,
                description: "Lets RDS publish enhanced monitoring metrics of the PHI cluster",
                assumeRolePolicy: serviceTrust("monitoring.rds.amazonaws.com"),
                tags: tagsFor(monitoringRoleName, "Internal"),
            },
            { parent: this },
        );
        const monitoringPolicy = new aws.iam.RolePolicyAttachment(
            `${name}-monitoring-policy`,
            { role: monitoringRole.name, policyArn: ENHANCED_MONITORING_POLICY_ARN },
            { parent: this },
        );

        const databaseName = args.databaseName ?? "intake";
        this.cluster = new aws.rds.Cluster(
            `${name}-cluster`,
            {
                clusterIdentifier,
                engine: ENGINE,
                engineMode: aws.rds.EngineMode.Provisioned,
                engineVersion: args.engineVersion,
                databaseName,
                port: POSTGRES_PORT,
                masterUsername: MASTER_USERNAME,
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: args.secretsKeyArn,
                serverlessv2ScalingConfiguration: {
                    minCapacity: args.minCapacity ?? MIN_ACU,
                    maxCapacity: args.maxCapacity,
                },
                storageEncrypted: true,
                kmsKeyId: args.phiKeyArn,
                backupRetentionPeriod: args.backupRetentionDays ?? 35,
                preferredBackupWindow: "03:00-04:00",
                preferredMaintenanceWindow: "sun:04:00-sun:05:00",
                copyTagsToSnapshot: true,
                deletionProtection: args.deletionProtection,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: `${clusterIdentifier}-final`,
                enabledCloudwatchLogsExports: ["postgresql"],
                iamDatabaseAuthenticationEnabled: true,
                dbSubnetGroupName: subnetGroup.name,
                vpcSecurityGroupIds: [args.databaseSecurityGroupId],
                dbClusterParameterGroupName: parameterGroup.name,
                tags: tagsFor(clusterIdentifier),
            },
            { parent: this, dependsOn: [logGroup], protect: args.deletionProtection },
        );

        // An instance created before its monitoring role has the managed policy is refused by RDS.
        this.instances = args.availabilityZones
            .slice(0, args.instanceCount)
            .map((availabilityZone, i) => {
                const identifier = `${clusterIdentifier}-${i + 1}`;
                return new aws.rds.ClusterInstance(
                    `${name}-instance-${i + 1}`,
                    {
                        identifier,
                        clusterIdentifier: this.cluster.id,
                        instanceClass: "db.serverless",
                        engine: ENGINE,
                        engineVersion: this.cluster.engineVersion,
                        availabilityZone,
                        publiclyAccessible: false,
                        dbSubnetGroupName: subnetGroup.name,
                        monitoringInterval: 60,
                        monitoringRoleArn: monitoringRole.arn,
                        performanceInsightsEnabled: true,
                        performanceInsightsKmsKeyId: args.phiKeyArn,
                        autoMinorVersionUpgrade: true,
                        tags: tagsFor(identifier),
                    },
                    { parent: this, dependsOn: [monitoringPolicy] },
                );
            });

        this.masterUserSecretArn = this.cluster.masterUserSecrets[0].secretArn;

        const proxyRoleName = `${args.namePrefix}-rds-proxy`;
        const proxyRole = new aws.iam.Role(
            `${name}-proxy-role`,
            {
                name: proxyRoleName,
                description: "Lets the PHI database proxy read the RDS-managed master secret",
                assumeRolePolicy: serviceTrust("rds.amazonaws.com"),
                tags: tagsFor(proxyRoleName, "Internal"),
            },
            { parent: this },
        );
        const proxySecretAccess = new aws.iam.RolePolicy(
            `${name}-proxy-secret-access`,
            {
                name: "read-master-user-secret",
                role: proxyRole.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "ReadMasterUserSecret",
                            Effect: "Allow",
                            Action: [
                                "secretsmanager:GetSecretValue",
                                "secretsmanager:DescribeSecret",
                            ],
                            Resource: this.masterUserSecretArn,
                        },
                        {
                            Sid: "DecryptMasterUserSecret",
                            Effect: "Allow",
                            Action: "kms:Decrypt",
                            Resource: args.secretsKeyArn,
                            Condition: {
                                StringEquals: {
                                    "kms:ViaService": secretsManagerEndpoint,
                                },
                            },
                        },
                    ],
                }),
            },
            { parent: this },
        );

        const proxyName = `${clusterIdentifier}-proxy`;
        this.proxy = new aws.rds.Proxy(
            `${name}-proxy`,
            {
                name: proxyName,
                engineFamily: "POSTGRESQL",
                requireTls: true,
                idleClientTimeout: 1800,
                debugLogging: false,
                vpcSubnetIds: args.dbSubnetIds,
                vpcSecurityGroupIds: [args.proxySecurityGroupId],
                roleArn: proxyRole.arn,
                auths: [
                    {
                        authScheme: "SECRETS",
                        secretArn: this.masterUserSecretArn,
                        // The backend signs in with the credentials from this secret, not with
                        // IAM tokens, so REQUIRED would turn its password logins away. TLS stays
                        // mandatory either way (requireTls).
                        iamAuth: "DISABLED",
                    },
                ],
                tags: tagsFor(proxyName),
            },
            { parent: this, dependsOn: [proxySecretAccess] },
        );

        const targetGroup = new aws.rds.ProxyDefaultTargetGroup(
            `${name}-proxy-pool`,
            {
                dbProxyName: this.proxy.name,
                connectionPoolConfig: {
                    maxConnectionsPercent: 100,
                    maxIdleConnectionsPercent: 50,
                },
            },
            { parent: this },
        );

        // Registering a cluster that has no instance yet leaves the target unavailable.
        new aws.rds.ProxyTarget(
            `${name}-proxy-target`,
            {
                dbProxyName: this.proxy.name,
                targetGroupName: targetGroup.name,
                dbClusterIdentifier: this.cluster.clusterIdentifier,
            },
            { parent: this, dependsOn: this.instances },
        );

        this.proxyEndpoint = this.proxy.endpoint;
        this.clusterIdentifier = this.cluster.clusterIdentifier;
        this.clusterArn = this.cluster.arn;
        this.databaseName = this.cluster.databaseName;
        this.port = POSTGRES_PORT;

        this.registerOutputs({
            cluster: this.cluster,
            instances: this.instances,
            proxy: this.proxy,
            proxyEndpoint: this.proxyEndpoint,
            clusterIdentifier: this.clusterIdentifier,
            clusterArn: this.clusterArn,
            masterUserSecretArn: this.masterUserSecretArn,
            databaseName: this.databaseName,
            port: this.port,
        });
    }
}

/** A trust policy, as JSON, that lets one AWS service principal assume a role. */
function serviceTrust(service: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: service },
                Action: "sts:AssumeRole",
            },
        ],
    });
}
