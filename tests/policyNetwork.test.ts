// Network isolation, run through the real analyzer path over the REAL prod plan with one setting
// (or one link between resources) changed per case; tiny hand-made plans only for the awsx VPC
// and Fargate service, which the program does not use.
import * as assert from "assert";
import { PolicyPackConfigFile, RunningPolicyPack } from "../offline/analyzer";
import { PreviewDigest, UNKNOWN_SENTINEL } from "../offline/previewFormat";
import { networkPolicies, PUBLIC_INGRESS_EXEMPTIONS } from "../policy/rules/network";
import { RULE_CATALOG } from "../policy/rules/support";
import { analyzeOnly } from "./fixtures/focusedPack";
import { configFile } from "./fixtures/packConfigFile";
import { Finding, findings, planOf } from "./fixtures/policyPlans";
import { planWithoutStates, realPlan, weakenedPlan } from "./fixtures/prodPlan";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";
import { editedPlan, editedProps, idIn, urnIn } from "./fixtures/stackEdits";

const T = {
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    flowLog: "aws:ec2/flowLog:FlowLog",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    instance: "aws:rds/clusterInstance:ClusterInstance",
    cluster: "aws:rds/cluster:Cluster",
    subnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    service: "aws:ecs/service:Service",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    wafAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    wafLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
} as const;

const POLICIES = [
    "ec2-security-group-no-public-ingress",
    "rds-security-group-ingress-from-groups-only",
    "rds-security-group-egress-restricted",
    "ec2-security-group-described",
    "ec2-security-group-rules-not-mixed",
    "ec2-vpc-default-security-group-closed",
    "ec2-vpc-flow-logs-all-traffic",
    "ec2-subnet-no-public-ip-on-launch",
    "ec2-route-table-no-igw-default-route",
    "ec2-internet-gateway-stack-vpc-only",
    "ec2-vpc-endpoints-present",
    "rds-instance-not-publicly-accessible",
    "rds-subnets-isolated",
    "ecs-service-no-public-ip",
    "ecs-service-private-subnets",
    "elb-load-balancer-waf-associated",
    "wafv2-web-acl-logging-enabled",
];

const ADVISORY = ["ec2-security-group-described", "ec2-vpc-endpoints-present"];

const OPEN_FIX =
    "admit a security group or a private range instead, or list the group in " +
    "exemptSecurityGroups with its ports and the reason.";

function mandatory(policy: string, resource: string, message: string): Finding {
    return { policy, level: "mandatory", resource, message };
}

function advisory(policy: string, resource: string, message: string): Finding {
    return { policy, level: "advisory", resource, message };
}

/** The advisory the SDK reports when a policy reads a value unknown at preview. */
function cannotRun(policy: string, field: string, resource?: string): Finding {
    return {
        policy,
        level: "advisory",
        ...(resource !== undefined ? { resource } : {}),
        message:
            `can't run policy '${policy}' from policy pack 'baymax-hipaa@v0.1.0' during preview: ` +
            `string value at .${field} can't be known during preview`,
    };
}

/** Sorted, so that a case tripping several policies does not depend on their order. */
function sorted(list: Finding[]): Finding[] {
    const key = (f: Finding) => `${f.policy}\u0000${f.resource ?? ""}\u0000${f.message}`;
    return [...list].sort((a, b) => key(a).localeCompare(key(b)));
}

describe("policy pack: network isolation", () => {
    let pack: RunningPolicyPack;
    before(async () => {
        pack = await sharedPolicyPack();
    });

    const check = async (plan: PreviewDigest, config?: PolicyPackConfigFile) =>
        sorted(
            findings(await analyzeOnly(pack, plan, POLICIES, config)).filter((f) =>
                POLICIES.includes(f.policy),
            ),
        );

    it("finds nothing in the real prod and dev plans", async () => {
        assert.deepStrictEqual(await check(realPlan("prod")), []);
        assert.deepStrictEqual(await check(realPlan("dev")), []);
    });

    it("documents every policy: level, HIPAA sections, fix and baseline", () => {
        assert.deepStrictEqual(
            networkPolicies.map((p) => p.name),
            POLICIES,
        );
        for (const name of POLICIES) {
            const doc = RULE_CATALOG.get(name);
            assert.ok(doc, name);
            assert.match(doc.name, /^[a-z0-9]+(-[a-z0-9]+)+$/);
            // One sentence: no full stop before the closing list of sections.
            assert.match(doc.description, /^[A-Z][^.!?]*? \(HIPAA 164\.3\d\d\(.*\)\.$/, name);
            assert.ok(doc.fix && doc.baseline, name);
            const level = ADVISORY.includes(name) ? "advisory" : "mandatory";
            assert.strictEqual(doc.enforcementLevel, level, name);
        }
    });

    describe("ec2-security-group-no-public-ingress", () => {
        const policy = "ec2-security-group-no-public-ingress";

        it("flags the internet admitted to the backend", async () => {
            const plan = editedProps(T.ingress, "network-backend-from-alb", (p) => {
                p.cidrIpv4 = "0.0.0.0/0";
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "network-backend-from-alb",
                    'Security group rule "network-backend-from-alb" admits 0.0.0.0/0 on tcp ' +
                        `8000: ${OPEN_FIX}`,
                ),
            ]);
        });

        it("flags IPv6 ::/0 as well", async () => {
            const plan = editedProps(T.ingress, "network-backend-from-alb", (p) => {
                p.cidrIpv6 = "::/0";
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "network-backend-from-alb",
                    'Security group rule "network-backend-from-alb" admits ::/0 on tcp 8000: ' +
                        OPEN_FIX,
                ),
            ]);
        });

        it("exempts the load balancer's group on 443 and 80 only", async () => {
            const ssh = editedProps(T.ingress, "network-alb-https-in", (p) => {
                p.fromPort = 22;
                p.toPort = 22;
            });
            assert.deepStrictEqual(await check(ssh), [
                mandatory(
                    policy,
                    "network-alb-https-in",
                    'Security group rule "network-alb-https-in" admits 0.0.0.0/0 on tcp 22: ' +
                        OPEN_FIX,
                ),
            ]);
            const all = editedProps(T.ingress, "network-alb-http-in", (p) => {
                p.ipProtocol = "-1";
            });
            assert.deepStrictEqual(await check(all), [
                mandatory(
                    policy,
                    "network-alb-http-in",
                    'Security group rule "network-alb-http-in" admits 0.0.0.0/0 on all ' +
                        `protocols and ports: ${OPEN_FIX}`,
                ),
            ]);
            const ipv6 = editedProps(T.ingress, "network-alb-https-in", (p) => {
                p.cidrIpv6 = "::/0";
            });
            assert.deepStrictEqual(await check(ipv6), []);
        });

        it("matches the exemption on the group's name, not on the rule", async () => {
            const plan = editedProps(T.securityGroup, "network-alb-sg", (p) => {
                p.name = "baymax-prod-web-sg";
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "network-alb-http-in",
                    'Security group rule "network-alb-http-in" admits 0.0.0.0/0 on tcp 80: ' +
                        OPEN_FIX,
                ),
                mandatory(
                    policy,
                    "network-alb-https-in",
                    'Security group rule "network-alb-https-in" admits 0.0.0.0/0 on tcp 443: ' +
                        OPEN_FIX,
                ),
            ]);
        });

        it("exempts by default only the load balancer's group, with the reason", () => {
            assert.deepStrictEqual(
                PUBLIC_INGRESS_EXEMPTIONS.map((e) => [e.name, e.ports]),
                [["*-alb-sg", [443, 80]]],
            );
            assert.match(PUBLIC_INGRESS_EXEMPTIONS[0].reason, /redirect to HTTPS/);
        });

        it("takes the exemptions from the pack config", async () => {
            const config = configFile({ [policy]: { exemptSecurityGroups: [] } });
            const found = await check(realPlan("prod"), config);
            assert.deepStrictEqual(
                found.map((f) => f.resource),
                ["network-alb-http-in", "network-alb-https-in"],
            );
        });

        it("refuses an exemption without a reason", async () => {
            const config = configFile({
                [policy]: { exemptSecurityGroups: [{ name: "*-alb-sg", ports: [443] }] },
            });
            await assert.rejects(pack.analyze(realPlan("prod"), config), /reason/);
        });

        it("flags an inline rule, which also mixes with the group's standalone rule", async () => {
            const plan = editedProps(T.securityGroup, "network-endpoints-sg", (p) => {
                p.ingress = [
                    { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
                ];
            });
            assert.deepStrictEqual(await check(plan), [
                advisory(
                    "ec2-security-group-described",
                    "network-endpoints-sg",
                    'Security group "network-endpoints-sg" ingress[0] has no description: set one.',
                ),
                mandatory(
                    policy,
                    "network-endpoints-sg",
                    'Security group "network-endpoints-sg" ingress[0] admits 0.0.0.0/0 on tcp ' +
                        `443: ${OPEN_FIX}`,
                ),
                mandatory(
                    "ec2-security-group-rules-not-mixed",
                    "network-endpoints-sg",
                    'Security group "network-endpoints-sg" has inline rules and the standalone ' +
                        'rule(s) "network-endpoints-from-backend": move the inline rules into ' +
                        "standalone SecurityGroupIngressRule and SecurityGroupEgressRule " +
                        "resources.",
                ),
            ]);
        });

        it("reports that it cannot judge a CIDR unknown at preview", async () => {
            const plan = weakenedPlan(T.ingress, "network-alb-https-in", (i) => {
                i.cidrIpv4 = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [cannotRun(policy, "cidrIpv4")]);
        });
    });

    describe("rds-security-group-ingress-from-groups-only", () => {
        const policy = "rds-security-group-ingress-from-groups-only";
        const databaseGroup =
            'security group "network-database-sg" of RDS cluster "database-cluster"';
        const proxyGroup = 'security group "network-proxy-sg" of RDS proxy "database-proxy"';

        it("flags a CIDR admitted to the database's group", async () => {
            const plan = editedProps(T.ingress, "network-database-from-proxy", (p) => {
                delete p.referencedSecurityGroupId;
                p.cidrIpv4 = "10.0.0.0/16";
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "network-database-from-proxy",
                    'Security group rule "network-database-from-proxy" admits addresses ' +
                        `(cidrIpv4) to ${databaseGroup}: admit only the client's security group ` +
                        "through referencedSecurityGroupId.",
                ),
            ]);
        });

        it("flags a prefix list admitted to the proxy's group", async () => {
            const plan = editedProps(T.ingress, "network-proxy-from-backend", (p) => {
                p.prefixListId = "pl-0123456789abcdef0";
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "network-proxy-from-backend",
                    'Security group rule "network-proxy-from-backend" admits addresses ' +
                        `(prefixListId) to ${proxyGroup}: admit only the client's security group ` +
                        "through referencedSecurityGroupId.",
                ),
            ]);
        });

        it("flags ports beyond the database port", async () => {
            const range = editedProps(T.ingress, "network-proxy-from-backend", (p) => {
                p.toPort = 5440;
            });
            assert.deepStrictEqual(await check(range), [
                mandatory(
                    policy,
                    "network-proxy-from-backend",
                    'Security group rule "network-proxy-from-backend" opens tcp 5432-5440 on ' +
                        `${proxyGroup}: open only tcp 5432.`,
                ),
            ]);
            const all = editedProps(T.ingress, "network-database-from-proxy", (p) => {
                p.ipProtocol = "-1";
            });
            assert.deepStrictEqual(await check(all), [
                mandatory(
                    policy,
                    "network-database-from-proxy",
                    'Security group rule "network-database-from-proxy" opens all protocols and ' +
                        `ports on ${databaseGroup}: open only tcp 5432.`,
                ),
            ]);
        });

        it("joins groups by literal ids when the engine records no dependency", async () => {
            let plan = editedPlan(T.ingress, "network-database-from-proxy", (state) => {
                state.propertyDependencies = {};
                state.inputs.cidrIpv4 = "10.0.10.0/24";
            });
            plan = editedPlan(
                T.cluster,
                "database-cluster",
                (state) => (state.propertyDependencies = {}),
                plan,
            );
            assert.deepStrictEqual(
                (await check(plan)).map((f) => [f.policy, f.resource]),
                [[policy, "network-database-from-proxy"]],
            );
        });

        it("counts a CIDR unknown at preview as a CIDR", async () => {
            const plan = weakenedPlan(T.ingress, "network-database-from-proxy", (i) => {
                i.cidrIpv4 = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [
                cannotRun("ec2-security-group-no-public-ingress", "cidrIpv4"),
                mandatory(
                    policy,
                    "network-database-from-proxy",
                    'Security group rule "network-database-from-proxy" admits addresses ' +
                        `(cidrIpv4) to ${databaseGroup}: admit only the client's security group ` +
                        "through referencedSecurityGroupId.",
                ),
            ]);
        });
    });

    describe("rds-security-group-egress-restricted", () => {
        it("flags a data-tier group that may send to the internet", async () => {
            const plan = editedProps(T.egress, "network-proxy-to-database", (p) => {
                delete p.referencedSecurityGroupId;
                p.cidrIpv4 = "0.0.0.0/0";
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "rds-security-group-egress-restricted",
                    "network-proxy-to-database",
                    'Security group rule "network-proxy-to-database" lets security group ' +
                        '"network-proxy-sg" of RDS proxy "database-proxy" send tcp 5432 to ' +
                        "0.0.0.0/0: remove it and allow only the security groups the database " +
                        "must reach.",
                ),
            ]);
        });

        it("leaves the backend's open egress alone: it is not the data tier", async () => {
            const plan = editedProps(T.egress, "network-backend-https-out", (p) => {
                p.ipProtocol = "-1";
            });
            assert.deepStrictEqual(await check(plan), []);
        });
    });

    describe("ec2-security-group-described (advisory)", () => {
        const policy = "ec2-security-group-described";

        it("flags the provider's placeholder description", async () => {
            const plan = weakenedPlan(T.securityGroup, "network-alb-sg", (i) => {
                i.description = "Managed by Pulumi";
            });
            assert.deepStrictEqual(await check(plan), [
                advisory(
                    policy,
                    "network-alb-sg",
                    'Security group "network-alb-sg" has no description of its own: set ' +
                        "description.",
                ),
            ]);
        });

        it("flags a rule without a description", async () => {
            const plan = weakenedPlan(T.ingress, "network-alb-http-in", (i) => {
                delete i.description;
            });
            assert.deepStrictEqual(await check(plan), [
                advisory(
                    policy,
                    "network-alb-http-in",
                    'Security group rule "network-alb-http-in" has no description: set one.',
                ),
            ]);
        });
    });

    describe("ec2-security-group-rules-not-mixed", () => {
        it("flags inline egress beside standalone rules", async () => {
            const plan = editedProps(T.securityGroup, "network-backend-sg", (p) => {
                p.egress = [
                    {
                        protocol: "tcp",
                        fromPort: 5432,
                        toPort: 5432,
                        securityGroups: ["sg-0123"],
                        description: "Backend to the proxy",
                    },
                ];
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "ec2-security-group-rules-not-mixed",
                    "network-backend-sg",
                    'Security group "network-backend-sg" has inline rules and the standalone ' +
                        'rule(s) "network-backend-https-out", "network-backend-from-alb", ' +
                        '"network-backend-to-proxy": move the inline rules into standalone ' +
                        "SecurityGroupIngressRule and SecurityGroupEgressRule resources.",
                ),
            ]);
        });

        it("does not count empty inline lists as rules", async () => {
            const plan = editedProps(T.securityGroup, "network-backend-sg", (p) => {
                p.ingress = [];
                p.egress = [];
            });
            assert.deepStrictEqual(await check(plan), []);
        });
    });

    describe("ec2-vpc-default-security-group-closed", () => {
        const policy = "ec2-vpc-default-security-group-closed";

        it("flags a default security group with rules", async () => {
            const plan = editedProps(T.defaultSecurityGroup, "network-default-sg", (p) => {
                p.ingress = [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }];
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "network-default-sg",
                    'Default security group "network-default-sg" of VPC "network-vpc" has rules ' +
                        "(inline ingress): set ingress: [] and egress: [] and attach no rules.",
                ),
            ]);
        });

        it("flags a standalone rule attached to the default security group", async () => {
            const base = realPlan("prod");
            const defaultSg = urnIn(base, T.defaultSecurityGroup, "network-default-sg");
            const plan = editedPlan(
                T.ingress,
                "network-endpoints-from-backend",
                (state) => (state.propertyDependencies!.securityGroupId = [defaultSg]),
                base,
            );
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "network-default-sg",
                    'Default security group "network-default-sg" of VPC "network-vpc" has rules ' +
                        '(rule "network-endpoints-from-backend"): set ingress: [] and egress: [] ' +
                        "and attach no rules.",
                ),
            ]);
        });

        it("flags a VPC whose default security group the stack does not manage", async () => {
            const plan = planWithoutStates((s) => s.type === T.defaultSecurityGroup);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "network-vpc",
                    'VPC "network-vpc" leaves its default security group as AWS creates it, open ' +
                        "between members and to the internet outbound: add an " +
                        "aws.ec2.DefaultSecurityGroup for it with ingress: [] and egress: [].",
                ),
            ]);
        });
    });

    describe("ec2-vpc-flow-logs-all-traffic", () => {
        const policy = "ec2-vpc-flow-logs-all-traffic";

        it("flags a flow log of rejected traffic only", async () => {
            const plan = editedProps(T.flowLog, "network-flow-log", (p) => {
                p.trafficType = "REJECT";
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "network-vpc",
                    'VPC "network-vpc" logs only "REJECT" traffic: set its flow log\'s ' +
                        'trafficType to "ALL".',
                ),
            ]);
        });

        it("flags a VPC without a flow log", async () => {
            const plan = planWithoutStates((s) => s.type === T.flowLog);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "network-vpc",
                    'VPC "network-vpc" has no flow log: add an aws.ec2.FlowLog for it with ' +
                        'trafficType "ALL".',
                ),
            ]);
        });

        it("reports that it cannot judge a traffic type unknown at preview", async () => {
            const plan = weakenedPlan(T.flowLog, "network-flow-log", (i) => {
                i.trafficType = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [cannotRun(policy, "trafficType")]);
        });
    });

    describe("ec2-subnet-no-public-ip-on-launch", () => {
        const policy = "ec2-subnet-no-public-ip-on-launch";

        it("flags a subnet that maps public IPs, even a public one", async () => {
            const plan = weakenedPlan(T.subnet, "network-public-ap-south-1a", (i) => {
                i.mapPublicIpOnLaunch = true;
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "network-public-ap-south-1a",
                    'Subnet "network-public-ap-south-1a" assigns public IPs on launch: set ' +
                        "mapPublicIpOnLaunch: false.",
                ),
            ]);
        });

        it("flags a subnet that assigns IPv6 addresses", async () => {
            const plan = weakenedPlan(T.subnet, "network-db-ap-south-1a", (i) => {
                i.assignIpv6AddressOnCreation = true;
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "network-db-ap-south-1a",
                    'Subnet "network-db-ap-south-1a" assigns IPv6 addresses on creation: set ' +
                        "assignIpv6AddressOnCreation: false.",
                ),
            ]);
        });

        it("reports that it cannot judge a setting unknown at preview", async () => {
            const plan = weakenedPlan(T.subnet, "network-app-ap-south-1a", (i) => {
                i.mapPublicIpOnLaunch = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [
                cannotRun(policy, "mapPublicIpOnLaunch", "network-app-ap-south-1a"),
            ]);
        });
    });

    describe("ec2-route-table-no-igw-default-route", () => {
        const policy = "ec2-route-table-no-igw-default-route";
        const EXEMPT_FIX =
            "route it through a NAT gateway, or list the route table's Name tag in " +
            "exemptRouteTables with the reason.";

        it("flags a private route table sent to the internet gateway", async () => {
            const base = realPlan("prod");
            const igw = idIn(base, T.internetGateway, "network-igw");
            const plan = editedProps(
                T.routeTable,
                "network-app-rt-ap-south-1a",
                (p) => (p.routes = [{ cidrBlock: "0.0.0.0/0", gatewayId: igw }]),
                base,
            );
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "network-app-rt-ap-south-1a",
                    'Route table "network-app-rt-ap-south-1a" sends 0.0.0.0/0 to an internet ' +
                        `gateway: ${EXEMPT_FIX}`,
                ),
                mandatory(
                    "ecs-service-private-subnets",
                    "backend-service",
                    'ECS service "backend-service" runs tasks in subnet ' +
                        '"network-app-ap-south-1a", whose route table ' +
                        '"network-app-rt-ap-south-1a" sends 0.0.0.0/0 to an internet gateway: ' +
                        "run them in private subnets.",
                ),
            ]);
        });

        it("knows the gateway by the engine's link when its id is unknown", async () => {
            const base = realPlan("prod");
            const igw = urnIn(base, T.internetGateway, "network-igw");
            const plan = editedPlan(
                T.routeTable,
                "network-db-rt",
                (state) => {
                    state.inputs.routes = [{ ipv6CidrBlock: "::/0", gatewayId: UNKNOWN_SENTINEL }];
                    state.propertyDependencies!.routes = [igw];
                },
                base,
            );
            const found = await check(plan);
            assert.deepStrictEqual(found.filter((f) => f.policy === policy), [
                mandatory(
                    policy,
                    "network-db-rt",
                    `Route table "network-db-rt" sends ::/0 to an internet gateway: ${EXEMPT_FIX}`,
                ),
            ]);
            // The database subnets use that table: every one of them is reported too.
            assert.strictEqual(found.filter((f) => f.policy === "rds-subnets-isolated").length, 6);
        });

        it("exempts the public route table only by its Name tag", async () => {
            const plan = editedProps(T.routeTable, "network-public-rt", (p) => {
                p.tags.Name = "baymax-prod-edge";
            });
            const message =
                'Route table "network-public-rt" sends 0.0.0.0/0 to an internet gateway: ' +
                EXEMPT_FIX;
            assert.deepStrictEqual(await check(plan), [
                mandatory(policy, "network-public-rt", message),
            ]);
            const config = configFile({ [policy]: { exemptRouteTables: [] } });
            assert.deepStrictEqual(await check(realPlan("prod"), config), [
                mandatory(policy, "network-public-rt", message),
            ]);
        });
    });

    describe("ec2-internet-gateway-stack-vpc-only", () => {
        const policy = "ec2-internet-gateway-stack-vpc-only";
        const foreign = "vpc-0123456789abcdef0";
        const attachedElsewhere = () =>
            editedPlan(T.internetGateway, "network-igw", (state) => {
                state.inputs.vpcId = foreign;
                state.propertyDependencies = {};
            });

        it("flags a gateway attached to a VPC outside the stack", async () => {
            assert.deepStrictEqual(await check(attachedElsewhere()), [
                mandatory(
                    policy,
                    "network-igw",
                    `Internet gateway "network-igw" attaches to VPC "${foreign}", which is not a ` +
                        "VPC of this stack: attach it to a VPC of this stack, or list the VPC in " +
                        "authorizedVpcIds.",
                ),
            ]);
        });

        it("accepts a VPC listed in authorizedVpcIds", async () => {
            const config = configFile({ [policy]: { authorizedVpcIds: [foreign] } });
            assert.deepStrictEqual(await check(attachedElsewhere(), config), []);
        });

        it("joins the stack's VPC by literal id without the engine's link", async () => {
            const plan = editedPlan(T.internetGateway, "network-igw", (state) => {
                state.propertyDependencies = {};
            });
            assert.deepStrictEqual(await check(plan), []);
        });

        it("reports that it cannot judge an unlinked VPC id unknown at preview", async () => {
            const plan = editedPlan(T.internetGateway, "network-igw", (state) => {
                state.inputs.vpcId = UNKNOWN_SENTINEL;
                state.propertyDependencies = {};
            });
            assert.deepStrictEqual(await check(plan), [cannotRun(policy, "vpcId")]);
        });
    });

    describe("ec2-vpc-endpoints-present (advisory)", () => {
        const policy = "ec2-vpc-endpoints-present";

        it("names the services the VPC has no endpoint for", async () => {
            const dropped = ["network-sts-endpoint", "network-monitoring-endpoint"];
            const plan = planWithoutStates((s) => dropped.some((n) => s.urn.endsWith(`::${n}`)));
            assert.deepStrictEqual(await check(plan), [
                advisory(
                    policy,
                    "network-vpc",
                    'VPC "network-vpc" has no endpoint for "sts" and "monitoring": add an ' +
                        "aws.ec2.VpcEndpoint for each, so these calls stay on the AWS network.",
                ),
            ]);
        });

        it("flags an interface endpoint with private DNS off", async () => {
            const plan = editedProps(T.endpoint, "network-kms-endpoint", (p) => {
                p.privateDnsEnabled = false;
            });
            assert.deepStrictEqual(await check(plan), [
                advisory(
                    policy,
                    "network-kms-endpoint",
                    'VPC endpoint "network-kms-endpoint" has private DNS off, so SDKs still ' +
                        "resolve the public endpoint: set privateDnsEnabled: true.",
                ),
            ]);
        });

        it("takes the required services from the pack config", async () => {
            const config = configFile({ [policy]: { requiredServices: ["kms", "ssm"] } });
            assert.deepStrictEqual(await check(realPlan("prod"), config), [
                advisory(
                    policy,
                    "network-vpc",
                    'VPC "network-vpc" has no endpoint for "ssm": add an aws.ec2.VpcEndpoint ' +
                        "for each, so these calls stay on the AWS network.",
                ),
            ]);
        });
    });

    describe("rds-instance-not-publicly-accessible", () => {
        const policy = "rds-instance-not-publicly-accessible";

        it("flags a publicly accessible instance", async () => {
            const plan = weakenedPlan(T.instance, "database-instance-2", (i) => {
                i.publiclyAccessible = true;
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "database-instance-2",
                    'RDS instance "database-instance-2" is publicly accessible: set ' +
                        "publiclyAccessible: false.",
                ),
            ]);
        });

        it("reports that it cannot judge a setting unknown at preview", async () => {
            const plan = weakenedPlan(T.instance, "database-instance-1", (i) => {
                i.publiclyAccessible = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [
                cannotRun(policy, "publiclyAccessible", "database-instance-1"),
            ]);
        });
    });

    describe("rds-subnets-isolated", () => {
        it("flags a database subnet group that includes a NAT-routed subnet", async () => {
            const base = realPlan("prod");
            const app = idIn(base, T.subnet, "network-app-ap-south-1a");
            const appUrn = urnIn(base, T.subnet, "network-app-ap-south-1a");
            const plan = editedPlan(
                T.subnetGroup,
                "database-subnets",
                (state) => {
                    (state.inputs.subnetIds as string[])[0] = app;
                    state.propertyDependencies!.subnetIds[0] = appUrn;
                },
                base,
            );
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "rds-subnets-isolated",
                    "database-subnets",
                    'RDS subnet group "database-subnets" uses subnet "network-app-ap-south-1a", ' +
                        'whose route table "network-app-rt-ap-south-1a" sends 0.0.0.0/0 to a NAT ' +
                        "gateway: use only subnets whose route table has no default route.",
                ),
            ]);
        });
    });

    describe("ecs-service-no-public-ip and ecs-service-private-subnets", () => {
        it("flags tasks given public IPs", async () => {
            const plan = weakenedPlan(T.service, "backend-service", (i) => {
                i.networkConfiguration.assignPublicIp = true;
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "ecs-service-no-public-ip",
                    "backend-service",
                    'ECS service "backend-service" gives its tasks public IP addresses: set ' +
                        "networkConfiguration.assignPublicIp: false.",
                ),
            ]);
        });

        it("reports that it cannot judge assignPublicIp unknown at preview", async () => {
            const plan = weakenedPlan(T.service, "backend-service", (i) => {
                i.networkConfiguration.assignPublicIp = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [
                cannotRun(
                    "ecs-service-no-public-ip",
                    "networkConfiguration.assignPublicIp",
                    "backend-service",
                ),
            ]);
        });

        it("flags tasks placed in a public subnet", async () => {
            const base = realPlan("prod");
            const pub = idIn(base, T.subnet, "network-public-ap-south-1b");
            const pubUrn = urnIn(base, T.subnet, "network-public-ap-south-1b");
            const appUrn = urnIn(base, T.subnet, "network-app-ap-south-1b");
            const plan = editedPlan(
                T.service,
                "backend-service",
                (state) => {
                    const network = state.inputs.networkConfiguration as { subnets: string[] };
                    network.subnets[1] = pub;
                    const deps = state.propertyDependencies!.networkConfiguration;
                    deps[deps.indexOf(appUrn)] = pubUrn;
                },
                base,
            );
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "ecs-service-private-subnets",
                    "backend-service",
                    'ECS service "backend-service" runs tasks in subnet ' +
                        '"network-public-ap-south-1b", whose route table "network-public-rt" ' +
                        "sends 0.0.0.0/0 to an internet gateway: run them in private subnets.",
                ),
            ]);
        });
    });

    describe("elb-load-balancer-waf-associated and wafv2-web-acl-logging-enabled", () => {
        it("flags an internet-facing load balancer without a web ACL", async () => {
            const plan = planWithoutStates((s) => s.type === T.wafAssociation);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "elb-load-balancer-waf-associated",
                    "backend-alb",
                    'Internet-facing load balancer "backend-alb" has no WAF web ACL: add an ' +
                        "aws.wafv2.WebAclAssociation with resourceArn set to its ARN.",
                ),
            ]);
        });

        it("leaves an internal load balancer without a web ACL alone", async () => {
            const plan = editedProps(
                T.loadBalancer,
                "backend-alb",
                (p) => (p.internal = true),
                planWithoutStates((s) => s.type === T.wafAssociation),
            );
            assert.deepStrictEqual(await check(plan), []);
        });

        it("joins the association by the load balancer's literal ARN", async () => {
            const plan = editedPlan(T.wafAssociation, "backend-waf-association", (state) => {
                state.propertyDependencies = {};
            });
            assert.deepStrictEqual(await check(plan), []);
        });

        it("reports that it cannot tell whether a load balancer is internal", async () => {
            const plan = weakenedPlan(T.loadBalancer, "backend-alb", (i) => {
                i.internal = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [
                cannotRun("elb-load-balancer-waf-associated", "internal"),
            ]);
        });

        it("flags a web ACL that logs nothing", async () => {
            const message =
                'WAF web ACL "backend-waf" does not log the requests it inspects: add an ' +
                "aws.wafv2.WebAclLoggingConfiguration for it with a log destination.";
            const without = planWithoutStates((s) => s.type === T.wafLogging);
            assert.deepStrictEqual(await check(without), [
                mandatory("wafv2-web-acl-logging-enabled", "backend-waf", message),
            ]);
            const empty = editedProps(T.wafLogging, "backend-waf-logging", (p) => {
                p.logDestinationConfigs = [];
            });
            assert.deepStrictEqual(await check(empty), [
                mandatory("wafv2-web-acl-logging-enabled", "backend-waf", message),
            ]);
        });
    });

    describe("awsx VPCs and Fargate services (hand-made plans)", () => {
        const base = () => [
            { type: "pulumi:pulumi:Stack", name: "baymax-test", inputs: {} },
            { type: "pulumi:providers:aws", name: "mumbai", inputs: { region: "ap-south-1" } },
        ];

        it("flags the public subnets an awsx VPC creates", async () => {
            const plan = planOf([
                ...base(),
                { type: "awsx:ec2:Vpc", name: "default-layout", inputs: {} },
                {
                    type: "awsx:ec2:Vpc",
                    name: "mixed",
                    inputs: {
                        subnetSpecs: [
                            { type: "Private" },
                            { type: "Public" },
                            { type: "Isolated", assignIpv6AddressOnCreation: true },
                        ],
                    },
                },
            ]);
            const found = (await check(plan)).filter(
                (f) => f.policy === "ec2-subnet-no-public-ip-on-launch",
            );
            assert.deepStrictEqual(found, [
                mandatory(
                    "ec2-subnet-no-public-ip-on-launch",
                    "default-layout",
                    'awsx VPC "default-layout" uses the default subnet layout, whose public ' +
                        "subnets assign public IPs on launch: set subnetSpecs to Private and " +
                        "Isolated subnets only, or build the public subnets with aws.ec2.Subnet.",
                ),
                mandatory(
                    "ec2-subnet-no-public-ip-on-launch",
                    "mixed",
                    'awsx VPC "mixed" subnetSpecs[1] is Public, which awsx creates with ' +
                        "mapPublicIpOnLaunch: true: build the public subnets with aws.ec2.Subnet " +
                        "and mapPublicIpOnLaunch: false.",
                ),
                mandatory(
                    "ec2-subnet-no-public-ip-on-launch",
                    "mixed",
                    'awsx VPC "mixed" subnetSpecs[2] assigns IPv6 addresses on creation: set ' +
                        "assignIpv6AddressOnCreation: false.",
                ),
            ]);
        });

        it("judges an awsx VPC's flow log, default group and endpoints by links", async () => {
            const vpcUrn = "urn:pulumi:test::baymax::awsx:ec2:Vpc::isolated";
            const plan = planOf([
                ...base(),
                {
                    type: "awsx:ec2:Vpc",
                    name: "isolated",
                    inputs: {
                        subnetSpecs: [{ type: "Isolated" }],
                        vpcEndpointSpecs: [{ serviceName: "com.amazonaws.ap-south-1.s3" }],
                    },
                },
                {
                    type: "aws:ec2/flowLog:FlowLog",
                    name: "isolated-flow-log",
                    provider: "primary",
                    inputs: { vpcId: "vpc-1", trafficType: "ALL", logDestination: "arn:x" },
                    propertyDependencies: { vpcId: [vpcUrn] },
                },
            ]);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "ec2-vpc-default-security-group-closed",
                    "isolated",
                    'VPC "isolated" leaves its default security group as AWS creates it, open ' +
                        "between members and to the internet outbound: add an " +
                        "aws.ec2.DefaultSecurityGroup for it with ingress: [] and egress: [].",
                ),
                advisory(
                    "ec2-vpc-endpoints-present",
                    "isolated",
                    'VPC "isolated" has no endpoint for "dynamodb", "secretsmanager", "kms", ' +
                        '"logs", "ecr.api", "ecr.dkr", "sts" and "monitoring": add an ' +
                        "aws.ec2.VpcEndpoint for each, so these calls stay on the AWS network.",
                ),
            ]);
        });

        it("flags an awsx Fargate service that gives its tasks public IPs", async () => {
            const plan = planOf([
                ...base(),
                {
                    type: "awsx:ecs:FargateService",
                    name: "worker",
                    inputs: { assignPublicIp: true, networkConfiguration: { subnets: ["s-1"] } },
                },
            ]);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "ecs-service-no-public-ip",
                    "worker",
                    'ECS service "worker" gives its tasks public IP addresses: set ' +
                        "networkConfiguration.assignPublicIp: false.",
                ),
            ]);
        });
    });
});
