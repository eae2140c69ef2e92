// Realistic physical ids, ARNs and computed attributes for the resource types this program
// creates, so that the offline plan reads like a real preview and wiring between resources
// (a key ARN in a table's encryption block, a role ARN in a task definition) can be checked.
import { createHash } from "crypto";

/** The account every offline run pretends to deploy into. */
export const OFFLINE_ACCOUNT_ID = "111122223333";

export interface IdentityContext {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly inputs: Record<string, any>;
    readonly region: string;
}

export interface Identity {
    readonly id: string;
    /** Computed attributes merged over the inputs to form the resource's state. */
    readonly computed: Record<string, unknown>;
}

/** A stable hex string derived from the URN, so that two runs produce the same plan. */
export function stableHex(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

function uuid(seed: string): string {
    const h = stableHex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The physical name AWS would get: an explicit name input, or the Pulumi name plus a suffix. */
function physicalName(ctx: IdentityContext, ...nameInputs: string[]): string {
    for (const key of nameInputs) {
        const value = ctx.inputs[key];
        if (typeof value === "string" && value !== "") return value;
    }
    return `${ctx.name}-${stableHex(ctx.urn, 7)}`;
}

/** Services whose ARNs carry no region. */
const GLOBAL_SERVICES = ["iam", "s3"];

function arn(service: string, ctx: IdentityContext, resource: string): string {
    const region = GLOBAL_SERVICES.includes(service) ? "" : ctx.region;
    const account = service === "s3" ? "" : OFFLINE_ACCOUNT_ID;
    return `arn:aws:${service}:${region}:${account}:${resource}`;
}

type Shape = (ctx: IdentityContext) => Identity;

/** An id with an AWS-style prefix (vpc-, subnet-, sg-…) and an ARN under the given path. */
function prefixed(prefix: string, service: string, path: string): Shape {
    return (ctx) => {
        const id = `${prefix}-${stableHex(ctx.urn, 17)}`;
        return { id, computed: { arn: arn(service, ctx, `${path}/${id}`) } };
    };
}

/** A resource whose id is its physical name. */
function named(service: string, path: (name: string) => string, ...nameInputs: string[]): Shape {
    return (ctx) => {
        const id = physicalName(ctx, ...nameInputs);
        return { id, computed: { arn: arn(service, ctx, path(id)), name: id } };
    };
}

const SHAPES: Record<string, Shape> = {
    "aws:ec2/vpc:Vpc": (ctx) => {
        const id = `vpc-${stableHex(ctx.urn, 17)}`;
        return {
            id,
            computed: {
                arn: arn("ec2", ctx, `vpc/${id}`),
                defaultSecurityGroupId: `sg-${stableHex(ctx.urn + "/default-sg", 17)}`,
                mainRouteTableId: `rtb-${stableHex(ctx.urn + "/main-rtb", 17)}`,
            },
        };
    },
    "aws:ec2/subnet:Subnet": prefixed("subnet", "ec2", "subnet"),
    "aws:ec2/internetGateway:InternetGateway": prefixed("igw", "ec2", "internet-gateway"),
    "aws:ec2/natGateway:NatGateway": prefixed("nat", "ec2", "natgateway"),
    "aws:ec2/eip:Eip": (ctx) => {
        const id = `eipalloc-${stableHex(ctx.urn, 17)}`;
        const n = parseInt(stableHex(ctx.urn, 4), 16);
        return {
            id,
            computed: { allocationId: id, publicIp: `13.${n % 200}.${(n >> 8) % 250}.${n % 250}` },
        };
    },
    "aws:ec2/routeTable:RouteTable": prefixed("rtb", "ec2", "route-table"),
    "aws:ec2/route:Route": (ctx) => ({ id: `r-rtb-${stableHex(ctx.urn, 17)}`, computed: {} }),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": (ctx) => ({
        id: `rtbassoc-${stableHex(ctx.urn, 17)}`,
        computed: {},
    }),
    "aws:ec2/securityGroup:SecurityGroup": prefixed("sg", "ec2", "security-group"),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": prefixed("sg", "ec2", "security-group"),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": prefixed(
        "sgr",
        "ec2",
        "security-group-rule",
    ),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": prefixed(
        "sgr",
        "ec2",
        "security-group-rule",
    ),
    "aws:ec2/vpcEndpoint:VpcEndpoint": prefixed("vpce", "ec2", "vpc-endpoint"),
    "aws:ec2/flowLog:FlowLog": prefixed("fl", "ec2", "vpc-flow-log"),
    "aws:kms/key:Key": (ctx) => {
        const id = uuid(ctx.urn);
        return { id, computed: { arn: arn("kms", ctx, `key/${id}`), keyId: id } };
    },
    "aws:kms/alias:Alias": (ctx) => {
        const id = physicalName(ctx, "name");
        return { id, computed: { arn: arn("kms", ctx, id), targetKeyArn: ctx.inputs.targetKeyId } };
    },
    "aws:iam/role:Role": named("iam", (n) => `role/${n}`, "name"),
    "aws:iam/policy:Policy": named("iam", (n) => `policy/${n}`, "name"),
    "aws:iam/rolePolicy:RolePolicy": (ctx) => ({
        id: `${ctx.inputs.role ?? "role"}:${physicalName(ctx, "name")}`,
        computed: {},
    }),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (ctx) => ({
        id: `${ctx.inputs.role ?? "role"}-${stableHex(ctx.urn, 12)}`,
        computed: {},
    }),
    "aws:secretsmanager/secret:Secret": (ctx) => {
        const name = physicalName(ctx, "name");
        const secretArn = arn("secretsmanager", ctx, `secret:${name}-${stableHex(ctx.urn, 6)}`);
        return { id: secretArn, computed: { arn: secretArn, name } };
    },
    "aws:secretsmanager/secretVersion:SecretVersion": (ctx) => ({
        id: `${ctx.inputs.secretId}|${uuid(ctx.urn)}`,
        computed: { versionId: uuid(ctx.urn), arn: ctx.inputs.secretId },
    }),
    "aws:cloudwatch/logGroup:LogGroup": named("logs", (n) => `log-group:${n}`, "name"),
    "aws:rds/subnetGroup:SubnetGroup": named("rds", (n) => `subgrp:${n}`, "name"),
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": named(
        "rds",
        (n) => `cluster-pg:${n}`,
        "name",
    ),
    "aws:rds/cluster:Cluster": (ctx) => {
        const id = physicalName(ctx, "clusterIdentifier");
        const host = `${id}.cluster-${stableHex(ctx.urn, 12)}.${ctx.region}.rds.amazonaws.com`;
        const secretArn = arn(
            "secretsmanager",
            ctx,
            `secret:rds!cluster-${uuid(ctx.urn)}-${stableHex(ctx.urn, 6)}`,
        );
        return {
            id,
            computed: {
                arn: arn("rds", ctx, `cluster:${id}`),
                clusterIdentifier: id,
                clusterResourceId: `cluster-${stableHex(ctx.urn, 26).toUpperCase()}`,
                endpoint: host,
                readerEndpoint: host.replace(".cluster-", ".cluster-ro-"),
                port: 5432,
                masterUserSecrets: ctx.inputs.manageMasterUserPassword
                    ? [
                          {
                              secretArn,
                              kmsKeyId: ctx.inputs.masterUserSecretKmsKeyId,
                              secretStatus: "active",
                          },
                      ]
                    : [],
            },
        };
    },
    "aws:rds/clusterInstance:ClusterInstance": (ctx) => {
        const id = physicalName(ctx, "identifier");
        return {
            id,
            computed: {
                arn: arn("rds", ctx, `db:${id}`),
                identifier: id,
                dbiResourceId: `db-${stableHex(ctx.urn, 26).toUpperCase()}`,
                endpoint: `${id}.${stableHex(ctx.urn, 12)}.${ctx.region}.rds.amazonaws.com`,
            },
        };
    },
    "aws:rds/proxy:Proxy": (ctx) => {
        const id = physicalName(ctx, "name");
        return {
            id,
            computed: {
                arn: arn("rds", ctx, `db-proxy:prx-${stableHex(ctx.urn, 17)}`),
                endpoint: `${id}.proxy-${stableHex(ctx.urn, 12)}.${ctx.region}.rds.amazonaws.com`,
                name: id,
            },
        };
    },
    "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": (ctx) => ({
        id: String(ctx.inputs.dbProxyName ?? ctx.name),
        computed: { name: "default" },
    }),
    "aws:rds/proxyTarget:ProxyTarget": (ctx) => ({
        id: `${ctx.inputs.dbProxyName}/${ctx.inputs.targetGroupName}/TRACKED_CLUSTER/${ctx.inputs.dbClusterIdentifier}`,
        computed: {},
    }),
    "aws:dynamodb/table:Table": (ctx) => {
        const id = physicalName(ctx, "name");
        const tableArn = arn("dynamodb", ctx, `table/${id}`);
        return {
            id,
            computed: {
                arn: tableArn,
                name: id,
                streamArn: ctx.inputs.streamEnabled
                    ? `${tableArn}/stream/2026-01-01T00:00:00.000`
                    : undefined,
            },
        };
    },
    "aws:s3/bucket:Bucket": (ctx) => {
        const id = physicalName(ctx, "bucket");
        return {
            id,
            computed: {
                arn: `arn:aws:s3:::${id}`,
                bucket: id,
                bucketDomainName: `${id}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${id}.s3.${ctx.region}.amazonaws.com`,
                region: ctx.region,
            },
        };
    },
    "aws:sns/topic:Topic": (ctx) => {
        const name = physicalName(ctx, "name");
        const topicArn = arn("sns", ctx, name);
        return { id: topicArn, computed: { arn: topicArn, name } };
    },
    "aws:sns/topicSubscription:TopicSubscription": (ctx) => {
        const subArn = `${ctx.inputs.topic}:${uuid(ctx.urn)}`;
        return { id: subArn, computed: { arn: subArn } };
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": named("cloudwatch", (n) => `alarm:${n}`, "name"),
    "aws:cloudwatch/dashboard:Dashboard": (ctx) => {
        const id = physicalName(ctx, "dashboardName");
        return {
            id,
            computed: { dashboardArn: `arn:aws:cloudwatch::${OFFLINE_ACCOUNT_ID}:dashboard/${id}` },
        };
    },
    "aws:ecs/cluster:Cluster": (ctx) => {
        const name = physicalName(ctx, "name");
        const clusterArn = arn("ecs", ctx, `cluster/${name}`);
        return { id: clusterArn, computed: { arn: clusterArn, name } };
    },
    "aws:ecs/service:Service": (ctx) => {
        const name = physicalName(ctx, "name");
        const cluster = String(ctx.inputs.cluster ?? "cluster")
            .split("/")
            .pop();
        const serviceArn = arn("ecs", ctx, `service/${cluster}/${name}`);
        return { id: serviceArn, computed: { name } };
    },
    "aws:ecs/taskDefinition:TaskDefinition": (ctx) => {
        const family = String(ctx.inputs.family ?? ctx.name);
        return {
            id: family,
            computed: {
                arn: arn("ecs", ctx, `task-definition/${family}:1`),
                arnWithoutRevision: arn("ecs", ctx, `task-definition/${family}`),
                revision: 1,
            },
        };
    },
    // A provider-built component: the outputs its plugin returns, for the program's use.
    "awsx:ecr:Repository": (ctx) => {
        const name = physicalName(ctx, "name");
        return {
            id: name,
            computed: {
                url: `${OFFLINE_ACCOUNT_ID}.dkr.ecr.${ctx.region}.amazonaws.com/${name}`,
            },
        };
    },
    "aws:ecr/repository:Repository": (ctx) => {
        const name = physicalName(ctx, "name");
        return {
            id: name,
            computed: {
                arn: arn("ecr", ctx, `repository/${name}`),
                name,
                registryId: OFFLINE_ACCOUNT_ID,
                repositoryUrl: `${OFFLINE_ACCOUNT_ID}.dkr.ecr.${ctx.region}.amazonaws.com/${name}`,
            },
        };
    },
    "aws:lb/loadBalancer:LoadBalancer": (ctx) => {
        const name = physicalName(ctx, "name").slice(0, 32);
        const hex = stableHex(ctx.urn, 16);
        const lbArn = arn("elasticloadbalancing", ctx, `loadbalancer/app/${name}/${hex}`);
        return {
            id: lbArn,
            computed: {
                arn: lbArn,
                arnSuffix: `app/${name}/${hex}`,
                dnsName: `${name}-${parseInt(hex.slice(0, 8), 16)}.${ctx.region}.elb.amazonaws.com`,
                zoneId: "ZP97RAFLXTNZK",
                name,
            },
        };
    },
    "aws:lb/targetGroup:TargetGroup": (ctx) => {
        const name = physicalName(ctx, "name").slice(0, 32);
        const hex = stableHex(ctx.urn, 16);
        const tgArn = arn("elasticloadbalancing", ctx, `targetgroup/${name}/${hex}`);
        return {
            id: tgArn,
            computed: { arn: tgArn, arnSuffix: `targetgroup/${name}/${hex}`, name },
        };
    },
    "aws:lb/listener:Listener": (ctx) => {
        const lbArn = String(ctx.inputs.loadBalancerArn ?? "");
        const listenerArn = `${lbArn.replace(":loadbalancer/", ":listener/")}/${stableHex(ctx.urn, 16)}`;
        return { id: listenerArn, computed: { arn: listenerArn } };
    },
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": (ctx) => {
        const id = `ns-${stableHex(ctx.urn, 16)}`;
        return {
            id,
            computed: {
                arn: arn("servicediscovery", ctx, `namespace/${id}`),
                hostedZone: `Z${stableHex(ctx.urn, 13).toUpperCase()}`,
            },
        };
    },
    "aws:servicediscovery/service:Service": (ctx) => {
        const id = `srv-${stableHex(ctx.urn, 16)}`;
        return { id, computed: { arn: arn("servicediscovery", ctx, `service/${id}`) } };
    },
    "aws:appautoscaling/target:Target": (ctx) => ({
        id: String(ctx.inputs.resourceId ?? ctx.name),
        computed: {
            arn: arn("application-autoscaling", ctx, `scalable-target/${stableHex(ctx.urn, 20)}`),
        },
    }),
    "aws:appautoscaling/policy:Policy": (ctx) => ({
        id: physicalName(ctx, "name"),
        computed: {
            arn: arn(
                "autoscaling",
                ctx,
                `scalingPolicy:${uuid(ctx.urn)}:resource/${ctx.inputs.resourceId}`,
            ),
        },
    }),
    "aws:backup/vault:Vault": (ctx) => {
        const name = physicalName(ctx, "name");
        return { id: name, computed: { arn: arn("backup", ctx, `backup-vault:${name}`), name } };
    },
    "aws:backup/plan:Plan": (ctx) => {
        const id = uuid(ctx.urn);
        return {
            id,
            computed: {
                arn: arn("backup", ctx, `backup-plan:${id}`),
                version: stableHex(ctx.urn, 40),
            },
        };
    },
    "aws:backup/selection:Selection": (ctx) => ({ id: uuid(ctx.urn), computed: {} }),
    "aws:backup/vaultPolicy:VaultPolicy": (ctx) => {
        const name = String(ctx.inputs.backupVaultName);
        return {
            id: name,
            computed: { backupVaultArn: arn("backup", ctx, `backup-vault:${name}`) },
        };
    },
    "aws:wafv2/webAcl:WebAcl": (ctx) => {
        const id = uuid(ctx.urn);
        const name = physicalName(ctx, "name");
        const scope = ctx.inputs.scope === "CLOUDFRONT" ? "global" : "regional";
        return {
            id,
            computed: {
                arn: arn("wafv2", ctx, `${scope}/webacl/${name}/${id}`),
                name,
                lockToken: uuid(ctx.urn + "/lock"),
            },
        };
    },
    "aws:wafv2/webAclAssociation:WebAclAssociation": (ctx) => ({
        id: `${ctx.inputs.webAclArn},${ctx.inputs.resourceArn}`,
        computed: {},
    }),
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": (ctx) => ({
        id: String(ctx.inputs.resourceArn),
        computed: {},
    }),
    "random:index/randomPassword:RandomPassword": (ctx) => ({
        id: "none",
        computed: { result: `offline-${stableHex(ctx.urn, 40)}` },
    }),
    "random:index/randomBytes:RandomBytes": (ctx) => ({
        id: "none",
        computed: {
            base64: Buffer.from(stableHex(ctx.urn, 64), "hex").toString("base64"),
            hex: stableHex(ctx.urn, 64),
        },
    }),
};

/** Outputs that the real provider marks secret, so that the plan blinds them too. */
export const SECRET_OUTPUTS: Record<string, string[]> = {
    "random:index/randomPassword:RandomPassword": ["result", "bcryptHash"],
    "random:index/randomBytes:RandomBytes": ["base64", "hex"],
    "aws:secretsmanager/secretVersion:SecretVersion": ["secretString", "secretBinary"],
};

/** Computes the id and computed attributes of a resource; unknown types get a generic shape. */
export function identify(ctx: IdentityContext): Identity {
    const shape = SHAPES[ctx.type];
    if (shape) return shape(ctx);
    const [pkg, mod] = ctx.type.split(":");
    const service = (mod ?? "").split("/")[0] || pkg;
    const id = `${ctx.name}-${stableHex(ctx.urn, 8)}`;
    return { id, computed: pkg === "aws" ? { arn: arn(service, ctx, `${ctx.name}/${id}`) } : {} };
}
