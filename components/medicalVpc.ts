// The network that carries the patient-intake product in Mumbai. Three tiers per availability
// zone: public subnets hold only the load balancer and the NAT gateways, application subnets
// reach the internet only through NAT, and database subnets have no route out at all. Every
// security group starts closed and opens exactly one path per rule, referencing groups rather
// than address ranges; AWS APIs are reached through private endpoints; all traffic is recorded
// in encrypted flow logs.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { complianceTags } from "./tags";

/** The AWS APIs the backend tasks call privately, through interface endpoints. */
export const DEFAULT_INTERFACE_ENDPOINT_SERVICES: readonly string[] = [
    "ecr.api",
    "ecr.dkr",
    "logs",
    "secretsmanager",
    "kms",
    "monitoring",
    "sts",
];

/** Services reached through gateway endpoints, which are free and live in route tables. */
export const GATEWAY_ENDPOINT_SERVICES: readonly string[] = ["s3", "dynamodb"];

const ANYWHERE_IPV4 = "0.0.0.0/0";
const HTTPS_PORT = 443;
const HTTP_PORT = 80;

/** One path through a security group: a TCP port to or from an address range or another group. */
interface SecurityGroupRule {
    readonly role: string;
    readonly kind: "ingress" | "egress";
    readonly group: aws.ec2.SecurityGroup;
    readonly port: pulumi.Input<number>;
    readonly peer: string | aws.ec2.SecurityGroup;
    readonly description: string;
}

export interface MedicalVpcArgs {
    /** Stack environment for tags, such as "dev" or "prod"; required. */
    readonly environment: string;
    /** Prefix of physical names, such as "baymax-prod"; required. */
    readonly namePrefix: string;
    /** Region the provider deploys into, used in endpoint service names; default "ap-south-1". */
    readonly region?: string;
    /** IPv4 range of the VPC; default "10.0.0.0/16". */
    readonly cidrBlock?: pulumi.Input<string>;
    /** Zones of the region, 2 or 3 (plain: they decide how many subnets exist); required. */
    readonly availabilityZones: string[];
    /** Public (load balancer and NAT) subnet blocks, one per zone in zone order; required. */
    readonly publicSubnetCidrs: string[];
    /** Private application subnet blocks, one per zone in zone order; required. */
    readonly appSubnetCidrs: string[];
    /** Isolated database subnet blocks, one per zone in zone order; required. */
    readonly dbSubnetCidrs: string[];
    /** True for one NAT gateway per zone, false for a single NAT in the first zone; required. */
    readonly natGatewayPerAz: boolean;
    /** ARN of the KMS key that encrypts the flow-log group; required. */
    readonly logsKeyArn: pulumi.Input<string>;
    /** Days the flow-log group keeps records; default 2192 (six years). */
    readonly logRetentionDays?: pulumi.Input<number>;
    /** Services given an interface endpoint; default DEFAULT_INTERFACE_ENDPOINT_SERVICES. */
    readonly interfaceEndpointServices?: string[];
    /** Port the backend tasks listen on behind the load balancer; default 8000. */
    readonly backendPort?: pulumi.Input<number>;
    /** Port of the database and its proxy; default 5432. */
    readonly databasePort?: pulumi.Input<number>;
}

/**
 * Checks the arguments that decide the network's shape; throws an InputPropertyError naming the
 * argument, its value and the fix. Runs before anything is registered.
 */
export function validateMedicalVpcArgs(args: MedicalVpcArgs): void {
    const region = args.region ?? "ap-south-1";
    const zones = args.availabilityZones;
    if (zones.length < 2 || zones.length > 3) {
        throw new pulumi.InputPropertyError({
            propertyPath: "availabilityZones",
            reason:
                `availabilityZones has ${zones.length} zone(s) (${JSON.stringify(zones)}); ` +
                "pass 2 or 3 zones so that every tier survives the loss of one zone.",
        });
    }
    const foreign = zones.find((z) => !new RegExp(`^${region}[a-z]$`).test(z));
    if (foreign !== undefined) {
        throw new pulumi.InputPropertyError({
            propertyPath: "availabilityZones",
            reason:
                `availabilityZones has "${foreign}", which is not a zone of region "${region}"; ` +
                `pass zones of ${region}, such as "${region}a", or set region to match.`,
        });
    }
    const repeated = zones.find((z, i) => zones.indexOf(z) !== i);
    if (repeated !== undefined) {
        throw new pulumi.InputPropertyError({
            propertyPath: "availabilityZones",
            reason:
                `availabilityZones lists "${repeated}" twice (${JSON.stringify(zones)}); ` +
                "pass distinct zones so that every tier survives the loss of one zone.",
        });
    }
    const subnetLists = ["publicSubnetCidrs", "appSubnetCidrs", "dbSubnetCidrs"] as const;
    for (const key of subnetLists) {
        const cidrs = args[key];
        if (cidrs.length !== zones.length) {
            throw new pulumi.InputPropertyError({
                propertyPath: key,
                reason:
                    `${key} has ${cidrs.length} block(s) (${JSON.stringify(cidrs)}) for ` +
                    `${zones.length} availability zones; pass exactly one block per zone, ` +
                    "in the order of availabilityZones.",
            });
        }
    }
}

/**
 * A three-tier VPC for patient data: public, private application and isolated database subnets
 * in each zone, closed default security group, zero-trust security groups for the load
 * balancer, backend, database proxy, database and endpoints, private AWS endpoints, and flow
 * logs of all traffic encrypted with the logs key.
 */
export class MedicalVpc extends pulumi.ComponentResource {
    readonly vpc: aws.ec2.Vpc;
    readonly vpcId: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string>[];
    readonly appSubnetIds: pulumi.Output<string>[];
    readonly dbSubnetIds: pulumi.Output<string>[];
    readonly albSecurityGroup: aws.ec2.SecurityGroup;
    readonly backendSecurityGroup: aws.ec2.SecurityGroup;
    readonly proxySecurityGroup: aws.ec2.SecurityGroup;
    readonly databaseSecurityGroup: aws.ec2.SecurityGroup;
    readonly endpointSecurityGroup: aws.ec2.SecurityGroup;
    readonly flowLogGroup: aws.cloudwatch.LogGroup;
    readonly natGateways: aws.ec2.NatGateway[];

    constructor(name: string, args: MedicalVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        validateMedicalVpcArgs(args);
        super("baymax:network:MedicalVpc", name, {}, opts);

        const region = args.region ?? "ap-south-1";
        const prefix = args.namePrefix;
        const zones = args.availabilityZones;
        const backendPort = args.backendPort ?? 8000;
        const databasePort = args.databasePort ?? 5432;
        const endpointServices = args.interfaceEndpointServices ?? [
            ...DEFAULT_INTERFACE_ENDPOINT_SERVICES,
        ];
        const tags = (physicalName: string) =>
            complianceTags(
                { environment: args.environment, service: "network" },
                physicalName,
                "Internal",
            );
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

        this.vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidrBlock ?? "10.0.0.0/16",
                enableDnsSupport: true,
                enableDnsHostnames: true,
                tags: tags(`${prefix}-vpc`),
            },
            { parent: this },
        );
        const vpcId = this.vpc.id;

        // Adopting the default group strips its allow-all rules, so nothing placed in it by
        // mistake can talk to anything.
        new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            {
                vpcId,
                ingress: [],
                egress: [],
                tags: tags(`${prefix}-default-sg`),
            },
            { parent: this },
        );

        const internetGateway = new aws.ec2.InternetGateway(
            `${name}-igw`,
            { vpcId, tags: tags(`${prefix}-igw`) },
            { parent: this },
        );

        // Public addresses are never handed out on launch: the load balancer and the NAT
        // gateways get theirs explicitly, and nothing else belongs in these subnets.
        const subnets = (tier: string, cidrs: string[]) =>
            zones.map(
                (zone, i) =>
                    new aws.ec2.Subnet(
                        `${name}-${tier}-${zone}`,
                        {
                            vpcId,
                            availabilityZone: zone,
                            cidrBlock: cidrs[i],
                            mapPublicIpOnLaunch: false,
                            tags: tags(`${prefix}-${tier}-${zone}`),
                        },
                        { parent: this },
                    ),
            );
        const publicSubnets = subnets("public", args.publicSubnetCidrs);
        const appSubnets = subnets("app", args.appSubnetCidrs);
        const dbSubnets = subnets("db", args.dbSubnetCidrs);

        const natZones = args.natGatewayPerAz ? zones : [zones[0]];
        this.natGateways = natZones.map((zone, i) => {
            const address = new aws.ec2.Eip(
                `${name}-nat-eip-${zone}`,
                { domain: "vpc", tags: tags(`${prefix}-nat-eip-${zone}`) },
                { parent: this },
            );
            return new aws.ec2.NatGateway(
                `${name}-nat-${zone}`,
                {
                    allocationId: address.allocationId,
                    subnetId: publicSubnets[i].id,
                    connectivityType: "public",
                    tags: tags(`${prefix}-nat-${zone}`),
                },
                { parent: this, dependsOn: [internetGateway] },
            );
        });

        // Route tables own their routes (inline, authoritative): a route added by hand, such as
        // a way out of the database tier, is removed again on the next update. The provider
        // leaves the routes of gateway endpoints alone, so S3 and DynamoDB stay reachable.
        const publicRouteTable = new aws.ec2.RouteTable(
            `${name}-public-rt`,
            {
                vpcId,
                routes: [{ cidrBlock: ANYWHERE_IPV4, gatewayId: internetGateway.id }],
                tags: tags(`${prefix}-public-rt`),
            },
            { parent: this },
        );
        const appRouteTables = zones.map(
            (zone, i) =>
                new aws.ec2.RouteTable(
                    `${name}-app-rt-${zone}`,
                    {
                        vpcId,
                        routes: [
                            {
                                cidrBlock: ANYWHERE_IPV4,
                                natGatewayId: (this.natGateways[i] ?? this.natGateways[0]).id,
                            },
                        ],
                        tags: tags(`${prefix}-app-rt-${zone}`),
                    },
                    { parent: this },
                ),
        );
        const dbRouteTable = new aws.ec2.RouteTable(
            `${name}-db-rt`,
            { vpcId, routes: [], tags: tags(`${prefix}-db-rt`) },
            { parent: this },
        );

        const associate = (
            tier: string,
            tierSubnets: aws.ec2.Subnet[],
            tables: aws.ec2.RouteTable[],
        ) =>
            tierSubnets.forEach(
                (subnet, i) =>
                    new aws.ec2.RouteTableAssociation(
                        `${name}-${tier}-rta-${zones[i]}`,
                        { subnetId: subnet.id, routeTableId: (tables[i] ?? tables[0]).id },
                        { parent: this },
                    ),
            );
        associate("public", publicSubnets, [publicRouteTable]);
        associate("app", appSubnets, appRouteTables);
        associate("db", dbSubnets, [dbRouteTable]);

        const securityGroup = (role: string, description: string) =>
            new aws.ec2.SecurityGroup(
                `${name}-${role}-sg`,
                {
                    vpcId,
                    name: `${prefix}-${role}-sg`,
                    description,
                    tags: tags(`${prefix}-${role}-sg`),
                },
                { parent: this },
            );
        this.albSecurityGroup = securityGroup(
            "alb",
            "Patient-intake load balancer: HTTPS from the internet, to the backend only",
        );
        this.backendSecurityGroup = securityGroup(
            "backend",
            "Patient-intake backend tasks: from the load balancer, to the database proxy and HTTPS",
        );
        this.proxySecurityGroup = securityGroup(
            "proxy",
            "Database proxy: from the backend, to the database only",
        );
        this.databaseSecurityGroup = securityGroup(
            "database",
            "Patient database: from the database proxy only, no egress",
        );
        this.endpointSecurityGroup = securityGroup(
            "endpoints",
            "Private AWS API endpoints: HTTPS from the backend only",
        );

        // Each rule opens one path; database and proxy paths name groups, never address ranges.
        const alb = this.albSecurityGroup;
        const backend = this.backendSecurityGroup;
        const proxy = this.proxySecurityGroup;
        const database = this.databaseSecurityGroup;
        const endpoints = this.endpointSecurityGroup;
        const rules: SecurityGroupRule[] = [
            {
                role: "alb-https-in",
                kind: "ingress",
                group: alb,
                port: HTTPS_PORT,
                peer: ANYWHERE_IPV4,
                description: "HTTPS from the internet to the patient-intake load balancer",
            },
            {
                role: "alb-http-in",
                kind: "ingress",
                group: alb,
                port: HTTP_PORT,
                peer: ANYWHERE_IPV4,
                description:
                    "HTTP from the internet, only so the listener can redirect it to HTTPS",
            },
            {
                role: "alb-to-backend",
                kind: "egress",
                group: alb,
                port: backendPort,
                peer: backend,
                description: "Load balancer to the backend tasks on the backend port",
            },
            {
                role: "backend-from-alb",
                kind: "ingress",
                group: backend,
                port: backendPort,
                peer: alb,
                description: "Backend port from the load balancer only",
            },
            {
                role: "backend-to-proxy",
                kind: "egress",
                group: backend,
                port: databasePort,
                peer: proxy,
                description: "Backend to the database proxy on the database port",
            },
            {
                role: "backend-https-out",
                kind: "egress",
                group: backend,
                port: HTTPS_PORT,
                peer: ANYWHERE_IPV4,
                description: "HTTPS out to AWS API endpoints and the language-model API",
            },
            {
                role: "proxy-from-backend",
                kind: "ingress",
                group: proxy,
                port: databasePort,
                peer: backend,
                description: "Database port from the backend tasks only",
            },
            {
                role: "proxy-to-database",
                kind: "egress",
                group: proxy,
                port: databasePort,
                peer: database,
                description: "Database proxy to the database on the database port",
            },
            {
                role: "database-from-proxy",
                kind: "ingress",
                group: database,
                port: databasePort,
                peer: proxy,
                description: "Database port from the database proxy only",
            },
            {
                role: "endpoints-from-backend",
                kind: "ingress",
                group: endpoints,
                port: HTTPS_PORT,
                peer: backend,
                description: "HTTPS to the private AWS API endpoints from the backend tasks only",
            },
        ];
        for (const rule of rules) {
            const ruleArgs = {
                securityGroupId: rule.group.id,
                description: rule.description,
                ipProtocol: "tcp",
                fromPort: rule.port,
                toPort: rule.port,
                ...(typeof rule.peer === "string"
                    ? { cidrIpv4: rule.peer }
                    : { referencedSecurityGroupId: rule.peer.id }),
                tags: tags(`${prefix}-${rule.role}`),
            };
            if (rule.kind === "ingress") {
                new aws.vpc.SecurityGroupIngressRule(`${name}-${rule.role}`, ruleArgs, {
                    parent: this,
                });
            } else {
                new aws.vpc.SecurityGroupEgressRule(`${name}-${rule.role}`, ruleArgs, {
                    parent: this,
                });
            }
        }

        const privateRouteTableIds = [...appRouteTables, dbRouteTable].map((t) => t.id);
        for (const service of GATEWAY_ENDPOINT_SERVICES) {
            new aws.ec2.VpcEndpoint(
                `${name}-${service}-endpoint`,
                {
                    vpcId,
                    serviceName: `com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Gateway",
                    routeTableIds: privateRouteTableIds,
                    tags: tags(`${prefix}-${service}-endpoint`),
                },
                { parent: this },
            );
        }
        for (const service of endpointServices) {
            const role = service.replace(/\./g, "-");
            new aws.ec2.VpcEndpoint(
                `${name}-${role}-endpoint`,
                {
                    vpcId,
                    serviceName: `com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: appSubnets.map((s) => s.id),
                    securityGroupIds: [this.endpointSecurityGroup.id],
                    tags: tags(`${prefix}-${role}-endpoint`),
                },
                { parent: this },
            );
        }

        // Flow records carry patients' IP addresses, one of HIPAA's identifiers, so the group is
        // classed with the other confidential logs rather than as plumbing.
        this.flowLogGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            {
                name: `/baymax/${prefix}/vpc-flow-logs`,
                kmsKeyId: args.logsKeyArn,
                retentionInDays: args.logRetentionDays ?? 2192,
                tags: complianceTags(
                    { environment: args.environment, service: "network" },
                    `/baymax/${prefix}/vpc-flow-logs`,
                    "Confidential",
                ),
            },
            { parent: this },
        );
        // Only flow logs of this account, in this region, may use the role (no confused deputy).
        const flowLogSourceArn =
            pulumi.interpolate`arn:aws:ec2:${region}:${account}:vpc-flow-log/*`;
        const flowLogRole = new aws.iam.Role(
            `${name}-flow-logs-role`,
            {
                name: `${prefix}-flow-logs-role`,
                description: "Lets VPC Flow Logs of this account write to the flow-log group",
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: {
                                StringEquals: { "aws:SourceAccount": account },
                                ArnLike: {
                                    "aws:SourceArn": flowLogSourceArn,
                                },
                            },
                        },
                    ],
                }),
                tags: tags(`${prefix}-flow-logs-role`),
            },
            { parent: this },
        );
        const flowLogPolicy = new aws.iam.RolePolicy(
            `${name}-flow-logs-policy`,
            {
                role: flowLogRole.id,
                name: "write-flow-logs",
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: [
                                "logs:CreateLogStream",
                                "logs:PutLogEvents",
                                "logs:DescribeLogStreams",
                            ],
                            Resource: [
                                this.flowLogGroup.arn,
                                pulumi.interpolate`${this.flowLogGroup.arn}:*`,
                            ],
                        },
                    ],
                }),
            },
            { parent: this },
        );
        // The role must be able to write before the first records are delivered.
        new aws.ec2.FlowLog(
            `${name}-flow-log`,
            {
                vpcId,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: this.flowLogGroup.arn,
                iamRoleArn: flowLogRole.arn,
                tags: tags(`${prefix}-flow-log`),
            },
            { parent: this, dependsOn: [flowLogPolicy] },
        );

        this.vpcId = vpcId;
        this.publicSubnetIds = publicSubnets.map((s) => s.id);
        this.appSubnetIds = appSubnets.map((s) => s.id);
        this.dbSubnetIds = dbSubnets.map((s) => s.id);
        this.registerOutputs({
            vpc: this.vpc,
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            appSubnetIds: this.appSubnetIds,
            dbSubnetIds: this.dbSubnetIds,
            albSecurityGroup: this.albSecurityGroup,
            backendSecurityGroup: this.backendSecurityGroup,
            proxySecurityGroup: this.proxySecurityGroup,
            databaseSecurityGroup: this.databaseSecurityGroup,
            endpointSecurityGroup: this.endpointSecurityGroup,
            flowLogGroup: this.flowLogGroup,
            natGateways: this.natGateways,
        });
    }
}
