import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    MedicalVpc,
    MedicalVpcArgs,
    validateMedicalVpcArgs,
} from "../components/medicalVpc";
import { RecordedResource, RecordingEngine } from "../offline/engine";
import { record } from "../offline/harness";

const T = {
    component: "baymax:network:MedicalVpc",
    vpc: "aws:ec2/vpc:Vpc",
    igw: "aws:ec2/internetGateway:InternetGateway",
    subnet: "aws:ec2/subnet:Subnet",
    eip: "aws:ec2/eip:Eip",
    nat: "aws:ec2/natGateway:NatGateway",
    routeTable: "aws:ec2/routeTable:RouteTable",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    flowLog: "aws:ec2/flowLog:FlowLog",
    provider: "pulumi:providers:aws",
} as const;

const TAGGABLE = [
    T.vpc,
    T.igw,
    T.subnet,
    T.eip,
    T.nat,
    T.routeTable,
    T.endpoint,
    T.sg,
    T.defaultSg,
    T.ingress,
    T.egress,
    T.logGroup,
    T.role,
    T.flowLog,
];
const UNTAGGABLE = [T.component, T.association, T.rolePolicy, T.provider];

const MUMBAI_PROVIDER = "urn:pulumi:test::baymax::pulumi:providers:aws::primary::";
const ZONES = ["ap-south-1a", "ap-south-1b", "ap-south-1c"];
const KEY_ARN = "arn:aws:kms:ap-south-1:111122223333:key/0b9e7f31-logs";
const LOG_GROUP_NAME = "/baymax/baymax-prod/vpc-flow-logs";
const LOG_GROUP_ARN = `arn:aws:logs:ap-south-1:111122223333:log-group:${LOG_GROUP_NAME}`;
const PUBLIC = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"];
const APP = ["10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20"];
const DB = ["10.0.64.0/24", "10.0.65.0/24", "10.0.66.0/24"];
const INTERFACE_SERVICES = [
    "ecr.api",
    "ecr.dkr",
    "logs",
    "secretsmanager",
    "kms",
    "monitoring",
    "sts",
];

function baseArgs(overrides: Partial<MedicalVpcArgs> = {}): MedicalVpcArgs {
    return {
        environment: "prod",
        namePrefix: "baymax-prod",
        availabilityZones: ZONES,
        publicSubnetCidrs: PUBLIC,
        appSubnetCidrs: APP,
        dbSubnetCidrs: DB,
        natGatewayPerAz: true,
        logsKeyArn: KEY_ARN,
        ...overrides,
    };
}

async function build(overrides: Partial<MedicalVpcArgs> = {}): Promise<RecordingEngine> {
    const { engine } = await record(
        ({ primary }) => new MedicalVpc("net", baseArgs(overrides), { provider: primary }),
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

/** Every type the component registers, for three zones and the given number of NAT gateways. */
function expectedCounts(natGateways: number): Record<string, number> {
    return {
        [T.provider]: 2,
        [T.component]: 1,
        [T.vpc]: 1,
        [T.defaultSg]: 1,
        [T.igw]: 1,
        [T.subnet]: 9,
        [T.eip]: natGateways,
        [T.nat]: natGateways,
        [T.routeTable]: 5,
        [T.association]: 9,
        [T.sg]: 5,
        [T.ingress]: 6,
        [T.egress]: 4,
        [T.endpoint]: 9,
        [T.logGroup]: 1,
        [T.role]: 1,
        [T.rolePolicy]: 1,
        [T.flowLog]: 1,
    };
}

const idOf = (engine: RecordingEngine, type: string, name: string) => engine.one(type, name).id;

/** Resource name of the security group whose recorded id is `id`. */
function sgNameOf(engine: RecordingEngine, id: string): string {
    const found = engine.ofType(T.sg).filter((sg) => sg.id === id);
    assert.strictEqual(found.length, 1, `no security group has id ${id}`);
    return found[0].name;
}

/** A rule as a reader would state it: group, direction, port, protocol, peer, description. */
function describeRule(engine: RecordingEngine, rule: RecordedResource, kind: string) {
    const i = rule.inputs;
    return {
        name: rule.name,
        kind,
        group: sgNameOf(engine, i.securityGroupId),
        fromPort: i.fromPort,
        toPort: i.toPort,
        ipProtocol: i.ipProtocol,
        peer:
            i.referencedSecurityGroupId !== undefined
                ? `sg:${sgNameOf(engine, i.referencedSecurityGroupId)}`
                : `cidr:${i.cidrIpv4}`,
        description: i.description,
    };
}

function rulesOf(engine: RecordingEngine) {
    return [
        ...engine.ofType(T.ingress).map((r) => describeRule(engine, r, "ingress")),
        ...engine.ofType(T.egress).map((r) => describeRule(engine, r, "egress")),
    ].sort((a, b) => a.name.localeCompare(b.name));
}

function expectedRules(backendPort: number, databasePort: number) {
    const rule = (
        name: string,
        kind: string,
        group: string,
        port: number,
        peer: string,
        description: string,
    ) => ({
        name,
        kind,
        group,
        fromPort: port,
        toPort: port,
        ipProtocol: "tcp",
        peer,
        description,
    });
    return [
        rule(
            "net-alb-http-in",
            "ingress",
            "net-alb-sg",
            80,
            "cidr:0.0.0.0/0",
            "HTTP from the internet, only so the listener can redirect it to HTTPS",
        ),
        rule(
            "net-alb-https-in",
            "ingress",
            "net-alb-sg",
            443,
            "cidr:0.0.0.0/0",
            "HTTPS from the internet to the patient-intake load balancer",
        ),
        rule(
            "net-alb-to-backend",
            "egress",
            "net-alb-sg",
            backendPort,
            "sg:net-backend-sg",
            "Load balancer to the backend tasks on the backend port",
        ),
        rule(
            "net-backend-from-alb",
            "ingress",
            "net-backend-sg",
            backendPort,
            "sg:net-alb-sg",
            "Backend port from the load balancer only",
        ),
        rule(
            "net-backend-https-out",
            "egress",
            "net-backend-sg",
            443,
            "cidr:0.0.0.0/0",
            "HTTPS out to AWS API endpoints and the language-model API",
        ),
        rule(
            "net-backend-to-proxy",
            "egress",
            "net-backend-sg",
            databasePort,
            "sg:net-proxy-sg",
            "Backend to the database proxy on the database port",
        ),
        rule(
            "net-database-from-proxy",
            "ingress",
            "net-database-sg",
            databasePort,
            "sg:net-proxy-sg",
            "Database port from the database proxy only",
        ),
        rule(
            "net-endpoints-from-backend",
            "ingress",
            "net-endpoints-sg",
            443,
            "sg:net-backend-sg",
            "HTTPS to the private AWS API endpoints from the backend tasks only",
        ),
        rule(
            "net-proxy-from-backend",
            "ingress",
            "net-proxy-sg",
            databasePort,
            "sg:net-backend-sg",
            "Database port from the backend tasks only",
        ),
        rule(
            "net-proxy-to-database",
            "egress",
            "net-proxy-sg",
            databasePort,
            "sg:net-database-sg",
            "Database proxy to the database on the database port",
        ),
    ];
}

describe("MedicalVpc", () => {
    describe("with a NAT gateway per zone in three zones", () => {
        let engine: RecordingEngine;
        before(async () => {
            engine = await build();
        });

        it("registers exactly these resources", () => {
            assert.deepStrictEqual(countByType(engine), expectedCounts(3));
        });

        it("builds the VPC with DNS support and hostnames in the default range", () => {
            const vpc = engine.one(T.vpc, "net-vpc");
            assert.strictEqual(vpc.inputs.cidrBlock, "10.0.0.0/16");
            assert.strictEqual(vpc.inputs.enableDnsSupport, true);
            assert.strictEqual(vpc.inputs.enableDnsHostnames, true);
            assert.strictEqual(engine.one(T.igw, "net-igw").inputs.vpcId, vpc.id);
        });

        it("lays out every tier's subnets in its zone, with no public address on launch", () => {
            const vpcId = idOf(engine, T.vpc, "net-vpc");
            const tiers: Record<string, string[]> = { public: PUBLIC, app: APP, db: DB };
            for (const [tier, cidrs] of Object.entries(tiers)) {
                ZONES.forEach((zone, i) => {
                    const subnet = engine.one(T.subnet, `net-${tier}-${zone}`);
                    assert.deepStrictEqual(
                        {
                            vpcId: subnet.inputs.vpcId,
                            availabilityZone: subnet.inputs.availabilityZone,
                            cidrBlock: subnet.inputs.cidrBlock,
                            mapPublicIpOnLaunch: subnet.inputs.mapPublicIpOnLaunch,
                        },
                        {
                            vpcId,
                            availabilityZone: zone,
                            cidrBlock: cidrs[i],
                            mapPublicIpOnLaunch: false,
                        },
                        subnet.name,
                    );
                });
            }
        });

        it("puts one NAT gateway with a VPC elastic IP in each zone's public subnet", () => {
            for (const zone of ZONES) {
                const nat = engine.one(T.nat, `net-nat-${zone}`);
                const eip = engine.one(T.eip, `net-nat-eip-${zone}`);
                assert.strictEqual(eip.inputs.domain, "vpc");
                assert.strictEqual(nat.inputs.allocationId, eip.id);
                assert.strictEqual(
                    nat.inputs.subnetId,
                    idOf(engine, T.subnet, `net-public-${zone}`),
                );
                assert.strictEqual(nat.inputs.connectivityType, "public");
                assert.ok(
                    nat.options.dependsOn.includes(engine.one(T.igw, "net-igw").urn),
                    "the NAT gateway waits for the internet gateway",
                );
            }
        });

        it("routes the public table to the internet gateway", () => {
            const table = engine.one(T.routeTable, "net-public-rt");
            assert.deepStrictEqual(table.inputs.routes, [
                { cidrBlock: "0.0.0.0/0", gatewayId: idOf(engine, T.igw, "net-igw") },
            ]);
        });

        it("routes each zone's private table to the NAT gateway of that zone", () => {
            for (const zone of ZONES) {
                const table = engine.one(T.routeTable, `net-app-rt-${zone}`);
                assert.deepStrictEqual(table.inputs.routes, [
                    {
                        cidrBlock: "0.0.0.0/0",
                        natGatewayId: idOf(engine, T.nat, `net-nat-${zone}`),
                    },
                ]);
            }
        });

        it("gives the database table no route at all, and only the database subnets", () => {
            const table = engine.one(T.routeTable, "net-db-rt");
            assert.deepStrictEqual(table.inputs.routes, []);
            const associated = engine
                .ofType(T.association)
                .filter((a) => a.inputs.routeTableId === table.id)
                .map((a) => a.inputs.subnetId)
                .sort();
            const dbSubnets = ZONES.map((z) => idOf(engine, T.subnet, `net-db-${z}`)).sort();
            assert.deepStrictEqual(associated, dbSubnets);
        });

        it("associates every subnet with exactly its tier's route table", () => {
            const expected: Record<string, string | undefined> = {};
            for (const zone of ZONES) {
                expected[idOf(engine, T.subnet, `net-public-${zone}`)!] = idOf(
                    engine,
                    T.routeTable,
                    "net-public-rt",
                );
                expected[idOf(engine, T.subnet, `net-app-${zone}`)!] = idOf(
                    engine,
                    T.routeTable,
                    `net-app-rt-${zone}`,
                );
                expected[idOf(engine, T.subnet, `net-db-${zone}`)!] = idOf(
                    engine,
                    T.routeTable,
                    "net-db-rt",
                );
            }
            const actual: Record<string, string> = {};
            for (const a of engine.ofType(T.association)) {
                assert.strictEqual(
                    actual[a.inputs.subnetId],
                    undefined,
                    `${a.name} repeats a subnet`,
                );
                actual[a.inputs.subnetId] = a.inputs.routeTableId;
            }
            assert.deepStrictEqual(actual, expected);
        });

        it("attaches the S3 and DynamoDB gateway endpoints to the private tables", () => {
            const privateTables = [
                ...ZONES.map((z) => idOf(engine, T.routeTable, `net-app-rt-${z}`)),
                idOf(engine, T.routeTable, "net-db-rt"),
            ];
            for (const service of ["s3", "dynamodb"]) {
                const endpoint = engine.one(T.endpoint, `net-${service}-endpoint`);
                assert.deepStrictEqual(
                    {
                        vpcId: endpoint.inputs.vpcId,
                        serviceName: endpoint.inputs.serviceName,
                        vpcEndpointType: endpoint.inputs.vpcEndpointType,
                        routeTableIds: endpoint.inputs.routeTableIds,
                    },
                    {
                        vpcId: idOf(engine, T.vpc, "net-vpc"),
                        serviceName: `com.amazonaws.ap-south-1.${service}`,
                        vpcEndpointType: "Gateway",
                        routeTableIds: privateTables,
                    },
                );
            }
        });

        it("reaches the backend's AWS APIs through private interface endpoints", () => {
            const interfaces = engine
                .ofType(T.endpoint)
                .filter((e) => e.inputs.vpcEndpointType === "Interface");
            assert.deepStrictEqual(
                interfaces.map((e) => e.inputs.serviceName).sort(),
                INTERFACE_SERVICES.map((s) => `com.amazonaws.ap-south-1.${s}`).sort(),
            );
            const appSubnets = ZONES.map((z) => idOf(engine, T.subnet, `net-app-${z}`));
            for (const endpoint of interfaces) {
                assert.strictEqual(endpoint.inputs.privateDnsEnabled, true, endpoint.name);
                assert.deepStrictEqual(endpoint.inputs.subnetIds, appSubnets, endpoint.name);
                assert.deepStrictEqual(endpoint.inputs.securityGroupIds, [
                    idOf(engine, T.sg, "net-endpoints-sg"),
                ]);
                assert.strictEqual(endpoint.inputs.routeTableIds, undefined, endpoint.name);
            }
        });

        it("closes the default security group", () => {
            const sg = engine.one(T.defaultSg, "net-default-sg");
            assert.strictEqual(sg.inputs.vpcId, idOf(engine, T.vpc, "net-vpc"));
            assert.deepStrictEqual(sg.inputs.ingress, []);
            assert.deepStrictEqual(sg.inputs.egress, []);
        });

        it("records all traffic to the KMS-encrypted flow-log group", () => {
            const group = engine.one(T.logGroup, "net-flow-logs");
            assert.strictEqual(group.inputs.name, LOG_GROUP_NAME);
            assert.strictEqual(group.inputs.kmsKeyId, KEY_ARN);
            assert.strictEqual(group.inputs.retentionInDays, 2192);
            assert.strictEqual(group.wireOutputs?.arn, LOG_GROUP_ARN);

            const flowLog = engine.one(T.flowLog, "net-flow-log");
            const role = engine.one(T.role, "net-flow-logs-role");
            assert.strictEqual(flowLog.inputs.vpcId, idOf(engine, T.vpc, "net-vpc"));
            assert.strictEqual(flowLog.inputs.trafficType, "ALL");
            assert.strictEqual(flowLog.inputs.logDestinationType, "cloud-watch-logs");
            assert.strictEqual(flowLog.inputs.logDestination, LOG_GROUP_ARN);
            assert.strictEqual(flowLog.inputs.iamRoleArn, role.wireOutputs?.arn);
            assert.ok(
                flowLog.options.dependsOn.includes(engine.one(T.rolePolicy).urn),
                "the flow log waits for the role's permissions",
            );
        });

        it("lets only this account's flow logs assume the role, to write only that group", () => {
            const role = engine.one(T.role, "net-flow-logs-role");
            assert.strictEqual(role.inputs.name, "baymax-prod-flow-logs-role");
            assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: { "aws:SourceAccount": "111122223333" },
                            ArnLike: {
                                "aws:SourceArn":
                                    "arn:aws:ec2:ap-south-1:111122223333:vpc-flow-log/*",
                            },
                        },
                    },
                ],
            });
            const policy = engine.one(T.rolePolicy, "net-flow-logs-policy");
            assert.strictEqual(policy.inputs.role, role.id);
            assert.deepStrictEqual(JSON.parse(policy.inputs.policy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: [
                            "logs:CreateLogStream",
                            "logs:PutLogEvents",
                            "logs:DescribeLogStreams",
                        ],
                        Resource: [LOG_GROUP_ARN, `${LOG_GROUP_ARN}:*`],
                    },
                ],
            });
        });

        it("creates five described security groups with no inline rules", () => {
            const vpcId = idOf(engine, T.vpc, "net-vpc");
            const groups = engine.ofType(T.sg);
            assert.deepStrictEqual(groups.map((g) => g.name).sort(), [
                "net-alb-sg",
                "net-backend-sg",
                "net-database-sg",
                "net-endpoints-sg",
                "net-proxy-sg",
            ]);
            for (const g of groups) {
                assert.strictEqual(g.inputs.vpcId, vpcId, g.name);
                assert.strictEqual(g.inputs.name, g.name.replace(/^net-/, "baymax-prod-"));
                assert.ok(g.inputs.description.length > 20, `${g.name} has a description`);
                assert.strictEqual(g.inputs.ingress, undefined, `${g.name} has inline ingress`);
                assert.strictEqual(g.inputs.egress, undefined, `${g.name} has inline egress`);
            }
        });

        it("opens exactly the zero-trust paths, by group reference where no CIDR is needed", () => {
            assert.deepStrictEqual(rulesOf(engine), expectedRules(8000, 5432));
        });

        it("never opens the database or its proxy to an address range", () => {
            const dbSide = new Set(["net-database-sg", "net-proxy-sg"]);
            for (const rule of rulesOf(engine).filter((r) => dbSide.has(r.group))) {
                assert.ok(rule.peer.startsWith("sg:"), `${rule.name} names a CIDR`);
            }
            assert.deepStrictEqual(
                rulesOf(engine).filter((r) => r.group === "net-database-sg" && r.kind === "egress"),
                [],
            );
        });

        it("tags every taggable resource with the compliance tags and its name", () => {
            for (const r of engine.resources) {
                assert.ok(
                    TAGGABLE.includes(r.type as never) || UNTAGGABLE.includes(r.type as never),
                    `${r.type} is neither known taggable nor known untaggable`,
                );
                if (!TAGGABLE.includes(r.type as never)) continue;
                const isLogGroup = r.type === T.logGroup;
                assert.deepStrictEqual(
                    r.inputs.tags,
                    {
                        Environment: "prod",
                        Compliance: "HIPAA",
                        DataClass: isLogGroup ? "Confidential" : "Internal",
                        Service: "network",
                        Name: isLogGroup ? LOG_GROUP_NAME : r.name.replace(/^net-/, "baymax-prod-"),
                    },
                    r.name,
                );
            }
            assert.strictEqual(
                engine.one(T.subnet, "net-app-ap-south-1a").inputs.tags.Name,
                "baymax-prod-app-ap-south-1a",
            );
        });

        it("places every child in Mumbai under the component; one identity invoke", () => {
            const component = engine.one(T.component, "net");
            const children = engine.resources.filter(
                (r) => r.type !== T.component && r.type !== T.provider,
            );
            assert.strictEqual(children.length, 60);
            for (const child of children) {
                assert.strictEqual(child.parent, component.urn, child.name);
                assert.ok(
                    child.provider?.startsWith(MUMBAI_PROVIDER),
                    `${child.name} uses ${child.provider}`,
                );
                assert.strictEqual(engine.regionOf(child), "ap-south-1", child.name);
                assert.strictEqual(child.inputs.region, undefined, child.name);
            }
            assert.deepStrictEqual(
                engine.invokes.map((i) => [i.token, i.provider?.split("::")[3]]),
                [["aws:index/getCallerIdentity:getCallerIdentity", "primary"]],
            );
        });
    });

    describe("with a single NAT gateway", () => {
        let engine: RecordingEngine;
        before(async () => {
            engine = await build({ natGatewayPerAz: false });
        });

        it("registers one NAT gateway and one elastic IP, in the first zone", () => {
            assert.deepStrictEqual(countByType(engine), expectedCounts(1));
            const nat = engine.one(T.nat, "net-nat-ap-south-1a");
            assert.deepStrictEqual(
                [nat.inputs.subnetId, nat.inputs.allocationId],
                [
                    idOf(engine, T.subnet, "net-public-ap-south-1a"),
                    idOf(engine, T.eip, "net-nat-eip-ap-south-1a"),
                ],
            );
        });

        it("routes every zone's private table to that one NAT gateway", () => {
            const natId = idOf(engine, T.nat, "net-nat-ap-south-1a");
            for (const zone of ZONES) {
                assert.deepStrictEqual(
                    engine.one(T.routeTable, `net-app-rt-${zone}`).inputs.routes,
                    [{ cidrBlock: "0.0.0.0/0", natGatewayId: natId }],
                );
            }
            assert.deepStrictEqual(engine.one(T.routeTable, "net-db-rt").inputs.routes, []);
        });
    });

    describe("with two zones and chosen ports, services and retention", () => {
        let engine: RecordingEngine;
        before(async () => {
            engine = await build({
                availabilityZones: ["ap-south-1a", "ap-south-1b"],
                cidrBlock: "10.20.0.0/16",
                publicSubnetCidrs: ["10.20.0.0/24", "10.20.1.0/24"],
                appSubnetCidrs: ["10.20.16.0/20", "10.20.32.0/20"],
                dbSubnetCidrs: ["10.20.64.0/24", "10.20.65.0/24"],
                backendPort: 9000,
                databasePort: 6432,
                interfaceEndpointServices: ["sts", "logs"],
                logRetentionDays: 731,
            });
        });

        it("builds two zones of everything", () => {
            const counts = countByType(engine);
            assert.strictEqual(counts[T.subnet], 6);
            assert.strictEqual(counts[T.nat], 2);
            assert.strictEqual(counts[T.routeTable], 4);
            assert.strictEqual(counts[T.association], 6);
            assert.strictEqual(engine.one(T.vpc).inputs.cidrBlock, "10.20.0.0/16");
        });

        it("opens the chosen backend and database ports", () => {
            assert.deepStrictEqual(rulesOf(engine), expectedRules(9000, 6432));
        });

        it("creates interface endpoints only for the chosen services", () => {
            assert.deepStrictEqual(
                engine
                    .ofType(T.endpoint)
                    .map((e) => `${e.inputs.vpcEndpointType} ${e.inputs.serviceName}`)
                    .sort(),
                [
                    "Gateway com.amazonaws.ap-south-1.dynamodb",
                    "Gateway com.amazonaws.ap-south-1.s3",
                    "Interface com.amazonaws.ap-south-1.logs",
                    "Interface com.amazonaws.ap-south-1.sts",
                ],
            );
        });

        it("keeps flow logs for the chosen retention", () => {
            assert.strictEqual(engine.one(T.logGroup).inputs.retentionInDays, 731);
        });
    });

    describe("argument validation", () => {
        const reject = (overrides: Partial<MedicalVpcArgs>, property: string, message: string) => {
            assert.throws(
                () => validateMedicalVpcArgs(baseArgs(overrides)),
                (err: unknown) => {
                    assert.ok(pulumi.InputPropertyError.isInstance(err));
                    assert.strictEqual(err.propertyPath, property);
                    assert.strictEqual(err.message, message);
                    return true;
                },
            );
        };

        it("refuses one zone", () => {
            reject(
                { availabilityZones: ["ap-south-1a"] },
                "availabilityZones",
                'availabilityZones has 1 zone(s) (["ap-south-1a"]); pass 2 or 3 zones so that ' +
                    "every tier survives the loss of one zone.",
            );
        });

        it("refuses four zones", () => {
            reject(
                { availabilityZones: [...ZONES, "ap-south-1d"] },
                "availabilityZones",
                "availabilityZones has 4 zone(s) " +
                    '(["ap-south-1a","ap-south-1b","ap-south-1c","ap-south-1d"]); pass 2 or 3 ' +
                    "zones so that every tier survives the loss of one zone.",
            );
        });

        it("refuses a zone of another region", () => {
            reject(
                { availabilityZones: ["ap-south-1a", "ap-south-2b", "ap-south-1c"] },
                "availabilityZones",
                'availabilityZones has "ap-south-2b", which is not a zone of region ' +
                    '"ap-south-1"; pass zones of ap-south-1, such as "ap-south-1a", or set ' +
                    "region to match.",
            );
        });

        it("refuses a repeated zone", () => {
            reject(
                { availabilityZones: ["ap-south-1a", "ap-south-1b", "ap-south-1a"] },
                "availabilityZones",
                'availabilityZones lists "ap-south-1a" twice ' +
                    '(["ap-south-1a","ap-south-1b","ap-south-1a"]); pass distinct zones so ' +
                    "that every tier survives the loss of one zone.",
            );
        });

        for (const key of ["publicSubnetCidrs", "appSubnetCidrs", "dbSubnetCidrs"] as const) {
            it(`refuses ${key} with a block missing`, () => {
                reject(
                    { [key]: ["10.0.200.0/24", "10.0.201.0/24"] },
                    key,
                    `${key} has 2 block(s) (["10.0.200.0/24","10.0.201.0/24"]) for 3 ` +
                        "availability zones; pass exactly one block per zone, in the order of " +
                        "availabilityZones.",
                );
            });
        }

        it("refuses in the constructor before registering anything", async () => {
            const { engine, result } = await record(({ primary }) => {
                try {
                    new MedicalVpc("net", baseArgs({ dbSubnetCidrs: [] }), { provider: primary });
                    return undefined;
                } catch (err) {
                    return err;
                }
            });
            assert.ok(pulumi.InputPropertyError.isInstance(result));
            assert.strictEqual(
                (result as Error).message,
                "dbSubnetCidrs has 0 block(s) ([]) for 3 availability zones; pass exactly one " +
                    "block per zone, in the order of availabilityZones.",
            );
            assert.deepStrictEqual(
                engine.resources.map((r) => r.type),
                [T.provider, T.provider],
            );
        });
    });
});
