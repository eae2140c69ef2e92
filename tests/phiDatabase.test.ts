import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    auroraPostgresFamily,
    PhiDatabase,
    PhiDatabaseArgs,
    validatePhiDatabaseArgs,
} from "../components/phiDatabase";
import { RecordedResource, RecordingEngine } from "../offline/engine";
import { record } from "../offline/harness";
import { OFFLINE_ACCOUNT_ID } from "../offline/identities";

const T = {
    provider: "pulumi:providers:aws",
    component: "baymax:data:PhiDatabase",
    subnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    parameterGroup: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    cluster: "aws:rds/cluster:Cluster",
    instance: "aws:rds/clusterInstance:ClusterInstance",
    proxy: "aws:rds/proxy:Proxy",
    targetGroup: "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup",
    target: "aws:rds/proxyTarget:ProxyTarget",
} as const;

const MUMBAI = "urn:pulumi:test::baymax::pulumi:providers:aws::primary::primary-provider-id";
const KEYS = `arn:aws:kms:ap-south-1:${OFFLINE_ACCOUNT_ID}:key`;
const PHI_KEY = `${KEYS}/0f0f0f0f-1111-4222-a333-444455556666`;
const SECRETS_KEY = `${KEYS}/1a1a1a1a-2222-4333-a444-555566667777`;
const LOGS_KEY = `${KEYS}/2b2b2b2b-3333-4444-a555-666677778888`;

const PROD: PhiDatabaseArgs = {
    environment: "prod",
    namePrefix: "baymax-prod",
    engineVersion: "16.6",
    maxCapacity: 16,
    instanceCount: 2,
    availabilityZones: ["ap-south-1a", "ap-south-1b", "ap-south-1c"],
    dbSubnetIds: ["subnet-0aaa", "subnet-0bbb", "subnet-0ccc"],
    databaseSecurityGroupId: "sg-0database",
    proxySecurityGroupId: "sg-0proxy",
    phiKeyArn: PHI_KEY,
    secretsKeyArn: SECRETS_KEY,
    logsKeyArn: LOGS_KEY,
    deletionProtection: true,
};

const DEV: PhiDatabaseArgs = {
    environment: "dev",
    namePrefix: "baymax-dev",
    engineVersion: "15.10",
    minCapacity: 1,
    maxCapacity: 4,
    instanceCount: 1,
    availabilityZones: ["ap-south-1b", "ap-south-1a"],
    dbSubnetIds: ["subnet-0ddd", "subnet-0eee"],
    databaseSecurityGroupId: "sg-0devdatabase",
    proxySecurityGroupId: "sg-0devproxy",
    phiKeyArn: PHI_KEY,
    secretsKeyArn: SECRETS_KEY,
    logsKeyArn: LOGS_KEY,
    logRetentionDays: 365,
    deletionProtection: false,
    backupRetentionDays: 7,
    databaseName: "intake_dev",
};

function tags(environment: string, name: string, dataClass: string) {
    return {
        Environment: environment,
        Compliance: "HIPAA",
        DataClass: dataClass,
        Service: "database",
        Name: name,
    };
}

function build(args: PhiDatabaseArgs) {
    return record(({ primary }) => new PhiDatabase("db", args, { provider: primary }));
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

/** URN of a child of the component named "db". */
function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::baymax::${T.component}$${type}::${name}`;
}

function recordedSecretArn(engine: RecordingEngine): string {
    const secrets = engine.one(T.cluster).wireOutputs?.masterUserSecrets;
    assert.strictEqual(secrets.length, 1);
    return secrets[0].secretArn;
}

function trustOf(role: RecordedResource) {
    return JSON.parse(role.inputs.assumeRolePolicy);
}

describe("PhiDatabase", () => {
    describe("with prod-like arguments (two instances, deletion protection)", () => {
        let engine: RecordingEngine;
        let db: PhiDatabase;

        before(async () => {
            ({ engine, result: db } = await build(PROD));
        });

        it("registers exactly these resources", () => {
            assert.deepStrictEqual(
                engine.resources.map((r) => `${r.type} ${r.name}`).sort(),
                [
                    `${T.provider} dr`,
                    `${T.provider} primary`,
                    `${T.component} db`,
                    `${T.logGroup} db-logs`,
                    `${T.role} db-monitoring-role`,
                    `${T.role} db-proxy-role`,
                    `${T.attachment} db-monitoring-policy`,
                    `${T.rolePolicy} db-proxy-secret-access`,
                    `${T.cluster} db-cluster`,
                    `${T.parameterGroup} db-params`,
                    `${T.instance} db-instance-1`,
                    `${T.instance} db-instance-2`,
                    `${T.proxy} db-proxy`,
                    `${T.targetGroup} db-proxy-pool`,
                    `${T.target} db-proxy-target`,
                    `${T.subnetGroup} db-subnets`,
                ].sort(),
            );
        });

        it("parents every child to the component and creates it in Mumbai", () => {
            const component = engine.one(T.component, "db");
            assert.strictEqual(component.urn, `urn:pulumi:test::baymax::${T.component}::db`);
            assert.strictEqual(component.provider, undefined);
            const children = engine.resources.filter((r) => r.custom && r.type !== T.provider);
            assert.strictEqual(children.length, 13);
            for (const child of children) {
                assert.strictEqual(child.parent, component.urn, child.name);
                assert.strictEqual(child.provider, MUMBAI, child.name);
                assert.strictEqual(engine.regionOf(child), "ap-south-1", child.name);
            }
        });

        it("looks the region up once, through the Mumbai provider", () => {
            assert.deepStrictEqual(engine.invokes, [
                { token: "aws:index/getRegion:getRegion", inputs: {}, provider: MUMBAI },
            ]);
        });

        it("puts the subnet group over the database subnets", () => {
            assert.deepStrictEqual(engine.one(T.subnetGroup).inputs, {
                name: "baymax-prod-phi",
                description: "Private database subnets of the PHI cluster and its proxy",
                subnetIds: ["subnet-0aaa", "subnet-0bbb", "subnet-0ccc"],
                tags: tags("prod", "baymax-prod-phi", "PHI"),
            });
        });

        it("forces TLS and logs connections in a parameter group of the engine's family", () => {
            assert.deepStrictEqual(engine.one(T.parameterGroup).inputs, {
                name: "baymax-prod-phi-aurora-postgresql16",
                family: "aurora-postgresql16",
                description: "PHI cluster: TLS only, connections and disconnections logged",
                parameters: [
                    { name: "rds.force_ssl", value: "1" },
                    { name: "log_connections", value: "1" },
                    { name: "log_disconnections", value: "1" },
                ],
                tags: tags("prod", "baymax-prod-phi-aurora-postgresql16", "PHI"),
            });
        });

        it("pre-creates the exported log group, encrypted, kept six years", () => {
            assert.deepStrictEqual(engine.one(T.logGroup).inputs, {
                name: "/aws/rds/cluster/baymax-prod-phi/postgresql",
                kmsKeyId: LOGS_KEY,
                retentionInDays: 2192,
                tags: tags("prod", "/aws/rds/cluster/baymax-prod-phi/postgresql", "PHI"),
            });
        });

        it("gives enhanced monitoring a role only RDS monitoring assumes, with its policy", () => {
            const role = engine.one(T.role, "db-monitoring-role");
            assert.deepStrictEqual(role.inputs, {
                name: "baymax-prod-rds-monitoring",
                description: "Lets RDS publish enhanced monitoring metrics of the PHI cluster",
                assumeRolePolicy: role.inputs.assumeRolePolicy,
                tags: tags("prod", "baymax-prod-rds-monitoring", "Internal"),
            });
            assert.deepStrictEqual(trustOf(role), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "monitoring.rds.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            });
            assert.deepStrictEqual(engine.one(T.attachment).inputs, {
                role: "baymax-prod-rds-monitoring",
                policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
            });
        });

        it("builds the cluster with exactly these inputs", () => {
            assert.deepStrictEqual(engine.one(T.cluster).inputs, {
                clusterIdentifier: "baymax-prod-phi",
                engine: "aurora-postgresql",
                engineMode: "provisioned",
                engineVersion: "16.6",
                databaseName: "intake",
                port: 5432,
                masterUsername: "baymax_admin",
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: SECRETS_KEY,
                serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 16 },
                storageEncrypted: true,
                kmsKeyId: PHI_KEY,
                backupRetentionPeriod: 35,
                preferredBackupWindow: "03:00-04:00",
                preferredMaintenanceWindow: "sun:04:00-sun:05:00",
                copyTagsToSnapshot: true,
                deletionProtection: true,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: "baymax-prod-phi-final",
                enabledCloudwatchLogsExports: ["postgresql"],
                iamDatabaseAuthenticationEnabled: true,
                dbSubnetGroupName: "baymax-prod-phi",
                vpcSecurityGroupIds: ["sg-0database"],
                dbClusterParameterGroupName: "baymax-prod-phi-aurora-postgresql16",
                tags: tags("prod", "baymax-prod-phi", "PHI"),
            });
        });

        it("protects the cluster and creates it after its log group", () => {
            const cluster = engine.one(T.cluster);
            assert.strictEqual(cluster.options.protect, true);
            assert.ok(cluster.options.dependsOn.includes(urnOf(T.logGroup, "db-logs")));
            for (const r of engine.resources.filter((x) => x.type !== T.cluster)) {
                assert.strictEqual(r.options.protect, false, r.name);
            }
        });

        it("never passes a master password: RDS manages it", () => {
            const passwordInputs = [
                "masterPassword",
                "masterPasswordWo",
                "masterPasswordWoVersion",
            ];
            for (const r of engine.resources) {
                for (const key of passwordInputs) {
                    assert.ok(!(key in r.inputs), `${r.name} has ${key}`);
                }
            }
        });

        it("places one private serverless instance in each of the first two zones", () => {
            const instances = engine.ofType(T.instance);
            assert.deepStrictEqual(
                instances.map((i) => i.name),
                ["db-instance-1", "db-instance-2"],
            );
            const monitoringRoleArn = engine.one(T.role, "db-monitoring-role").wireOutputs?.arn;
            assert.match(monitoringRoleArn, /:role\/baymax-prod-rds-monitoring$/);
            instances.forEach((instance, i) => {
                const identifier = `baymax-prod-phi-${i + 1}`;
                assert.deepStrictEqual(instance.inputs, {
                    identifier,
                    clusterIdentifier: "baymax-prod-phi",
                    instanceClass: "db.serverless",
                    engine: "aurora-postgresql",
                    engineVersion: "16.6",
                    availabilityZone: PROD.availabilityZones[i],
                    publiclyAccessible: false,
                    dbSubnetGroupName: "baymax-prod-phi",
                    monitoringInterval: 60,
                    monitoringRoleArn,
                    performanceInsightsEnabled: true,
                    performanceInsightsKmsKeyId: PHI_KEY,
                    autoMinorVersionUpgrade: true,
                    tags: tags("prod", identifier, "PHI"),
                });
            });
            assert.deepStrictEqual(
                instances.map((i) => i.inputs.availabilityZone),
                ["ap-south-1a", "ap-south-1b"],
            );
        });

        it("creates each instance after its monitoring role has the managed policy", () => {
            const policyUrn = urnOf(T.attachment, "db-monitoring-policy");
            for (const instance of engine.ofType(T.instance)) {
                assert.ok(instance.options.dependsOn.includes(policyUrn), instance.name);
                assert.ok(instance.options.dependsOn.includes(urnOf(T.cluster, "db-cluster")));
            }
        });

        it("has the RDS-managed master secret, with the secrets key, in the offline state", () => {
            const secrets = engine.one(T.cluster).wireOutputs?.masterUserSecrets;
            assert.strictEqual(secrets.length, 1);
            assert.match(
                secrets[0].secretArn,
                new RegExp(
                    `^arn:aws:secretsmanager:ap-south-1:${OFFLINE_ACCOUNT_ID}:secret:rds!cluster-`,
                ),
            );
            assert.strictEqual(secrets[0].kmsKeyId, SECRETS_KEY);
        });

        it("builds the proxy with exactly these inputs, signing in with the managed secret", () => {
            const proxy = engine.one(T.proxy);
            assert.deepStrictEqual(proxy.inputs, {
                name: "baymax-prod-phi-proxy",
                engineFamily: "POSTGRESQL",
                requireTls: true,
                idleClientTimeout: 1800,
                debugLogging: false,
                vpcSubnetIds: ["subnet-0aaa", "subnet-0bbb", "subnet-0ccc"],
                vpcSecurityGroupIds: ["sg-0proxy"],
                roleArn: engine.one(T.role, "db-proxy-role").wireOutputs?.arn,
                auths: [
                    {
                        authScheme: "SECRETS",
                        secretArn: recordedSecretArn(engine),
                        iamAuth: "DISABLED",
                    },
                ],
                tags: tags("prod", "baymax-prod-phi-proxy", "PHI"),
            });
            const accessUrn = urnOf(T.rolePolicy, "db-proxy-secret-access");
            assert.ok(proxy.options.dependsOn.includes(accessUrn));
        });

        it("lets only RDS assume the proxy role", () => {
            const role = engine.one(T.role, "db-proxy-role");
            assert.deepStrictEqual(role.inputs, {
                name: "baymax-prod-rds-proxy",
                description: "Lets the PHI database proxy read the RDS-managed master secret",
                assumeRolePolicy: role.inputs.assumeRolePolicy,
                tags: tags("prod", "baymax-prod-rds-proxy", "Internal"),
            });
            assert.deepStrictEqual(trustOf(role), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "rds.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            });
        });

        it("lets the proxy read exactly the master secret, decrypting via Secrets Manager", () => {
            const policy = engine.one(T.rolePolicy);
            assert.strictEqual(policy.inputs.role, "baymax-prod-rds-proxy");
            assert.strictEqual(policy.inputs.name, "read-master-user-secret");
            assert.deepStrictEqual(JSON.parse(policy.inputs.policy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ReadMasterUserSecret",
                        Effect: "Allow",
                        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                        Resource: recordedSecretArn(engine),
                    },
                    {
                        Sid: "DecryptMasterUserSecret",
                        Effect: "Allow",
                        Action: "kms:Decrypt",
                        Resource: SECRETS_KEY,
                        Condition: {
                            StringEquals: {
                                "kms:ViaService": "secretsmanager.ap-south-1.amazonaws.com",
                            },
                        },
                    },
                ],
            });
        });

        it("pools up to all connections with half of them idle", () => {
            assert.deepStrictEqual(engine.one(T.targetGroup).inputs, {
                dbProxyName: "baymax-prod-phi-proxy",
                connectionPoolConfig: { maxConnectionsPercent: 100, maxIdleConnectionsPercent: 50 },
            });
        });

        it("registers the cluster as the proxy target only after every instance exists", () => {
            const target = engine.one(T.target);
            assert.deepStrictEqual(target.inputs, {
                dbProxyName: "baymax-prod-phi-proxy",
                targetGroupName: "default",
                dbClusterIdentifier: "baymax-prod-phi",
            });
            const instanceUrns = engine.ofType(T.instance).map((i) => i.urn);
            assert.deepStrictEqual(instanceUrns, [
                urnOf(T.instance, "db-instance-1"),
                urnOf(T.instance, "db-instance-2"),
            ]);
            for (const urn of instanceUrns) {
                assert.ok(target.options.dependsOn.includes(urn), urn);
            }
        });

        it("tags every taggable resource: PHI for data paths, Internal for roles", () => {
            const taggable = engine.resources.filter((r) => r.custom && "tags" in r.inputs);
            assert.deepStrictEqual(
                taggable.map((r) => r.name).sort(),
                [
                    "db-cluster",
                    "db-instance-1",
                    "db-instance-2",
                    "db-logs",
                    "db-monitoring-role",
                    "db-params",
                    "db-proxy",
                    "db-proxy-role",
                    "db-subnets",
                ],
            );
            for (const r of taggable) {
                const dataClass = r.type === T.role ? "Internal" : "PHI";
                assert.deepStrictEqual(
                    r.inputs.tags,
                    tags("prod", r.inputs.tags.Name, dataClass),
                    r.name,
                );
                assert.strictEqual(r.inputs.tags.Name, r.id, r.name);
            }
        });

        it("exposes the cluster, its instances, the proxy and how to reach them", async () => {
            assert.strictEqual(db.instances.length, 2);
            assert.strictEqual(db.port, 5432);
            const cluster = engine.one(T.cluster).wireOutputs!;
            assert.strictEqual(await valueOf(db.clusterIdentifier), "baymax-prod-phi");
            assert.strictEqual(await valueOf(db.clusterArn), cluster.arn);
            assert.strictEqual(await valueOf(db.masterUserSecretArn), recordedSecretArn(engine));
            assert.strictEqual(await valueOf(db.databaseName), "intake");
            assert.strictEqual(
                await valueOf(db.proxyEndpoint),
                engine.one(T.proxy).wireOutputs?.endpoint,
            );
            assert.match(
                await valueOf(db.proxyEndpoint),
                /\.proxy-[0-9a-f]+\.ap-south-1\.rds\.amazonaws\.com$/,
            );
            assert.strictEqual(await valueOf(db.proxy.name), "baymax-prod-phi-proxy");
            assert.strictEqual(await valueOf(db.cluster.id), "baymax-prod-phi");
            assert.deepStrictEqual(
                await Promise.all(db.instances.map((i) => valueOf(i.identifier))),
                ["baymax-prod-phi-1", "baymax-prod-phi-2"],
            );
        });
    });

    describe("with dev-like arguments (one instance, no deletion protection)", () => {
        let engine: RecordingEngine;
        let db: PhiDatabase;

        before(async () => {
            ({ engine, result: db } = await build(DEV));
        });

        it("registers a single instance, in the first zone given", () => {
            const instances = engine.ofType(T.instance);
            assert.deepStrictEqual(
                instances.map((i) => [i.name, i.inputs.identifier, i.inputs.availabilityZone]),
                [["db-instance-1", "baymax-dev-phi-1", "ap-south-1b"]],
            );
            assert.strictEqual(db.instances.length, 1);
            assert.strictEqual(engine.resources.filter((r) => r.custom).length, 2 + 12);
        });

        it("leaves the cluster unprotected, in AWS and in Pulumi", () => {
            const cluster = engine.one(T.cluster);
            assert.strictEqual(cluster.inputs.deletionProtection, false);
            assert.strictEqual(cluster.options.protect, false);
        });

        it("uses the given capacity, backups, database name and engine version", () => {
            const cluster = engine.one(T.cluster).inputs;
            assert.deepStrictEqual(cluster.serverlessv2ScalingConfiguration, {
                minCapacity: 1,
                maxCapacity: 4,
            });
            assert.strictEqual(cluster.backupRetentionPeriod, 7);
            assert.strictEqual(cluster.databaseName, "intake_dev");
            assert.strictEqual(cluster.engineVersion, "15.10");
            assert.strictEqual(engine.one(T.instance).inputs.engineVersion, "15.10");
            assert.strictEqual(engine.one(T.parameterGroup).inputs.family, "aurora-postgresql15");
            assert.strictEqual(
                engine.one(T.parameterGroup).inputs.name,
                "baymax-dev-phi-aurora-postgresql15",
            );
        });

        it("keeps the exported log for the given retention, under the dev cluster's name", () => {
            assert.deepStrictEqual(engine.one(T.logGroup).inputs, {
                name: "/aws/rds/cluster/baymax-dev-phi/postgresql",
                kmsKeyId: LOGS_KEY,
                retentionInDays: 365,
                tags: tags("dev", "/aws/rds/cluster/baymax-dev-phi/postgresql", "PHI"),
            });
        });

        it("still takes a final snapshot, under a name derived only from the prefix", async () => {
            const cluster = engine.one(T.cluster).inputs;
            assert.strictEqual(cluster.skipFinalSnapshot, false);
            assert.strictEqual(cluster.finalSnapshotIdentifier, "baymax-dev-phi-final");
            const { engine: again } = await build(DEV);
            assert.strictEqual(
                again.one(T.cluster).inputs.finalSnapshotIdentifier,
                "baymax-dev-phi-final",
            );
        });

        it("places the proxy in the dev subnets and security group, with the dev secret", () => {
            const proxy = engine.one(T.proxy).inputs;
            assert.deepStrictEqual(proxy.vpcSubnetIds, ["subnet-0ddd", "subnet-0eee"]);
            assert.deepStrictEqual(proxy.vpcSecurityGroupIds, ["sg-0devproxy"]);
            assert.deepStrictEqual(proxy.auths, [
                {
                    authScheme: "SECRETS",
                    secretArn: recordedSecretArn(engine),
                    iamAuth: "DISABLED",
                },
            ]);
            assert.deepStrictEqual(engine.one(T.cluster).inputs.vpcSecurityGroupIds, [
                "sg-0devdatabase",
            ]);
        });

        it("registers the proxy target after its one instance", () => {
            const target = engine.one(T.target);
            const [instance] = engine.ofType(T.instance);
            assert.ok(target.options.dependsOn.includes(instance.urn));
            assert.strictEqual(
                target.options.dependsOn.filter((urn) => urn.includes(`$${T.instance}::`)).length,
                1,
            );
        });

        it("tags every taggable resource with the dev environment", () => {
            for (const r of engine.resources.filter((x) => x.custom && "tags" in x.inputs)) {
                assert.strictEqual(r.inputs.tags.Environment, "dev", r.name);
            }
        });
    });

    describe("argument validation", () => {
        function refusal(args: Partial<PhiDatabaseArgs>): pulumi.InputPropertyError {
            try {
                validatePhiDatabaseArgs("db", { ...PROD, ...args });
            } catch (err) {
                assert.ok(pulumi.InputPropertyError.isInstance(err));
                return err;
            }
            assert.fail("expected the arguments to be refused");
        }

        const cases: [string, Partial<PhiDatabaseArgs>, string, string][] = [
            [
                "an engine version without a minor version",
                { engineVersion: "16" },
                "engineVersion",
                'engineVersion of PhiDatabase "db" is "16"; give an Aurora PostgreSQL version ' +
                    'as major.minor, such as "16.6".',
            ],
            [
                "a minimum capacity below half an ACU",
                { minCapacity: 0 },
                "minCapacity",
                'minCapacity of PhiDatabase "db" is 0 ACU; use a capacity from 0.5 to 256 ACU ' +
                    "in steps of 0.5.",
            ],
            [
                "a maximum capacity off the half-ACU grid",
                { maxCapacity: 2.25 },
                "maxCapacity",
                'maxCapacity of PhiDatabase "db" is 2.25 ACU; use a capacity from 0.5 to 256 ACU ' +
                    "in steps of 0.5.",
            ],
            [
                "a minimum capacity above the maximum",
                { minCapacity: 8, maxCapacity: 4 },
                "minCapacity",
                'minCapacity of PhiDatabase "db" is 8 ACU, above maxCapacity (4 ACU); set ' +
                    "minCapacity at or below maxCapacity.",
            ],
            [
                "no instance",
                { instanceCount: 0 },
                "instanceCount",
                'instanceCount of PhiDatabase "db" is 0; use a whole number of at least 1.',
            ],
            [
                "a repeated zone",
                { availabilityZones: ["ap-south-1a", "ap-south-1a"] },
                "availabilityZones",
                'availabilityZones of PhiDatabase "db" lists a zone twice ' +
                    '(["ap-south-1a","ap-south-1a"]); list distinct zones, so that each ' +
                    "instance lands in a zone of its own.",
            ],
            [
                "more instances than zones",
                { instanceCount: 3, availabilityZones: ["ap-south-1a", "ap-south-1b"] },
                "instanceCount",
                'instanceCount of PhiDatabase "db" is 3, but availabilityZones lists 2 zone(s) ' +
                    '(["ap-south-1a","ap-south-1b"]); lower instanceCount or add zones, one ' +
                    "distinct zone per instance.",
            ],
            [
                "a single database subnet",
                { dbSubnetIds: ["subnet-0aaa"] },
                "dbSubnetIds",
                'dbSubnetIds of PhiDatabase "db" has 1 subnet(s); give subnets in at least two ' +
                    "zones, as an RDS subnet group requires.",
            ],
        ];

        for (const [what, args, propertyPath, message] of cases) {
            it(`refuses ${what}`, () => {
                const err = refusal(args);
                assert.strictEqual(err.propertyPath, propertyPath);
                assert.strictEqual(err.message, message);
                assert.strictEqual(err.reason, message);
            });
        }

        it("accepts the smallest and the largest capacity, and as many instances as zones", () => {
            validatePhiDatabaseArgs("db", {
                ...PROD,
                minCapacity: 0.5,
                maxCapacity: 256,
                instanceCount: 3,
            });
            assert.strictEqual(auroraPostgresFamily("16.6"), "aurora-postgresql16");
            assert.strictEqual(auroraPostgresFamily("17.4"), "aurora-postgresql17");
        });

        it("refuses in the constructor before registering anything", async () => {
            const { engine, result } = await record(({ primary }) => {
                try {
                    new PhiDatabase(
                        "db",
                        { ...PROD, minCapacity: 32, maxCapacity: 16 },
                        { provider: primary },
                    );
                    return undefined;
                } catch (err) {
                    return err;
                }
            });
            assert.ok(pulumi.InputPropertyError.isInstance(result));
            assert.strictEqual(
                (result as Error).message,
                'minCapacity of PhiDatabase "db" is 32 ACU, above maxCapacity (16 ACU); set ' +
                    "minCapacity at or below maxCapacity.",
            );
            assert.deepStrictEqual(
                engine.resources.map((r) => r.type),
                [T.provider, T.provider],
            );
            assert.deepStrictEqual(engine.invokes, []);
        });
    });
});
