// Network isolation: PHI lives in subnets without a route to the internet, behind security groups
// that admit only other security groups; the only door from the internet is the load balancer,
// guarded by a logged web ACL; every VPC records its traffic and reaches AWS APIs privately.
// Resources are joined as the engine links them (property dependencies), falling back to literal
// ids, so the policies hold in a real preview where ids are unknown.
import {
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { HipaaSection } from "../hipaa";
import { ofType, rawValue } from "./references";
import {
    allOf,
    isSet,
    knownString,
    matchesGlob,
    quoted,
    resourceRule,
    stackRule,
} from "./support";
import { AWSX_ALB_TYPE, LOAD_BALANCER_TYPES } from "./transit";

const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const EC2_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const VPC = "aws:ec2/vpc:Vpc";
const AWSX_VPC = "awsx:ec2:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const ROUTE = "aws:ec2/route:Route";
const ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway";
const INTERNET_GATEWAY_ATTACHMENT =
    "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const RDS_CLUSTER = "aws:rds/cluster:Cluster";
const RDS_INSTANCE = "aws:rds/instance:Instance";
const RDS_PROXY = "aws:rds/proxy:Proxy";
const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
const WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";
const WEB_ACL_LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";

/** Destinations that mean "anywhere", for IPv4 and IPv6. */
const ANYWHERE = ["0.0.0.0/0", "::/0"] as const;

/** Protocol values of a security-group rule that mean every protocol and port. */
const ALL_PROTOCOLS = ["-1", "all"];

/** The description AWS provider gives a security group when the program sets none. */
const PLACEHOLDER_DESCRIPTION = "Managed by Pulumi";

/** The port each database engine listens on unless the resource sets `port`. */
export const DATABASE_PORTS: Readonly<Record<string, number>> = {
    "aurora-postgresql": 5432,
    postgres: 5432,
    "aurora-mysql": 3306,
    aurora: 3306,
    mysql: 3306,
    POSTGRESQL: 5432,
    MYSQL: 3306,
    SQLSERVER: 1433,
};

/**
 * AWS services that the private subnets reach through VPC endpoints, so that calls carrying
 * PHI, keys and secrets never cross the NAT gateway; the default of `requiredServices`.
 */
export const PRIVATE_ENDPOINT_SERVICES = [
    "s3",
    "dynamodb",
    "secretsmanager",
    "kms",
    "logs",
    "ecr.api",
    "ecr.dkr",
    "sts",
    "monitoring",
] as const;

/** A justified exception to a network rule, matched by name glob. */
export interface NamedExemption {
    readonly name: string;
    readonly reason: string;
}

export interface PortExemption extends NamedExemption {
    readonly ports: readonly number[];
}

/** The load balancer's group: the one security group the internet may reach. */
export const PUBLIC_INGRESS_EXEMPTIONS: readonly PortExemption[] = [
    {
        name: "*-alb-sg",
        ports: [443, 80],
        reason:
            "The internet-facing load balancer must accept HTTPS from patients' browsers; port " +
            "80 only answers with a redirect to HTTPS (elb-listener-http-redirects-to-https).",
    },
];

/** The public subnets' route table, which must send the internet to the internet gateway. */
export const PUBLIC_ROUTE_TABLE_EXEMPTIONS: readonly NamedExemption[] = [
    {
        name: "*-public-rt",
        reason:
            "The public subnets hold only the load balancer and the NAT gateways, which need a " +
            "default route to the internet gateway; no PHI is stored there, and private and " +
            "database subnets use other route tables.",
    },
];

function exemptionSchema(what: string, withPorts: boolean): object {
    const properties: Record<string, object> = {
        name: { type: "string", minLength: 1, description: `Glob of the ${what}.` },
        reason: { type: "string", minLength: 1, description: "Why the exception is safe." },
    };
    if (withPorts) {
        properties.ports = {
            type: "array",
            items: { type: "integer", minimum: 0, maximum: 65535 },
            minItems: 1,
            description: "The only TCP ports the exception covers.",
        };
    }
    return {
        type: "object",
        properties,
        required: Object.keys(properties),
        additionalProperties: false,
    };
}

// ---------------------------------------------------------------------------------------------
// Reading the plan without tripping the unknown-checking proxy, and joining resources.

/** True when a list input holds at least one entry, or is a whole list unknown at preview. */
function nonEmpty(obj: object | undefined | null, key: string): boolean {
    const value = rawValue(obj, key);
    return Array.isArray(value) ? value.length > 0 : isSet(obj, key);
}

/** The known strings of an input holding a string or a list of strings. */
function knownStrings(obj: object | undefined | null, key: string): string[] {
    const value = rawValue(obj, key);
    const values: unknown[] = Array.isArray(value) ? value : [value];
    return values.filter(
        (value): value is string => knownString({ value }, "value") !== undefined,
    );
}

/** The field holding a resource's physical id in the plan, for literal joins. */
function idField(resource: PolicyResource): string {
    return resource.type === AWSX_VPC ? "vpcId" : "id";
}

/**
 * The candidates an input of `from` points at: those the engine records as dependencies of the
 * input, else those whose id (or `field`) equals a known literal of it.
 */
function referents(
    from: PolicyResource,
    key: string,
    candidates: readonly PolicyResource[],
    literals: readonly string[] = knownStrings(from.props, key),
    field?: string,
): PolicyResource[] {
    const deps = from.propertyDependencies[key] ?? [];
    const linked = candidates.filter((c) => deps.some((d) => d.urn === c.urn));
    if (linked.length > 0) return linked;
    return candidates.filter((c) => {
        const id = knownString(c.props, field ?? idField(c));
        return id !== undefined && literals.includes(id);
    });
}

// ---------------------------------------------------------------------------------------------
// Security-group rules, inline or standalone, in one shape.

type Direction = "ingress" | "egress";

interface GroupRule {
    readonly direction: Direction;
    /** The resource that declares the rule: the group (inline) or the rule resource. */
    readonly declaredBy: PolicyResource;
    /** How a message names the rule. */
    readonly what: string;
    /** The group the rule belongs to, when it is one of this stack's. */
    readonly group: PolicyResource | undefined;
    readonly props: Record<string, any>;
    /** Which inputs hold CIDRs, IPv6 CIDRs and prefix lists for this kind of rule. */
    readonly keys: { readonly v4: string; readonly v6: string; readonly prefixes: string };
    readonly protocolKey: string;
}

const INLINE_KEYS = { v4: "cidrBlocks", v6: "ipv6CidrBlocks", prefixes: "prefixListIds" };
const VPC_RULE_KEYS = { v4: "cidrIpv4", v6: "cidrIpv6", prefixes: "prefixListId" };

function securityGroups(args: StackValidationArgs): PolicyResource[] {
    return ofType(args.resources, SECURITY_GROUP, DEFAULT_SECURITY_GROUP);
}

/** Standalone rule resources, each with its direction. */
function standaloneRules(args: StackValidationArgs): [PolicyResource, Direction][] {
    return args.resources.flatMap((r): [PolicyResource, Direction][] => {
        if (r.type === INGRESS_RULE) return [[r, "ingress"]];
        if (r.type === EGRESS_RULE) return [[r, "egress"]];
        if (r.type === EC2_RULE) return [[r, r.props.type === "egress" ? "egress" : "ingress"]];
        return [];
    });
}

/** The standalone rules among `rules` whose securityGroupId is `group`. */
function attachedTo(group: PolicyResource, rules: readonly PolicyResource[]): PolicyResource[] {
    return rules.filter((rule) => referents(rule, "securityGroupId", [group]).length > 0);
}

/** Every security-group rule of the plan: the groups' inline rules, then standalone ones. */
function groupRules(args: StackValidationArgs): GroupRule[] {
    const groups = securityGroups(args);
    const rules: GroupRule[] = [];
    for (const group of groups) {
        for (const direction of ["ingress", "egress"] as const) {
            const entries = (group.props[direction] ?? []) as Record<string, any>[];
            entries.forEach((entry, i) => {
                rules.push({
                    direction,
                    declaredBy: group,
                    what: `Security group "${group.name}" ${direction}[${i}]`,
                    group,
                    props: entry,
                    keys: INLINE_KEYS,
                    protocolKey: "protocol",
                });
            });
        }
    }
    for (const [rule, direction] of standaloneRules(args)) {
        const ec2 = rule.type === EC2_RULE;
        rules.push({
            direction,
            declaredBy: rule,
            what: `Security group rule "${rule.name}"`,
            group: referents(rule, "securityGroupId", groups)[0],
            props: rule.props,
            keys: ec2 ? INLINE_KEYS : VPC_RULE_KEYS,
            protocolKey: ec2 ? "protocol" : "ipProtocol",
        });
    }
    return rules;
}

/** The "anywhere" CIDRs a rule admits or sends to. */
function anywhereCidrs(rule: GroupRule): string[] {
    const cidrs = [rule.props[rule.keys.v4], rule.props[rule.keys.v6]].flat();
    return ANYWHERE.filter((any) => cidrs.includes(any));
}

/** The inputs through which a rule names addresses rather than security groups. */
function addressInputs(rule: GroupRule): string[] {
    const { v4, v6, prefixes } = rule.keys;
    return [v4, v6, prefixes].filter((key) => nonEmpty(rule.props, key));
}

interface PortRange {
    readonly all: boolean;
    readonly protocol: string;
    readonly from: number;
    readonly to: number;
}

function portsOf(rule: GroupRule): PortRange {
    const protocol = String(rule.props[rule.protocolKey] ?? "-1").toLowerCase();
    const all = ALL_PROTOCOLS.includes(protocol);
    return { all, protocol, from: rule.props.fromPort, to: rule.props.toPort };
}

function describePorts(range: PortRange): string {
    if (range.all) return "all protocols and ports";
    const ports = range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
    return `${range.protocol} ${ports}`;
}

/** True when a range is exactly one TCP port of `ports`. */
function isOneOf(range: PortRange, ports: readonly number[]): boolean {
    return (
        !range.all &&
        (range.protocol === "tcp" || range.protocol === "6") &&
        range.from === range.to &&
        ports.includes(range.from)
    );
}

interface DataTierGroup {
    /** The RDS resources the group guards, for messages. */
    readonly guards: string;
    /** Their database ports. */
    readonly ports: readonly number[];
}

/** The data tier: groups that RDS clusters, instances and proxies sit in, with their ports. */
function dataTierGroups(args: StackValidationArgs): Map<string, DataTierGroup> {
    const groups = securityGroups(args);
    const tier = new Map<string, DataTierGroup>();
    for (const db of ofType(args.resources, RDS_CLUSTER, RDS_INSTANCE, RDS_PROXY)) {
        if (!nonEmpty(db.props, "vpcSecurityGroupIds")) continue;
        const kind =
            db.type === RDS_PROXY
                ? "RDS proxy"
                : db.type === RDS_CLUSTER
                  ? "RDS cluster"
                  : "RDS instance";
        const engine = (db.type === RDS_PROXY ? db.props.engineFamily : db.props.engine) as string;
        const port = (db.props.port as number | undefined) ?? DATABASE_PORTS[engine];
        for (const group of referents(db, "vpcSecurityGroupIds", groups)) {
            const entry = tier.get(group.urn) ?? { guards: "", ports: [] };
            const guard = `${kind} "${db.name}"`;
            tier.set(group.urn, {
                guards: entry.guards === "" ? guard : `${entry.guards} and ${guard}`,
                ports: port === undefined ? entry.ports : [...entry.ports, port],
            });
        }
    }
    return tier;
}

// ---------------------------------------------------------------------------------------------
// Route tables: which subnets reach the internet, and how.

interface DefaultRoute {
    /** The resource that declares the route: the route table (inline) or a Route. */
    readonly declaredBy: PolicyResource;
    readonly table: PolicyResource | undefined;
    readonly destination: string;
    readonly viaInternetGateway: boolean;
    /** What the route goes through, for messages. */
    readonly target: string;
}

/** True when a gateway input names an internet gateway, by id or by the engine's links. */
function isInternetGateway(
    holder: object,
    key: string,
    linked: readonly PolicyResource[],
): boolean {
    const id = knownString(holder, key);
    if (id !== undefined) return id.startsWith("igw-");
    return isSet(holder, key) && linked.some((r) => r.type === INTERNET_GATEWAY);
}

/** Every route of the plan whose destination is anywhere, inline or standalone. */
function defaultRoutes(args: StackValidationArgs): DefaultRoute[] {
    const tables = ofType(args.resources, ROUTE_TABLE);
    const found: DefaultRoute[] = [];
    for (const table of tables) {
        const linked = table.propertyDependencies["routes"] ?? [];
        const routes = (table.props.routes ?? []) as Record<string, any>[];
        for (const route of routes) {
            const destination = [route.cidrBlock, route.ipv6CidrBlock].find((d) =>
                (ANYWHERE as readonly unknown[]).includes(d),
            );
            if (destination === undefined) continue;
            const viaIgw = isInternetGateway(route, "gatewayId", linked);
            found.push({
                declaredBy: table,
                table,
                destination,
                viaInternetGateway: viaIgw,
                target: routeTarget(route, viaIgw),
            });
        }
    }
    for (const route of ofType(args.resources, ROUTE)) {
        const props = route.props;
        const destination = [props.destinationCidrBlock, props.destinationIpv6CidrBlock].find(
            (d) => (ANYWHERE as readonly unknown[]).includes(d),
        );
        if (destination === undefined) continue;
        const linked = route.propertyDependencies["gatewayId"] ?? [];
        const viaIgw = isInternetGateway(props, "gatewayId", linked);
        found.push({
            declaredBy: route,
            table: referents(route, "routeTableId", tables)[0],
            destination,
            viaInternetGateway: viaIgw,
            target: routeTarget(props, viaIgw),
        });
    }
    return found;
}

function routeTarget(route: Record<string, any>, viaIgw: boolean): string {
    if (viaIgw) return "an internet gateway";
    if (isSet(route, "natGatewayId")) return "a NAT gateway";
    if (isSet(route, "egressOnlyGatewayId")) return "an egress-only internet gateway";
    return "a gateway";
}

/** The route tables explicitly associated with a subnet. */
function tablesOf(args: StackValidationArgs, subnet: PolicyResource): PolicyResource[] {
    const tables = ofType(args.resources, ROUTE_TABLE);
    return ofType(args.resources, ROUTE_TABLE_ASSOCIATION)
        .filter((a) => referents(a, "subnetId", [subnet]).length > 0)
        .flatMap((a) => referents(a, "routeTableId", tables));
}

/** The subnets of this stack that an input of `from` lists. */
function subnetsIn(
    args: StackValidationArgs,
    from: PolicyResource,
    key: string,
    literals?: string[],
): PolicyResource[] {
    return referents(from, key, ofType(args.resources, SUBNET), literals);
}

/** The subnets an input of `from` lists whose route table holds one of `routes`, with both. */
function routedSubnets(
    args: StackValidationArgs,
    from: PolicyResource,
    key: string,
    routes: readonly DefaultRoute[],
    literals?: string[],
): { subnet: PolicyResource; table: PolicyResource; route: DefaultRoute }[] {
    return subnetsIn(args, from, key, literals).flatMap((subnet) =>
        tablesOf(args, subnet).flatMap((table) => {
            const route = routes.find((r) => r.table?.urn === table.urn);
            return route === undefined ? [] : [{ subnet, table, route }];
        }),
    );
}

// ---------------------------------------------------------------------------------------------
// Security groups.

const openIngressSections: HipaaSection[] = [
    "164.308(a)(3)(i)",
    "164.308(a)(3)(ii)(B)",
    "164.308(a)(4)(i)",
    "164.308(a)(4)(ii)(A)",
    "164.308(a)(4)(ii)(B)",
    "164.308(a)(4)(ii)(C)",
    "164.312(a)(1)",
    "164.312(e)(1)",
];

interface PublicIngressConfig {
    exemptSecurityGroups: PortExemption[];
}

const noPublicIngress = stackRule({
    name: "ec2-security-group-no-public-ingress",
    requires:
        "No security group admits the whole internet (any IPv4 or IPv6 address), except the " +
        "groups named with their ports and a reason in exemptSecurityGroups (by default the " +
        "load balancer's, on TCP 443 and 80)",
    sections: openIngressSections,
    fix:
        "Admit traffic from a security group (referencedSecurityGroupId) or a private range, or " +
        "add the group to exemptSecurityGroups with its ports and the reason.",
    baseline:
        "cdk-nag EC2RestrictedSSH, EC2RestrictedCommonPorts; AWS Config restricted-ssh, " +
        "restricted-common-ports, vpc-sg-open-only-to-authorized-ports",
    configSchema: {
        properties: {
            exemptSecurityGroups: {
                type: "array",
                items: exemptionSchema("security group's name", true),
                default: PUBLIC_INGRESS_EXEMPTIONS.map((e) => ({ ...e, ports: [...e.ports] })),
                description:
                    "Security groups (by name glob) that may admit the internet on the listed " +
                    "TCP ports, each with the reason.",
            },
        },
    } as PolicyConfigSchema,
    validate: (args, report) => {
        const config = args.getConfig<Partial<PublicIngressConfig>>();
        const exemptions = config.exemptSecurityGroups ?? PUBLIC_INGRESS_EXEMPTIONS;
        for (const rule of groupRules(args).filter((r) => r.direction === "ingress")) {
            const anywhere = anywhereCidrs(rule);
            if (anywhere.length === 0) continue;
            const ports = portsOf(rule);
            // A group's name decides its exemption; a name unknown at preview is reported by
            // the SDK rather than guessed.
            const name = rule.group?.props.name as string | undefined;
            const exempt =
                name !== undefined &&
                exemptions.some((e) => matchesGlob(name, e.name) && isOneOf(ports, e.ports));
            if (!exempt) {
                report(
                    `${rule.what} admits ${anywhere.join(" and ")} on ${describePorts(ports)}: ` +
                        "admit a security group or a private range instead, or list the group " +
                        "in exemptSecurityGroups with its ports and the reason.",
                    rule.declaredBy.urn,
                );
            }
        }
    },
});

const databaseIngress = stackRule({
    name: "rds-security-group-ingress-from-groups-only",
    requires:
        "The security groups of RDS clusters, instances and proxies admit only other security " +
        "groups, never CIDR ranges or prefix lists, and only on the database port",
    sections: ["164.308(a)(4)(i)", "164.312(a)(1)", "164.312(e)(1)"],
    fix:
        "Use a SecurityGroupIngressRule with referencedSecurityGroupId set to the client's " +
        "group and fromPort = toPort = the database port.",
    baseline: "Baymax",
    validate: (args, report) => {
        const tier = dataTierGroups(args);
        if (tier.size === 0) args.notApplicable("No RDS resource names a security group");
        for (const rule of groupRules(args)) {
            const guarded = rule.group && tier.get(rule.group.urn);
            if (rule.direction !== "ingress" || !guarded) continue;
            const of = `security group "${rule.group!.name}" of ${guarded.guards}`;
            const addresses = addressInputs(rule);
            if (addresses.length > 0) {
                report(
                    `${rule.what} admits addresses (${addresses.join(", ")}) to ${of}: admit ` +
                        "only the client's security group through referencedSecurityGroupId.",
                    rule.declaredBy.urn,
                );
            }
            const ports = portsOf(rule);
            if (guarded.ports.length > 0 && !isOneOf(ports, guarded.ports)) {
                const only = guarded.ports.map((p) => `tcp ${p}`).join(" or ");
                report(
                    `${rule.what} opens ${describePorts(ports)} on ${of}: open only ${only}.`,
                    rule.declaredBy.urn,
                );
            }
        }
    },
});

const databaseEgress = stackRule({
    name: "rds-security-group-egress-restricted",
    requires:
        "The security groups of RDS clusters, instances and proxies send nothing to the whole " +
        "internet (any IPv4 or IPv6 address), so a compromised database cannot move PHI out",
    sections: ["164.312(a)(1)", "164.312(e)(1)"],
    fix: "Remove the open egress rule; allow only the security groups the database must reach.",
    baseline: "Baymax",
    validate: (args, report) => {
        const tier = dataTierGroups(args);
        if (tier.size === 0) args.notApplicable("No RDS resource names a security group");
        for (const rule of groupRules(args)) {
            const guarded = rule.group && tier.get(rule.group.urn);
            if (rule.direction !== "egress" || !guarded) continue;
            const anywhere = anywhereCidrs(rule);
            if (anywhere.length > 0) {
                report(
                    `${rule.what} lets security group "${rule.group!.name}" of ` +
                        `${guarded.guards} send ${describePorts(portsOf(rule))} to ` +
                        `${anywhere.join(" and ")}: remove it and allow only the security ` +
                        "groups the database must reach.",
                    rule.declaredBy.urn,
                );
            }
        }
    },
});

interface DescribedProps {
    description?: string;
    ingress?: { description?: string }[];
    egress?: { description?: string }[];
}

const described = resourceRule<DescribedProps>({
    name: "ec2-security-group-described",
    requires:
        "Security groups and each of their rules say in a description whom they admit and why, " +
        "so a reviewer can confirm every opening",
    sections: ["164.308(a)(4)(ii)(C)", "164.312(a)(1)"],
    enforcementLevel: "advisory",
    fix: "Set description on the security group and on each of its rules.",
    baseline: "cdk-nag AwsSolutions-EC23 (descriptions, AwsSolutions pack)",
    types: [SECURITY_GROUP, INGRESS_RULE, EGRESS_RULE, EC2_RULE],
    validate: (props, args, report) => {
        if (args.type !== SECURITY_GROUP) {
            if (!isSet(props, "description")) {
                report(`Security group rule "${args.name}" has no description: set one.`);
            }
            return;
        }
        const what = `Security group "${args.name}"`;
        if (!isSet(props, "description") || props.description === PLACEHOLDER_DESCRIPTION) {
            report(`${what} has no description of its own: set description.`);
        }
        for (const direction of ["ingress", "egress"] as const) {
            (props[direction] ?? []).forEach((entry, i) => {
                if (!isSet(entry, "description")) {
                    report(`${what} ${direction}[${i}] has no description: set one.`);
                }
            });
        }
    },
});

const notMixed = stackRule({
    name: "ec2-security-group-rules-not-mixed",
    requires:
        "No security group has both inline ingress or egress rules and standalone rule " +
        "resources, which overwrite each other so that the deployed rules match neither",
    sections: ["164.308(a)(4)(ii)(C)", "164.312(a)(1)"],
    fix:
        "Move every rule of the group into standalone SecurityGroupIngressRule and " +
        "SecurityGroupEgressRule resources and drop its inline ingress and egress.",
    baseline: "Baymax",
    validate: (args, report) => {
        const groups = securityGroups(args);
        if (groups.length === 0) args.notApplicable("The stack has no security groups");
        const standalone = standaloneRules(args).map(([rule]) => rule);
        for (const group of groups) {
            if (!nonEmpty(group.props, "ingress") && !nonEmpty(group.props, "egress")) continue;
            const attached = attachedTo(group, standalone);
            if (attached.length > 0) {
                const names = quoted(attached.map((r) => r.name));
                report(
                    `Security group "${group.name}" has inline rules and the standalone rule(s) ` +
                        `${names}: move the inline rules into standalone ` +
                        "SecurityGroupIngressRule and SecurityGroupEgressRule resources.",
                    group.urn,
                );
            }
        }
    },
});

// ---------------------------------------------------------------------------------------------
// VPCs.

function vpcsOf(args: StackValidationArgs): PolicyResource[] {
    const vpcs = ofType(args.resources, VPC, AWSX_VPC);
    if (vpcs.length === 0) args.notApplicable("The stack has no VPCs");
    return vpcs;
}

/** The resources of `types` whose `vpcId` is the given VPC. */
function inVpc(args: StackValidationArgs, vpc: PolicyResource, types: string[]): PolicyResource[] {
    return ofType(args.resources, ...types).filter((r) => referents(r, "vpcId", [vpc]).length > 0);
}

const defaultGroupClosed = stackRule({
    name: "ec2-vpc-default-security-group-closed",
    requires:
        "Every VPC's default security group is managed by the stack and has no rules, so " +
        "nothing placed in it by mistake can talk to anything",
    sections: ["164.312(a)(1)", "164.312(e)(1)"],
    fix:
        "Add an aws.ec2.DefaultSecurityGroup with vpcId set to the VPC and ingress: [] and " +
        "egress: [], and attach no rules to it.",
    baseline: "cdk-nag VPCDefaultSecurityGroupClosed; AWS Config vpc-default-security-group-closed",
    validate: (args, report) => {
        const standalone = standaloneRules(args).map(([rule]) => rule);
        for (const vpc of vpcsOf(args)) {
            const defaults = inVpc(args, vpc, [DEFAULT_SECURITY_GROUP]);
            if (defaults.length === 0) {
                report(
                    `VPC "${vpc.name}" leaves its default security group as AWS creates it, ` +
                        "open between members and to the internet outbound: add an " +
                        "aws.ec2.DefaultSecurityGroup for it with ingress: [] and egress: [].",
                    vpc.urn,
                );
            }
            for (const group of defaults) {
                const attached = attachedTo(group, standalone);
                const inline = ["ingress", "egress"].filter((d) => nonEmpty(group.props, d));
                if (inline.length > 0 || attached.length > 0) {
                    const rules = [
                        ...inline.map((d) => `inline ${d}`),
                        ...attached.map((r) => `rule "${r.name}"`),
                    ].join(", ");
                    report(
                        `Default security group "${group.name}" of VPC "${vpc.name}" has rules ` +
                            `(${rules}): set ingress: [] and egress: [] and attach no rules.`,
                        group.urn,
                    );
                }
            }
        }
    },
});

const flowLogs = stackRule({
    name: "ec2-vpc-flow-logs-all-traffic",
    requires: "Every VPC has a flow log that records all traffic, accepted and rejected",
    sections: ["164.308(a)(3)(ii)(A)", "164.312(b)"],
    fix:
        'Add an aws.ec2.FlowLog with vpcId set to the VPC, trafficType "ALL" and an encrypted ' +
        "log group as its destination.",
    baseline: "cdk-nag VPCFlowLogsEnabled; AWS Config vpc-flow-logs-enabled",
    validate: (args, report) => {
        for (const vpc of vpcsOf(args)) {
            const logs = inVpc(args, vpc, [FLOW_LOG]);
            if (logs.some((log) => log.props.trafficType === "ALL")) continue;
            const partial = quoted(logs.map((log) => log.props.trafficType));
            report(
                logs.length === 0
                    ? `VPC "${vpc.name}" has no flow log: add an aws.ec2.FlowLog for it with ` +
                          'trafficType "ALL".'
                    : `VPC "${vpc.name}" logs only ${partial} traffic: set its flow log's ` +
                          'trafficType to "ALL".',
                vpc.urn,
            );
        }
    },
});

interface SubnetProps {
    mapPublicIpOnLaunch?: boolean;
    assignIpv6AddressOnCreation?: boolean;
    subnetSpecs?: { type?: string; assignIpv6AddressOnCreation?: boolean }[];
}

const subnetNoPublicIp = resourceRule<SubnetProps>({
    name: "ec2-subnet-no-public-ip-on-launch",
    requires:
        "No subnet gives what is launched in it a public IPv4 or an IPv6 address automatically",
    sections: [
        "164.308(a)(3)(i)",
        "164.308(a)(4)(ii)(A)",
        "164.308(a)(4)(ii)(C)",
        "164.312(a)(1)",
        "164.312(e)(1)",
    ],
    fix: "Set mapPublicIpOnLaunch: false and leave assignIpv6AddressOnCreation off.",
    baseline:
        "cdk-nag VPCSubnetAutoAssignPublicIpDisabled; AWS Config " +
        "subnet-auto-assign-public-ip-disabled",
    types: [SUBNET, AWSX_VPC],
    validate: (props, args, report) => {
        if (args.type === AWSX_VPC) {
            const what = `awsx VPC "${args.name}"`;
            const specs = props.subnetSpecs;
            if (specs === undefined) {
                report(
                    `${what} uses the default subnet layout, whose public subnets assign ` +
                        "public IPs on launch: set subnetSpecs to Private and Isolated subnets " +
                        "only, or build the public subnets with aws.ec2.Subnet.",
                );
                return;
            }
            specs.forEach((spec, i) => {
                if (String(spec.type).toLowerCase() === "public") {
                    report(
                        `${what} subnetSpecs[${i}] is Public, which awsx creates with ` +
                            "mapPublicIpOnLaunch: true: build the public subnets with " +
                            "aws.ec2.Subnet and mapPublicIpOnLaunch: false.",
                    );
                }
                if (spec.assignIpv6AddressOnCreation === true) {
                    report(
                        `${what} subnetSpecs[${i}] assigns IPv6 addresses on creation: set ` +
                            "assignIpv6AddressOnCreation: false.",
                    );
                }
            });
            return;
        }
        const what = `Subnet "${args.name}"`;
        if (props.mapPublicIpOnLaunch === true) {
            report(`${what} assigns public IPs on launch: set mapPublicIpOnLaunch: false.`);
        }
        if (props.assignIpv6AddressOnCreation === true) {
            report(
                `${what} assigns IPv6 addresses on creation: set ` +
                    "assignIpv6AddressOnCreation: false.",
            );
        }
    },
});

interface RouteTableConfig {
    exemptRouteTables: NamedExemption[];
}

const noInternetGatewayRoute = stackRule({
    name: "ec2-route-table-no-igw-default-route",
    requires:
        "No route table sends the default route (any IPv4 or IPv6 address) to an internet " +
        "gateway, except the route tables named with a reason in exemptRouteTables (by " +
        "default the public subnets')",
    sections: ["164.312(e)(1)"],
    fix:
        "Route the private subnets' default route through a NAT gateway, or list a public " +
        "route table (by its Name tag) in exemptRouteTables with the reason.",
    baseline: "cdk-nag VPCNoUnrestrictedRouteToIGW; AWS Config no-unrestricted-route-to-igw",
    configSchema: {
        properties: {
            exemptRouteTables: {
                type: "array",
                items: exemptionSchema("route table's Name tag", false),
                default: PUBLIC_ROUTE_TABLE_EXEMPTIONS.map((e) => ({ ...e })),
                description:
                    "Route tables (by Name tag glob) that may send the internet to an internet " +
                    "gateway, each with the reason.",
            },
        },
    } as PolicyConfigSchema,
    validate: (args, report) => {
        const config = args.getConfig<Partial<RouteTableConfig>>();
        const exemptions = config.exemptRouteTables ?? PUBLIC_ROUTE_TABLE_EXEMPTIONS;
        for (const route of defaultRoutes(args)) {
            if (!route.viaInternetGateway) continue;
            const tag = route.table?.props.tags?.Name as string | undefined;
            if (tag !== undefined && exemptions.some((e) => matchesGlob(tag, e.name))) continue;
            const what =
                route.declaredBy.type === ROUTE
                    ? `Route "${route.declaredBy.name}"`
                    : `Route table "${route.declaredBy.name}"`;
            report(
                `${what} sends ${route.destination} to an internet gateway: route it through a ` +
                    "NAT gateway, or list the route table's Name tag in exemptRouteTables " +
                    "with the reason.",
                route.declaredBy.urn,
            );
        }
    },
});

interface GatewayConfig {
    authorizedVpcIds: string[];
}

const gatewayOnStackVpc = stackRule({
    name: "ec2-internet-gateway-stack-vpc-only",
    requires:
        "Internet gateways attach only to VPCs of this stack or to VPC ids listed in " +
        "authorizedVpcIds",
    sections: ["164.308(a)(1)(ii)(B)"],
    fix: "Attach the internet gateway to a VPC of this stack through vpcId.",
    baseline: "AWS Config internet-gateway-authorized-vpc-only",
    configSchema: {
        properties: {
            authorizedVpcIds: {
                type: "array",
                items: { type: "string", pattern: "^vpc-[0-9a-f]+$" },
                uniqueItems: true,
                default: [],
                description: "VPCs outside this stack that an internet gateway may attach to.",
            },
        },
    },
    validate: (args, report) => {
        const gateways = ofType(args.resources, INTERNET_GATEWAY, INTERNET_GATEWAY_ATTACHMENT);
        if (gateways.length === 0) args.notApplicable("The stack has no internet gateways");
        const authorized = args.getConfig<Partial<GatewayConfig>>().authorizedVpcIds ?? [];
        const vpcs = ofType(args.resources, VPC, AWSX_VPC);
        for (const gateway of gateways) {
            if (!isSet(gateway.props, "vpcId")) continue;
            if (referents(gateway, "vpcId", vpcs).length > 0) continue;
            // An id unknown at preview and linked to no VPC of the plan cannot be judged.
            const vpcId = gateway.props.vpcId as string;
            if (authorized.includes(vpcId)) continue;
            const what =
                gateway.type === INTERNET_GATEWAY
                    ? `Internet gateway "${gateway.name}"`
                    : `Internet gateway attachment "${gateway.name}"`;
            report(
                `${what} attaches to VPC "${vpcId}", which is not a VPC of this stack: attach ` +
                    "it to a VPC of this stack, or list the VPC in authorizedVpcIds.",
                gateway.urn,
            );
        }
    },
});

interface EndpointConfig {
    requiredServices: string[];
}

/** The service of an AWS endpoint name such as com.amazonaws.ap-south-1.ecr.api ("ecr.api"). */
function endpointService(serviceName: string): string {
    const match = /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(serviceName);
    return match ? match[1] : serviceName;
}

const endpoints = stackRule({
    name: "ec2-vpc-endpoints-present",
    requires:
        "Every VPC reaches the AWS services in requiredServices through VPC endpoints, with " +
        "private DNS on for interface endpoints; advisory, because which services need one " +
        "is a design choice and calls through the NAT gateway are still TLS",
    sections: ["164.312(e)(1)"],
    enforcementLevel: "advisory",
    fix:
        "Add an aws.ec2.VpcEndpoint per missing service (Gateway for s3 and dynamodb, " +
        "Interface with privateDnsEnabled: true otherwise).",
    baseline: "Baymax (Steampipe vpc_configured_to_use_vpc_endpoints)",
    configSchema: {
        properties: {
            requiredServices: {
                type: "array",
                items: { type: "string", pattern: "^[a-z0-9.-]+$" },
                uniqueItems: true,
                default: [...PRIVATE_ENDPOINT_SERVICES],
                description:
                    "AWS services (the part after com.amazonaws.<region>.) every VPC needs an " +
                    "endpoint for.",
            },
        },
    },
    validate: (args, report) => {
        const config = args.getConfig<Partial<EndpointConfig>>();
        const required = config.requiredServices ?? [...PRIVATE_ENDPOINT_SERVICES];
        for (const vpc of vpcsOf(args)) {
            const own = inVpc(args, vpc, [VPC_ENDPOINT]);
            const specs = vpc.type === AWSX_VPC ? vpc.props.vpcEndpointSpecs ?? [] : [];
            const present = [...own.map((e) => e.props), ...specs].map((e) =>
                endpointService(e.serviceName as string),
            );
            const missing = required.filter((s) => !present.includes(s));
            if (missing.length > 0) {
                report(
                    `VPC "${vpc.name}" has no endpoint for ${allOf(missing)}: add an ` +
                        "aws.ec2.VpcEndpoint for each, so these calls stay on the AWS network.",
                    vpc.urn,
                );
            }
            for (const endpoint of own) {
                const isInterface = endpoint.props.vpcEndpointType === "Interface";
                if (isInterface && endpoint.props.privateDnsEnabled !== true) {
                    report(
                        `VPC endpoint "${endpoint.name}" has private DNS off, so SDKs still ` +
                            "resolve the public endpoint: set privateDnsEnabled: true.",
                        endpoint.urn,
                    );
                }
            }
        }
    },
});

// ---------------------------------------------------------------------------------------------
// Databases and tasks stay off the internet.

const dbPlacementSections: HipaaSection[] = [
    "164.308(a)(3)(i)",
    "164.308(a)(4)(ii)(A)",
    "164.308(a)(4)(ii)(C)",
    "164.312(a)(1)",
    "164.312(e)(1)",
];

const instanceNotPublic = resourceRule<{ publiclyAccessible?: boolean }>({
    name: "rds-instance-not-publicly-accessible",
    requires: "RDS cluster instances and DB instances get no public address",
    sections: dbPlacementSections,
    fix: "Set publiclyAccessible: false.",
    baseline: "cdk-nag RDSInstancePublicAccess; AWS Config rds-instance-public-access-check",
    types: ["aws:rds/clusterInstance:ClusterInstance", RDS_INSTANCE],
    validate: (instance, args, report) => {
        if (instance.publiclyAccessible === true) {
            report(
                `RDS instance "${args.name}" is publicly accessible: set ` +
                    "publiclyAccessible: false.",
            );
        }
    },
});

const subnetsIsolated = stackRule({
    name: "rds-subnets-isolated",
    requires:
        "RDS subnet groups and RDS proxies use only subnets whose route tables have no default " +
        "route to the internet, through any gateway",
    sections: dbPlacementSections,
    fix:
        "Put databases and proxies in the isolated database subnets, whose route table has no " +
        "0.0.0.0/0 route.",
    baseline: "Baymax (the subnet-group half of AWS Config rds-instance-public-access-check)",
    validate: (args, report) => {
        const holders = ofType(args.resources, "aws:rds/subnetGroup:SubnetGroup", RDS_PROXY);
        if (holders.length === 0) args.notApplicable("The stack has no RDS subnet groups");
        const routes = defaultRoutes(args);
        for (const holder of holders) {
            const isProxy = holder.type === RDS_PROXY;
            const key = isProxy ? "vpcSubnetIds" : "subnetIds";
            const what = `${isProxy ? "RDS proxy" : "RDS subnet group"} "${holder.name}"`;
            for (const { subnet, table, route } of routedSubnets(args, holder, key, routes)) {
                report(
                    `${what} uses subnet "${subnet.name}", whose route table "${table.name}" ` +
                        `sends ${route.destination} to ${route.target}: use only subnets ` +
                        "whose route table has no default route.",
                    holder.urn,
                );
            }
        }
    },
});

interface ServiceProps {
    assignPublicIp?: boolean;
    networkConfiguration?: { assignPublicIp?: boolean; subnets?: string[] };
}

const FARGATE_SERVICE = "awsx:ecs:FargateService";
const ECS_SERVICE_TYPES = ["aws:ecs/service:Service", FARGATE_SERVICE];

const serviceNoPublicIp = resourceRule<ServiceProps>({
    name: "ecs-service-no-public-ip",
    requires: "ECS services give their tasks no public IP address",
    sections: ["164.312(a)(1)", "164.312(e)(1)"],
    fix: "Set networkConfiguration.assignPublicIp: false.",
    baseline: "Baymax",
    types: ECS_SERVICE_TYPES,
    validate: (service, args, report) => {
        const assigns =
            service.networkConfiguration?.assignPublicIp === true ||
            (args.type === FARGATE_SERVICE && service.assignPublicIp === true);
        if (assigns) {
            report(
                `ECS service "${args.name}" gives its tasks public IP addresses: set ` +
                    "networkConfiguration.assignPublicIp: false.",
            );
        }
    },
});

const servicePrivateSubnets = stackRule({
    name: "ecs-service-private-subnets",
    requires:
        "ECS services run their tasks only in subnets without a default route to an internet " +
        "gateway",
    sections: ["164.312(a)(1)", "164.312(e)(1)"],
    fix:
        "Set networkConfiguration.subnets to the private subnets, which reach the internet " +
        "through NAT gateways.",
    baseline: "Baymax",
    validate: (args, report) => {
        const services = ofType(args.resources, ...ECS_SERVICE_TYPES);
        if (services.length === 0) args.notApplicable("The stack has no ECS services");
        const routes = defaultRoutes(args).filter((r) => r.viaInternetGateway);
        for (const service of services) {
            const network = rawValue(service.props, "networkConfiguration") as object | undefined;
            const literals = knownStrings(network, "subnets");
            const routed = routedSubnets(args, service, "networkConfiguration", routes, literals);
            for (const { subnet, table, route } of routed) {
                report(
                    `ECS service "${service.name}" runs tasks in subnet "${subnet.name}", ` +
                        `whose route table "${table.name}" sends ${route.destination} to ` +
                        "an internet gateway: run them in private subnets.",
                    service.urn,
                );
            }
        }
    },
});

// ---------------------------------------------------------------------------------------------
// The web application firewall in front of the load balancer.

const albWaf = stackRule({
    name: "elb-load-balancer-waf-associated",
    requires: "Every internet-facing application load balancer is protected by a WAFv2 web ACL",
    sections: ["164.308(a)(1)(ii)(B)", "164.312(e)(1)"],
    fix:
        "Add an aws.wafv2.WebAclAssociation with resourceArn set to the load balancer's ARN " +
        "and webAclArn to a regional web ACL.",
    baseline: "AWS Config alb-waf-enabled; cdk-nag ALBWAFEnabled (outside the HIPAA pack)",
    validate: (args, report) => {
        const balancers = ofType(args.resources, ...LOAD_BALANCER_TYPES, AWSX_ALB_TYPE).filter(
            (lb) =>
                lb.props.internal !== true &&
                (lb.props.loadBalancerType ?? "application") === "application",
        );
        if (balancers.length === 0) {
            args.notApplicable("The stack has no internet-facing application load balancers");
        }
        const associations = ofType(args.resources, WEB_ACL_ASSOCIATION);
        for (const lb of balancers) {
            // An awsx load balancer publishes no ARN of its own: only the engine's links count.
            const guarded = associations.some(
                (a) => referents(a, "resourceArn", [lb], undefined, "arn").length > 0,
            );
            if (!guarded) {
                report(
                    `Internet-facing load balancer "${lb.name}" has no WAF web ACL: add an ` +
                        "aws.wafv2.WebAclAssociation with resourceArn set to its ARN.",
                    lb.urn,
                );
            }
        }
    },
});

const wafLogging = stackRule({
    name: "wafv2-web-acl-logging-enabled",
    requires: "Every WAFv2 web ACL logs the requests it inspects",
    sections: ["164.312(b)"],
    fix:
        "Add an aws.wafv2.WebAclLoggingConfiguration with resourceArn set to the web ACL's ARN " +
        "and an encrypted aws-waf-logs- log group in logDestinationConfigs.",
    baseline: "cdk-nag WAFv2LoggingEnabled; AWS Config wafv2-logging-enabled",
    validate: (args, report) => {
        const acls = ofType(args.resources, WEB_ACL);
        if (acls.length === 0) args.notApplicable("The stack has no WAFv2 web ACLs");
        const configs = ofType(args.resources, WEB_ACL_LOGGING);
        for (const acl of acls) {
            const logged = configs.some(
                (c) =>
                    referents(c, "resourceArn", [acl], undefined, "arn").length > 0 &&
                    nonEmpty(c.props, "logDestinationConfigs"),
            );
            if (!logged) {
                report(
                    `WAF web ACL "${acl.name}" does not log the requests it inspects: add an ` +
                        "aws.wafv2.WebAclLoggingConfiguration for it with a log destination.",
                    acl.urn,
                );
            }
        }
    },
});

export const networkPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    noPublicIngress,
    databaseIngress,
    databaseEgress,
    described,
    notMixed,
    defaultGroupClosed,
    flowLogs,
    subnetNoPublicIp,
    noInternetGatewayRoute,
    gatewayOnStackVpc,
    endpoints,
    instanceNotPublic,
    subnetsIsolated,
    serviceNoPublicIp,
    servicePrivateSubnets,
    albWaf,
    wafLogging,
];
