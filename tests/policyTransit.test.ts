// Encryption in transit, run through the real analyzer path over the REAL prod plan with one
// setting changed per case; tiny hand-made plans only for the awsx load balancer and listener
// certificates, which the program does not create.
import * as assert from "assert";
import { isDeepStrictEqual } from "util";
import { PolicyPackConfigFile, RunningPolicyPack } from "../offline/analyzer";
import { PreviewDigest, UNKNOWN_SENTINEL } from "../offline/previewFormat";
import { RULE_CATALOG } from "../policy/rules/support";
import { TLS12_SSL_POLICIES } from "../policy/rules/transit";
import { analyzeOnly } from "./fixtures/focusedPack";
import { configFile } from "./fixtures/packConfigFile";
import { Finding, findings, planOf, tags } from "./fixtures/policyPlans";
import { realPlan, weakenedPlan } from "./fixtures/prodPlan";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";
import { editedPlan, editedProps } from "./fixtures/stackEdits";

const T = {
    listener: "aws:lb/listener:Listener",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    proxy: "aws:rds/proxy:Proxy",
    cluster: "aws:rds/cluster:Cluster",
    parameterGroup: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
} as const;

const POLICIES = [
    "elb-listener-http-redirects-to-https",
    "elb-listener-tls-policy-allowed",
    "elb-listener-acm-certificate",
    "elb-load-balancer-drops-invalid-headers",
    "elb-target-group-https",
    "rds-proxy-tls-required",
    "rds-cluster-force-ssl",
];

const REDIRECT_FIX =
    'make its only default action { type: "redirect", redirect: { protocol: "HTTPS", ' +
    'port: "443", statusCode: "HTTP_301" } }.';

const TLS_FIX =
    'set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-2021-06" or another of allowedSslPolicies.';

function mandatory(policy: string, resource: string, message: string): Finding {
    return { policy, level: "mandatory", resource, message };
}

/** The advisory the SDK reports when a resource policy reads a value unknown at preview. */
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

/** The finding the real stack carries by design: HTTP from the ALB to the tasks in the VPC. */
const HTTP_TO_TASKS: Finding = {
    policy: "elb-target-group-https",
    level: "advisory",
    resource: "backend-tg",
    message:
        'Target group "backend-tg" forwards plain HTTP to its targets on port 8000: serve TLS ' +
        'in the targets and set protocol "HTTPS" if traffic inside the VPC must be encrypted too.',
};

describe("policy pack: encryption in transit", () => {
    let pack: RunningPolicyPack;
    before(async () => {
        pack = await sharedPolicyPack();
    });

    /** The findings of this file's policies, leaving out the by-design advisory. */
    const check = async (plan: PreviewDigest, config?: PolicyPackConfigFile) =>
        findings(await analyzeOnly(pack, plan, POLICIES, config)).filter(
            (f) => POLICIES.includes(f.policy) && !isDeepStrictEqual(f, HTTP_TO_TASKS),
        );

    it("finds nothing in the real plans but the advisory on HTTP to the tasks", async () => {
        for (const stack of ["prod", "dev"] as const) {
            const report = await analyzeOnly(pack, realPlan(stack), POLICIES);
            const ours = findings(report).filter((f) => POLICIES.includes(f.policy));
            assert.deepStrictEqual(ours, [HTTP_TO_TASKS], stack);
        }
    });

    it("documents every policy: HIPAA sections, fix and baseline", () => {
        for (const name of POLICIES) {
            const doc = RULE_CATALOG.get(name);
            assert.ok(doc, name);
            // One sentence: no full stop before the closing list of sections.
            assert.match(doc.description, /^[A-Z][^.!?]*? \(HIPAA 164\.3\d\d\(.*\)\.$/, name);
            assert.ok(doc.fix && doc.baseline, name);
        }
        const levels = POLICIES.map((name) => RULE_CATALOG.get(name)?.enforcementLevel);
        assert.deepStrictEqual(levels, [
            "mandatory",
            "mandatory",
            "mandatory",
            "mandatory",
            "advisory",
            "mandatory",
            "mandatory",
        ]);
    });

    describe("elb-listener-http-redirects-to-https", () => {
        const policy = "elb-listener-http-redirects-to-https";

        it("flags an HTTP listener that forwards instead of redirecting", async () => {
            const plan = weakenedPlan(T.listener, "backend-http", (i) => {
                i.defaultActions = [{ type: "forward", targetGroupArn: "arn:aws:elb:tg" }];
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "backend-http",
                    'Load balancer listener "backend-http" serves plain HTTP (default actions: ' +
                        `forward): ${REDIRECT_FIX}`,
                ),
            ]);
        });

        it("flags a redirect that stays on HTTP", async () => {
            const plan = weakenedPlan(T.listener, "backend-http", (i) => {
                i.defaultActions[0].redirect.protocol = "HTTP";
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "backend-http",
                    'Load balancer listener "backend-http" serves plain HTTP (default actions: ' +
                        `redirect): ${REDIRECT_FIX}`,
                ),
            ]);
        });

        it("treats a listener without a protocol as HTTP, the ALB default", async () => {
            const plan = weakenedPlan(T.listener, "backend-https", (i) => delete i.protocol);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "backend-https",
                    'Load balancer listener "backend-https" serves plain HTTP (default actions: ' +
                        `forward): ${REDIRECT_FIX}`,
                ),
            ]);
        });

        it("reports that it cannot judge an action type unknown at preview", async () => {
            const plan = weakenedPlan(T.listener, "backend-http", (i) => {
                i.defaultActions[0].type = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [
                cannotRun(policy, "defaultActions.0.type", "backend-http"),
            ]);
        });
    });

    describe("elb-listener-tls-policy-allowed", () => {
        const policy = "elb-listener-tls-policy-allowed";
        const listener = 'Load balancer listener "backend-https"';

        it("flags a policy that still accepts TLS 1.0", async () => {
            const plan = weakenedPlan(T.listener, "backend-https", (i) => {
                i.sslPolicy = "ELBSecurityPolicy-2016-08";
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "backend-https",
                    `${listener} uses SSL policy "ELBSecurityPolicy-2016-08", which is not on ` +
                        `the TLS 1.2+ allow-list: ${TLS_FIX}`,
                ),
            ]);
        });

        it("flags a listener without sslPolicy, which AWS gives its TLS 1.0 default", async () => {
            const plan = weakenedPlan(T.listener, "backend-https", (i) => delete i.sslPolicy);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "backend-https",
                    `${listener} sets no sslPolicy, so AWS applies ELBSecurityPolicy-2016-08, ` +
                        `which accepts TLS 1.0: ${TLS_FIX}`,
                ),
            ]);
        });

        it("accepts every policy of the default allow-list", async () => {
            for (const sslPolicy of TLS12_SSL_POLICIES) {
                const plan = weakenedPlan(T.listener, "backend-https", (i) => {
                    i.sslPolicy = sslPolicy;
                });
                assert.deepStrictEqual(await check(plan), [], sslPolicy);
            }
        });

        it("takes the allow-list from the pack config", async () => {
            const only = "ELBSecurityPolicy-TLS13-1-3-2021-06";
            const config = configFile({ [policy]: { allowedSslPolicies: [only] } });
            assert.deepStrictEqual(await check(realPlan("prod"), config), [
                mandatory(
                    policy,
                    "backend-https",
                    `${listener} uses SSL policy "ELBSecurityPolicy-TLS13-1-2-2021-06", which ` +
                        `is not on the TLS 1.2+ allow-list: set sslPolicy to "${only}" or ` +
                        "another of allowedSslPolicies.",
                ),
            ]);
        });

        it("reports that it cannot judge a policy unknown at preview", async () => {
            const plan = weakenedPlan(T.listener, "backend-https", (i) => {
                i.sslPolicy = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [
                cannotRun(policy, "sslPolicy", "backend-https"),
            ]);
        });
    });

    describe("elb-listener-acm-certificate", () => {
        const policy = "elb-listener-acm-certificate";

        it("flags an IAM server certificate", async () => {
            const arn = "arn:aws:iam::111122223333:server-certificate/baymax";
            const plan = weakenedPlan(T.listener, "backend-https", (i) => (i.certificateArn = arn));
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "backend-https",
                    `Load balancer listener "backend-https" uses certificate "${arn}", which is ` +
                        "not managed by ACM: issue or import it in ACM and set certificateArn to " +
                        "that ARN.",
                ),
            ]);
        });

        it("flags an HTTPS listener without a certificate", async () => {
            const plan = weakenedPlan(T.listener, "backend-https", (i) => delete i.certificateArn);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "backend-https",
                    'Load balancer listener "backend-https" has no certificate: set ' +
                        "certificateArn to an ACM certificate's ARN.",
                ),
            ]);
        });

        it("reports that it cannot tell where an ARN unknown at preview comes from", async () => {
            const plan = weakenedPlan(T.listener, "backend-https", (i) => {
                i.certificateArn = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [
                cannotRun(policy, "certificateArn", "backend-https"),
            ]);
        });
    });

    describe("elb-load-balancer-drops-invalid-headers", () => {
        const policy = "elb-load-balancer-drops-invalid-headers";

        it("flags a load balancer that forwards invalid headers", async () => {
            const plan = weakenedPlan(T.loadBalancer, "backend-alb", (i) => {
                i.dropInvalidHeaderFields = false;
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "backend-alb",
                    'Load balancer "backend-alb" forwards HTTP headers that are not valid: set ' +
                        "dropInvalidHeaderFields: true.",
                ),
            ]);
        });

        it("flags desync mitigation in monitor mode", async () => {
            const plan = weakenedPlan(T.loadBalancer, "backend-alb", (i) => {
                i.desyncMitigationMode = "monitor";
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "backend-alb",
                    'Load balancer "backend-alb" sets desyncMitigationMode "monitor", which lets ' +
                        'ambiguous requests through: set it to "defensive" or "strictest".',
                ),
            ]);
        });

        it("does not judge network load balancers, which parse no HTTP", async () => {
            const plan = weakenedPlan(T.loadBalancer, "backend-alb", (i) => {
                i.loadBalancerType = "network";
                delete i.dropInvalidHeaderFields;
            });
            assert.deepStrictEqual(await check(plan), []);
        });

        it("reports that it cannot judge a setting unknown at preview", async () => {
            const plan = weakenedPlan(T.loadBalancer, "backend-alb", (i) => {
                i.dropInvalidHeaderFields = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [
                cannotRun(policy, "dropInvalidHeaderFields", "backend-alb"),
            ]);
        });
    });

    describe("elb-target-group-https (advisory)", () => {
        const policy = "elb-target-group-https";

        it("flags HTTPS targets whose health checks are plain HTTP", async () => {
            const plan = weakenedPlan(T.targetGroup, "backend-tg", (i) => (i.protocol = "HTTPS"));
            assert.deepStrictEqual(await check(plan), [
                {
                    policy,
                    level: "advisory",
                    resource: "backend-tg",
                    message:
                        'Target group "backend-tg" runs its health checks over plain HTTP: set ' +
                        'healthCheck.protocol "HTTPS".',
                },
            ]);
        });

        it("accepts HTTPS end to end", async () => {
            const plan = weakenedPlan(T.targetGroup, "backend-tg", (i) => {
                i.protocol = "HTTPS";
                i.healthCheck.protocol = "HTTPS";
            });
            const report = await analyzeOnly(pack, plan, [policy]);
            assert.deepStrictEqual(
                findings(report).filter((f) => f.policy === policy),
                [],
            );
        });
    });

    describe("rds-proxy-tls-required", () => {
        const policy = "rds-proxy-tls-required";
        const proxy = 'RDS proxy "database-proxy"';

        it("flags a proxy that accepts plaintext connections", async () => {
            const plan = weakenedPlan(T.proxy, "database-proxy", (i) => (i.requireTls = false));
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "database-proxy",
                    `${proxy} accepts connections without TLS: set requireTls: true.`,
                ),
            ]);
        });

        it("flags SQL debug logging", async () => {
            const plan = weakenedPlan(T.proxy, "database-proxy", (i) => (i.debugLogging = true));
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "database-proxy",
                    `${proxy} writes the text of SQL statements, which carry PHI, to its logs: ` +
                        "set debugLogging: false.",
                ),
            ]);
        });

        it("flags an auth entry without a Secrets Manager secret", async () => {
            const plan = weakenedPlan(T.proxy, "database-proxy", (i) => {
                delete i.auths[0].secretArn;
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "database-proxy",
                    `${proxy} auths[0] does not take its credentials from Secrets Manager: set ` +
                        'auths[0].authScheme "SECRETS" and secretArn to the database secret.',
                ),
            ]);
        });

        it("flags a proxy with no credentials at all, unless it uses IAM end to end", async () => {
            const plan = weakenedPlan(T.proxy, "database-proxy", (i) => (i.auths = []));
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "database-proxy",
                    `${proxy} has no credentials for the database: add auths [{ authScheme: ` +
                        '"SECRETS", secretArn: <the database secret> }] or set defaultAuthScheme ' +
                        '"IAM_AUTH".',
                ),
            ]);
            const iam = weakenedPlan(T.proxy, "database-proxy", (i) => {
                i.auths = [];
                i.defaultAuthScheme = "IAM_AUTH";
            });
            assert.deepStrictEqual(await check(iam), []);
        });

        it("reports that it cannot judge requireTls unknown at preview", async () => {
            const plan = weakenedPlan(T.proxy, "database-proxy", (i) => {
                i.requireTls = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [
                cannotRun(policy, "requireTls", "database-proxy"),
            ]);
        });
    });

    describe("rds-cluster-force-ssl", () => {
        const policy = "rds-cluster-force-ssl";
        const cluster = 'RDS cluster "database-cluster"';

        it("flags a parameter group that lets clients skip TLS", async () => {
            const plan = editedProps(T.parameterGroup, "database-params", (p) => {
                p.parameters[0].value = "0";
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "database-params",
                    `Cluster parameter group "database-params" of ${cluster} does not force TLS: ` +
                        'add the parameter rds.force_ssl = "1".',
                ),
            ]);
        });

        it("flags a cluster on the engine's default parameter group", async () => {
            const plan = editedProps(T.cluster, "database-cluster", (p) => {
                delete p.dbClusterParameterGroupName;
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "database-cluster",
                    `${cluster} uses the engine's default parameter group, which accepts ` +
                        "connections without TLS: set dbClusterParameterGroupName to a " +
                        'ClusterParameterGroup with rds.force_ssl = "1".',
                ),
            ]);
        });

        it("flags a cluster on a parameter group the stack does not define", async () => {
            const plan = editedPlan(T.cluster, "database-cluster", (state) => {
                state.inputs.dbClusterParameterGroupName = "default.aurora-postgresql16";
                delete state.propertyDependencies!.dbClusterParameterGroupName;
            });
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    policy,
                    "database-cluster",
                    `${cluster} uses parameter group "default.aurora-postgresql16", which this ` +
                        "stack does not define, so TLS cannot be shown to be forced: set " +
                        "dbClusterParameterGroupName to a ClusterParameterGroup of this stack " +
                        'with rds.force_ssl = "1".',
                ),
            ]);
        });

        it("joins the group by its literal name without the engine's link", async () => {
            const unlinked = editedPlan(T.cluster, "database-cluster", (state) => {
                delete state.propertyDependencies!.dbClusterParameterGroupName;
            });
            assert.deepStrictEqual(await check(unlinked), []);
            const weakened = editedProps(
                T.parameterGroup,
                "database-params",
                (p) => (p.parameters = []),
                unlinked,
            );
            assert.deepStrictEqual(
                (await check(weakened)).map((f) => f.resource),
                ["database-params"],
            );
        });

        it("reports that it cannot judge a parameter value unknown at preview", async () => {
            const plan = editedProps(T.parameterGroup, "database-params", (p) => {
                p.parameters[0].value = UNKNOWN_SENTINEL;
            });
            assert.deepStrictEqual(await check(plan), [cannotRun(policy, "parameters.0.value")]);
        });
    });

    describe("awsx load balancers and listener certificates (hand-made plans)", () => {
        const base = () => [
            { type: "pulumi:pulumi:Stack", name: "baymax-test", inputs: {} },
            { type: "pulumi:providers:aws", name: "mumbai", inputs: { region: "ap-south-1" } },
        ];
        const acm = "arn:aws:acm:ap-south-1:111122223333:certificate/0000";

        it("judges the listener awsx creates when it is given none: HTTP forwarding", async () => {
            const plan = planOf([
                ...base(),
                {
                    type: "awsx:lb:ApplicationLoadBalancer",
                    name: "web",
                    inputs: {
                        subnetIds: ["subnet-1", "subnet-2"],
                        dropInvalidHeaderFields: true,
                        tags: tags("baymax-test-web", "PHI"),
                    },
                },
            ]);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "elb-listener-http-redirects-to-https",
                    "web",
                    'Listener 0 (port 80) of awsx load balancer "web" serves plain HTTP (default ' +
                        `actions: forward): ${REDIRECT_FIX}`,
                ),
            ]);
        });

        it("judges the listeners an awsx load balancer is given", async () => {
            const plan = planOf([
                ...base(),
                {
                    type: "awsx:lb:ApplicationLoadBalancer",
                    name: "web",
                    inputs: {
                        subnetIds: ["subnet-1", "subnet-2"],
                        desyncMitigationMode: "monitor",
                        dropInvalidHeaderFields: true,
                        listeners: [
                            { port: 443, certificateArn: acm },
                            {
                                port: 80,
                                defaultActions: [
                                    { type: "redirect", redirect: { protocol: "HTTPS" } },
                                ],
                            },
                        ],
                    },
                },
            ]);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "elb-listener-tls-policy-allowed",
                    "web",
                    'Listener 0 (port 443) of awsx load balancer "web" sets no sslPolicy, so AWS ' +
                        `applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0: ${TLS_FIX}`,
                ),
                mandatory(
                    "elb-load-balancer-drops-invalid-headers",
                    "web",
                    'Load balancer "web" sets desyncMitigationMode "monitor", which lets ' +
                        'ambiguous requests through: set it to "defensive" or "strictest".',
                ),
            ]);
        });

        it("flags an extra listener certificate that ACM does not manage", async () => {
            const iam = "arn:aws:iam::111122223333:server-certificate/old";
            const plan = planOf([
                ...base(),
                {
                    type: "aws:lb/listenerCertificate:ListenerCertificate",
                    name: "old-domain",
                    provider: "primary",
                    inputs: { listenerArn: "arn:aws:elasticloadbalancing:x", certificateArn: iam },
                },
                {
                    type: "aws:alb/listenerCertificate:ListenerCertificate",
                    name: "new-domain",
                    provider: "primary",
                    inputs: { listenerArn: "arn:aws:elasticloadbalancing:x", certificateArn: acm },
                },
            ]);
            assert.deepStrictEqual(await check(plan), [
                mandatory(
                    "elb-listener-acm-certificate",
                    "old-domain",
                    `Listener certificate "old-domain" uses certificate "${iam}", which is not ` +
                        "managed by ACM: issue or import it in ACM and set certificateArn to " +
                        "that ARN.",
                ),
            ]);
        });
    });
});
