// Encryption in transit: patients reach the stack over TLS 1.2+ only, the load balancer refuses
// malformed requests, and every hop to the database (client to proxy, proxy to cluster) is TLS.
// AWS's defaults fail here (an HTTPS listener without a policy accepts TLS 1.0, a PostgreSQL
// cluster on its default parameter group accepts plaintext), so a missing setting is a finding.
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { isSet, knownString, oneOf, resourceRule, stackRule } from "./support";

/** Listener types of Elastic Load Balancing v2, under both module names of @pulumi/aws. */
const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"] as const;

const LISTENER_CERTIFICATE_TYPES = [
    "aws:lb/listenerCertificate:ListenerCertificate",
    "aws:alb/listenerCertificate:ListenerCertificate",
] as const;

export const LOAD_BALANCER_TYPES = [
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:alb/loadBalancer:LoadBalancer",
] as const;

const TARGET_GROUP_TYPES = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"];

/** The awsx component that builds a load balancer with its listeners from its own inputs. */
export const AWSX_ALB_TYPE = "awsx:lb:ApplicationLoadBalancer";

/**
 * Predefined ELB security policies that accept only TLS 1.2 and 1.3 with strong ciphers; the
 * default of `allowedSslPolicies`.
 */
export const TLS12_SSL_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS-1-2-2017-01",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    "ELBSecurityPolicy-FS-1-2-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
] as const;

/** The policy AWS applies to an HTTPS or TLS listener created by API without `sslPolicy`. */
const API_DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08";

/** Listener protocols that terminate TLS at the load balancer. */
const TLS_PROTOCOLS = ["HTTPS", "TLS"];

/** ARNs of certificates issued or imported in AWS Certificate Manager, in any partition. */
const ACM_ARN = /^arn:aws[a-z-]*:acm:/;

/** Desync mitigation modes that refuse ambiguous requests (the ALB default is "defensive"). */
const SAFE_DESYNC_MODES = ["defensive", "strictest"] as const;

/** The parameter that makes each Aurora engine refuse connections without TLS. */
export const FORCE_TLS_PARAMETERS: Readonly<
    Record<string, { readonly name: string; readonly values: readonly string[] }>
> = {
    "aurora-postgresql": { name: "rds.force_ssl", values: ["1"] },
    "aurora-mysql": { name: "require_secure_transport", values: ["ON", "1"] },
};

interface ListenerAction {
    type?: string;
    redirect?: { protocol?: string; port?: string };
}

interface ListenerProps {
    port?: number;
    protocol?: string;
    sslPolicy?: string;
    certificateArn?: string;
    defaultActions?: ListenerAction[];
}

interface AwsxAlbProps {
    listener?: ListenerProps;
    listeners?: ListenerProps[];
}

/** A listener as the rules judge it: what to call it, and its effective protocol and actions. */
interface JudgedListener {
    readonly what: string;
    readonly protocol: string;
    readonly props: ListenerProps;
    readonly actions: readonly ListenerAction[];
}

/**
 * The listeners a resource stands for. A plain listener without `protocol` is HTTP (the ALB
 * default). An awsx load balancer creates one HTTP:80 listener forwarding to its default target
 * group when given none, takes HTTPS for port 443 when a listener names only its port, and
 * forwards to that target group when a listener sets no default actions.
 */
function listenersOf(type: string, name: string, props: ListenerProps & AwsxAlbProps) {
    if (type !== AWSX_ALB_TYPE) {
        const listener: JudgedListener = {
            what: `Load balancer listener "${name}"`,
            protocol: props.protocol ?? "HTTP",
            props,
            actions: props.defaultActions ?? [],
        };
        return [listener];
    }
    const given = props.listeners ?? (props.listener !== undefined ? [props.listener] : []);
    const listeners: ListenerProps[] = given.length > 0 ? given : [{ port: 80, protocol: "HTTP" }];
    return listeners.map((l, i): JudgedListener => {
        const port = l.port ?? (l.protocol === "HTTPS" ? 443 : 80);
        return {
            what: `Listener ${i} (port ${port}) of awsx load balancer "${name}"`,
            protocol: l.protocol ?? (port === 443 ? "HTTPS" : "HTTP"),
            props: l,
            actions: l.defaultActions ?? [{ type: "forward" }],
        };
    });
}

const listenerTypes = [...LISTENER_TYPES, AWSX_ALB_TYPE];

const httpRedirects = resourceRule<ListenerProps & AwsxAlbProps>({
    name: "elb-listener-http-redirects-to-https",
    requires:
        "Load balancer listeners that accept plain HTTP do nothing but redirect to HTTPS, so no " +
        "request or response travels the internet unencrypted",
    sections: ["164.312(a)(2)(iv)", "164.312(e)(1)", "164.312(e)(2)(i)", "164.312(e)(2)(ii)"],
    fix:
        'Make the HTTP listener\'s only default action { type: "redirect", redirect: ' +
        '{ protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }.',
    baseline: "cdk-nag ALBHttpToHttpsRedirection; AWS Config alb-http-to-https-redirection-check",
    types: listenerTypes,
    validate: (props, args, report) => {
        for (const listener of listenersOf(args.type, args.name, props)) {
            if (listener.protocol !== "HTTP") continue;
            const redirects =
                listener.actions.length > 0 &&
                listener.actions.every(
                    (a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS",
                );
            if (!redirects) {
                const did = listener.actions.map((a) => a.type).join(", ") || "nothing";
                report(
                    `${listener.what} serves plain HTTP (default actions: ${did}): make its ` +
                        'only default action { type: "redirect", redirect: { protocol: "HTTPS", ' +
                        'port: "443", statusCode: "HTTP_301" } }.',
                );
            }
        }
    },
});

interface TlsPolicyConfig {
    allowedSslPolicies: string[];
}

const tlsPolicy = resourceRule<ListenerProps & AwsxAlbProps>({
    name: "elb-listener-tls-policy-allowed",
    requires:
        "HTTPS and TLS listeners use a predefined ELB security policy from the allow-list, " +
        "whose policies all refuse the legacy TLS versions and weak ciphers",
    sections: ["164.312(a)(2)(iv)", "164.312(e)(1)", "164.312(e)(2)(i)", "164.312(e)(2)(ii)"],
    fix: 'Set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-2021-06" or another allowed policy.',
    baseline:
        "AWS Config elb-predefined-security-policy-ssl-check (Classic LB analogue); cdk-nag " +
        "ELBTlsHttpsListenersOnly (Classic LB analogue)",
    types: listenerTypes,
    configSchema: {
        properties: {
            allowedSslPolicies: {
                type: "array",
                items: { type: "string", pattern: "^ELBSecurityPolicy-" },
                minItems: 1,
                uniqueItems: true,
                default: [...TLS12_SSL_POLICIES],
                description:
                    "Predefined ELB security policies an HTTPS or TLS listener may use; each " +
                    "must refuse TLS 1.0 and 1.1.",
            },
        },
    },
    validate: (props, args, report) => {
        const config = args.getConfig<Partial<TlsPolicyConfig>>();
        const allowed = config.allowedSslPolicies ?? [...TLS12_SSL_POLICIES];
        const choose = `set sslPolicy to "${allowed[0]}" or another of allowedSslPolicies`;
        for (const listener of listenersOf(args.type, args.name, props)) {
            if (!TLS_PROTOCOLS.includes(listener.protocol)) continue;
            if (!isSet(listener.props, "sslPolicy")) {
                report(
                    `${listener.what} sets no sslPolicy, so AWS applies ` +
                        `${API_DEFAULT_SSL_POLICY}, which accepts TLS 1.0: ${choose}.`,
                );
            } else if (!allowed.includes(listener.props.sslPolicy as string)) {
                report(
                    `${listener.what} uses SSL policy "${listener.props.sslPolicy}", which is ` +
                        `not on the TLS 1.2+ allow-list: ${choose}.`,
                );
            }
        }
    },
});

/** The finding for a certificate ARN that is missing or not from ACM, if any. */
function certificateProblem(what: string, holder: { certificateArn?: string }): string | undefined {
    if (!isSet(holder, "certificateArn")) {
        return `${what} has no certificate: set certificateArn to an ACM certificate's ARN.`;
    }
    // An ARN known only after deployment may still be an IAM server certificate's: reading it
    // lets the SDK report that the check cannot run during preview.
    const arn = holder.certificateArn as string;
    if (!ACM_ARN.test(arn)) {
        return (
            `${what} uses certificate "${arn}", which is not managed by ACM: issue or import ` +
            "it in ACM and set certificateArn to that ARN."
        );
    }
    return undefined;
}

const acmCertificate = resourceRule<ListenerProps & AwsxAlbProps>({
    name: "elb-listener-acm-certificate",
    requires:
        "HTTPS and TLS listeners and their extra certificates use certificates managed by AWS " +
        "Certificate Manager, which renews and audits them",
    sections: ["164.312(a)(2)(iv)", "164.312(e)(1)", "164.312(e)(2)(ii)"],
    fix: "Set certificateArn to the ARN of a certificate issued or imported in ACM.",
    baseline: "cdk-nag ELBv2ACMCertificateRequired; AWS Config elbv2-acm-certificate-required",
    types: [...listenerTypes, ...LISTENER_CERTIFICATE_TYPES],
    validate: (props, args, report) => {
        if ((LISTENER_CERTIFICATE_TYPES as readonly string[]).includes(args.type)) {
            const problem = certificateProblem(`Listener certificate "${args.name}"`, props);
            if (problem !== undefined) report(problem);
            return;
        }
        for (const listener of listenersOf(args.type, args.name, props)) {
            if (!TLS_PROTOCOLS.includes(listener.protocol)) continue;
            const problem = certificateProblem(listener.what, listener.props);
            if (problem !== undefined) report(problem);
        }
    },
});

interface LoadBalancerProps {
    loadBalancerType?: string;
    dropInvalidHeaderFields?: boolean;
    desyncMitigationMode?: string;
}

const dropInvalidHeaders = resourceRule<LoadBalancerProps>({
    name: "elb-load-balancer-drops-invalid-headers",
    requires:
        "Application load balancers drop HTTP headers that are not valid and keep desync " +
        "mitigation at defensive or strictest, so smuggled requests never reach the backend",
    sections: ["164.312(a)(2)(iv)", "164.312(e)(1)", "164.312(e)(2)(i)", "164.312(e)(2)(ii)"],
    fix: 'Set dropInvalidHeaderFields: true and desyncMitigationMode "strictest".',
    baseline:
        "cdk-nag ALBHttpDropInvalidHeaderEnabled; AWS Config alb-http-drop-invalid-header-enabled",
    types: [...LOAD_BALANCER_TYPES, AWSX_ALB_TYPE],
    validate: (lb, args, report) => {
        if ((lb.loadBalancerType ?? "application") !== "application") {
            args.notApplicable("Only application load balancers parse HTTP headers");
        }
        const what = `Load balancer "${args.name}"`;
        if (lb.dropInvalidHeaderFields !== true) {
            report(
                `${what} forwards HTTP headers that are not valid: set ` +
                    "dropInvalidHeaderFields: true.",
            );
        }
        const mode = lb.desyncMitigationMode;
        if (mode !== undefined && !(SAFE_DESYNC_MODES as readonly string[]).includes(mode)) {
            report(
                `${what} sets desyncMitigationMode "${mode}", which lets ambiguous requests ` +
                    `through: set it to ${oneOf(SAFE_DESYNC_MODES)}.`,
            );
        }
    },
});

interface TargetGroupProps {
    targetType?: string;
    protocol?: string;
    port?: number;
    healthCheck?: { protocol?: string };
}

const targetGroupHttps = resourceRule<TargetGroupProps>({
    name: "elb-target-group-https",
    requires:
        "Load balancer target groups reach their targets over HTTPS; advisory, because the " +
        "stack ends TLS at the load balancer by design and sends HTTP only inside the VPC, to " +
        "tasks in private subnets that nothing but the load balancer's security group can reach",
    sections: ["164.312(e)(1)", "164.312(e)(2)(ii)"],
    enforcementLevel: "advisory",
    fix:
        'Serve TLS in the task and set protocol "HTTPS" (and healthCheck.protocol "HTTPS") on ' +
        "the target group, if PHI must be encrypted inside the VPC too.",
    baseline: "Baymax",
    types: TARGET_GROUP_TYPES,
    validate: (group, args, report) => {
        if (group.targetType === "lambda") {
            args.notApplicable("Lambda targets are invoked through the AWS API, not a protocol");
        }
        const what = `Target group "${args.name}"`;
        const protocol = group.protocol ?? "HTTP";
        if (protocol === "HTTP") {
            report(
                `${what} forwards plain HTTP to its targets on port ${group.port}: serve TLS in ` +
                    'the targets and set protocol "HTTPS" if traffic inside the VPC must be ' +
                    "encrypted too.",
            );
        } else if (protocol === "HTTPS" && group.healthCheck?.protocol === "HTTP") {
            report(
                `${what} runs its health checks over plain HTTP: set healthCheck.protocol "HTTPS".`,
            );
        }
    },
});

interface ProxyProps {
    requireTls?: boolean;
    debugLogging?: boolean;
    defaultAuthScheme?: string;
    auths?: { authScheme?: string; secretArn?: string }[];
}

const proxyTls = resourceRule<ProxyProps>({
    name: "rds-proxy-tls-required",
    requires:
        "RDS proxies require TLS from clients, reach the database with credentials from Secrets " +
        "Manager or with IAM, and never log SQL text, which carries PHI",
    sections: ["164.312(d)", "164.312(e)(1)", "164.312(e)(2)(ii)"],
    fix:
        'Set requireTls: true, debugLogging: false and auths [{ authScheme: "SECRETS", ' +
        'secretArn }] (or defaultAuthScheme "IAM_AUTH").',
    baseline: "Baymax",
    types: ["aws:rds/proxy:Proxy"],
    validate: (proxy, args, report) => {
        const what = `RDS proxy "${args.name}"`;
        if (proxy.requireTls !== true) {
            report(`${what} accepts connections without TLS: set requireTls: true.`);
        }
        if (proxy.debugLogging === true) {
            report(
                `${what} writes the text of SQL statements, which carry PHI, to its logs: set ` +
                    "debugLogging: false.",
            );
        }
        if (proxy.defaultAuthScheme === "IAM_AUTH") return;
        const auths = proxy.auths ?? [];
        if (auths.length === 0) {
            report(
                `${what} has no credentials for the database: add auths [{ authScheme: ` +
                    '"SECRETS", secretArn: <the database secret> }] or set defaultAuthScheme ' +
                    '"IAM_AUTH".',
            );
        }
        auths.forEach((auth, i) => {
            const scheme = auth.authScheme ?? "SECRETS";
            if (scheme !== "SECRETS" || !isSet(auth, "secretArn")) {
                report(
                    `${what} auths[${i}] does not take its credentials from Secrets Manager: set ` +
                        `auths[${i}].authScheme "SECRETS" and secretArn to the database secret.`,
                );
            }
        });
    },
});

interface ParameterProps {
    name?: string;
    value?: string;
}

const clusterForceTls: StackValidationPolicy = stackRule({
    name: "rds-cluster-force-ssl",
    requires:
        "Aurora PostgreSQL and Aurora MySQL clusters use a cluster parameter group of this " +
        "stack that refuses connections without TLS",
    sections: ["164.312(e)(1)", "164.312(e)(2)(ii)"],
    fix:
        'Give the cluster a ClusterParameterGroup with { name: "rds.force_ssl", value: "1" } ' +
        "and set dbClusterParameterGroupName to its name.",
    baseline: "Baymax",
    validate: (args, report) => {
        const clusters = args.resources.filter(
            (r) =>
                r.type === "aws:rds/cluster:Cluster" &&
                FORCE_TLS_PARAMETERS[r.props.engine as string] !== undefined,
        );
        if (clusters.length === 0) {
            args.notApplicable("The stack has no Aurora PostgreSQL or Aurora MySQL clusters");
        }
        const groups = args.resources.filter(
            (r) => r.type === "aws:rds/clusterParameterGroup:ClusterParameterGroup",
        );
        for (const cluster of clusters) {
            const parameter = FORCE_TLS_PARAMETERS[cluster.props.engine as string];
            const setting = `${parameter.name} = "${parameter.values[0]}"`;
            const what = `RDS cluster "${cluster.name}"`;
            if (!isSet(cluster.props, "dbClusterParameterGroupName")) {
                report(
                    `${what} uses the engine's default parameter group, which accepts ` +
                        "connections without TLS: set dbClusterParameterGroupName to a " +
                        `ClusterParameterGroup with ${setting}.`,
                    cluster.urn,
                );
                continue;
            }
            const deps = cluster.propertyDependencies["dbClusterParameterGroupName"] ?? [];
            const named = knownString(cluster.props, "dbClusterParameterGroupName");
            const group = groups.find(
                (g) =>
                    deps.some((d) => d.urn === g.urn) ||
                    (named !== undefined && knownString(g.props, "name") === named),
            );
            if (group === undefined) {
                // A name known only at deployment and taken from no group of this stack cannot
                // be judged: reading it lets the SDK say so.
                const name = cluster.props.dbClusterParameterGroupName as string;
                report(
                    `${what} uses parameter group "${name}", which this stack does not define, ` +
                        "so TLS cannot be shown to be forced: set dbClusterParameterGroupName " +
                        `to a ClusterParameterGroup of this stack with ${setting}.`,
                    cluster.urn,
                );
                continue;
            }
            const parameters = (group.props.parameters ?? []) as ParameterProps[];
            const forced = parameters.some(
                (p) =>
                    p.name === parameter.name &&
                    parameter.values.includes(String(p.value).toUpperCase()),
            );
            if (!forced) {
                report(
                    `Cluster parameter group "${group.name}" of ${what} does not force TLS: add ` +
                        `the parameter ${setting}.`,
                    group.urn,
                );
            }
        }
    },
});

export const transitPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    httpRedirects,
    tlsPolicy,
    acmCertificate,
    dropInvalidHeaders,
    targetGroupHttps,
    proxyTls,
    clusterForceTls,
];
