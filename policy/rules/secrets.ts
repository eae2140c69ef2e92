// Secrets that rotate, and rotation that can actually run. The RDS-managed master user secret
// rotates itself and is no resource of the program; the application's own secrets (JWT signing
// key, PHI field-encryption key, OpenAI API key) have no rotation function in this design and are
// rotated by hand, which the rotation policy reports as advice with the steps.
import {
    PolicyResource,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import { HipaaSection } from "../hipaa";
import { isSet, knownString, resourceRule, stackRule } from "./support";

const SECRET_TYPE = "aws:secretsmanager/secret:Secret";
const ROTATION_TYPE = "aws:secretsmanager/secretRotation:SecretRotation";
const RDS_CLUSTER_TYPE = "aws:rds/cluster:Cluster";

/** The longest a credential may live between rotations by default, in days. */
export const MAX_ROTATION_DAYS = 90;

/** How the name of a secret that RDS creates and rotates for a cluster or instance begins. */
export const RDS_MANAGED_SECRET_PREFIX = "rds!";

const ROTATION_SECTIONS: HipaaSection[] = ["164.308(a)(4)(ii)(B)", "164.308(a)(5)(ii)(D)"];

/** Whether a rotation's `secretId` names the secret: by dependency, else by ARN, id or name. */
function rotates(rotation: PolicyResource, secret: PolicyResource): boolean {
    const deps = rotation.propertyDependencies["secretId"] ?? [];
    if (deps.length > 0) return deps.some((d) => d.urn === secret.urn);
    const id = knownString(rotation.props, "secretId");
    if (id === undefined) return false;
    return ["arn", "id", "name"].some((key) => knownString(secret.props, key) === id);
}

/** Whether the secret is one RDS manages, by the cluster it comes from or by its name. */
function isRdsManaged(rotation: PolicyResource): boolean {
    const deps = rotation.propertyDependencies["secretId"] ?? [];
    const managed = (d: PolicyResource) =>
        d.type === RDS_CLUSTER_TYPE && d.props.manageMasterUserPassword === true;
    if (deps.some(managed)) return true;
    const id = knownString(rotation.props, "secretId");
    return id !== undefined && id.includes(`:secret:${RDS_MANAGED_SECRET_PREFIX}`);
}

const rotationEnabled = stackRule({
    name: "secretsmanager-secret-rotation-enabled",
    requires:
        "Every Secrets Manager secret rotates automatically through a SecretRotation; for one " +
        "that does not, the finding says how to rotate it by hand",
    sections: ROTATION_SECTIONS,
    enforcementLevel: "advisory",
    fix:
        "Add an aws.secretsmanager.SecretRotation with a rotation Lambda, or rotate the secret " +
        `by hand at least every ${MAX_ROTATION_DAYS} days and redeploy the service that reads it.`,
    baseline:
        "cdk-nag SecretsManagerRotationEnabled; AWS Config secretsmanager-rotation-enabled-check",
    validate: (args, report) => {
        const secrets = args.resources.filter((r) => r.type === SECRET_TYPE);
        if (secrets.length === 0) args.notApplicable("The stack has no Secrets Manager secrets");
        const rotations = args.resources.filter((r) => r.type === ROTATION_TYPE);
        for (const secret of secrets) {
            if (rotations.some((rotation) => rotates(rotation, secret))) continue;
            report(
                `Secrets Manager secret "${secret.name}" does not rotate automatically: rotate ` +
                    `it by hand at least every ${MAX_ROTATION_DAYS} days (put a new value with ` +
                    "`aws secretsmanager put-secret-value`, or change its source in the stack " +
                    "and run `pulumi up`, keeping a retired key until the data it encrypted is " +
                    "re-encrypted), then force a new deployment of the ECS service so that its " +
                    "tasks read it; or add a SecretRotation with a rotation Lambda.",
                secret.urn,
            );
        }
    },
});

interface RotationProps {
    rotationRules?: { automaticallyAfterDays?: number; scheduleExpression?: string };
}

/** The number of days between runs of a `rate(...)` schedule; undefined for anything else. */
function rateDays(expression: string): number | undefined {
    const rate = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/.exec(expression.trim());
    if (rate === null) return undefined;
    const amount = Number(rate[1]);
    if (rate[2].startsWith("day")) return amount;
    return rate[2].startsWith("hour") ? amount / 24 : amount / 1440;
}

/** Whether a `cron(...)` schedule fires in every month (its month field is `*` or `?`). */
function cronEveryMonth(expression: string): boolean {
    const cron = /^cron\((.*)\)$/.exec(expression.trim());
    const fields = cron ? cron[1].trim().split(/\s+/) : [];
    return fields.length === 6 && (fields[3] === "*" || fields[3] === "?");
}

const rotationInterval = resourceRule<RotationProps>({
    name: "secretsmanager-rotation-interval",
    requires:
        `Secret rotations run at least every ${MAX_ROTATION_DAYS} days, or as often as the ` +
        "configured maximum demands",
    sections: ROTATION_SECTIONS,
    configSchema: {
        properties: {
            maxRotationDays: {
                type: "integer",
                minimum: 1,
                maximum: 1000,
                default: MAX_ROTATION_DAYS,
                description: "The most days a secret may go between rotations.",
            },
        },
    },
    fix:
        `Set rotationRules.automaticallyAfterDays to at most ${MAX_ROTATION_DAYS}, or a ` +
        "scheduleExpression such as rate(30 days).",
    baseline: "AWS Config secretsmanager-secret-periodic-rotation (2021 template)",
    types: [ROTATION_TYPE],
    validate: (rotation, args, report) => {
        // A rotation without rules is the finding of secretsmanager-rotation-complete.
        const rules = rotation.rotationRules;
        if (rules === undefined || rules === null) return;
        const maxDays =
            args.getConfig<{ maxRotationDays?: number }>().maxRotationDays ?? MAX_ROTATION_DAYS;
        const what = `Secret rotation "${args.name}"`;
        const every = `at least every ${maxDays} days`;
        if (isSet(rules, "automaticallyAfterDays")) {
            const days = rules.automaticallyAfterDays as number;
            if (days > maxDays) {
                report(
                    `${what} rotates every ${days} days: set ` +
                        `rotationRules.automaticallyAfterDays to at most ${maxDays}.`,
                );
            }
        } else if (isSet(rules, "scheduleExpression")) {
            const expression = rules.scheduleExpression as string;
            const days = rateDays(expression);
            const monthly = maxDays >= 31 && cronEveryMonth(expression);
            if (days === undefined && !monthly) {
                report(
                    `${what} runs on schedule "${expression}", which does not run ${every}: ` +
                        `use rate(N days) with N at most ${maxDays}, or a cron whose month field ` +
                        'is "*".',
                );
            } else if (days !== undefined && days > maxDays) {
                report(
                    `${what} runs every ${days} days ("${expression}"): schedule it ${every}.`,
                );
            }
        } else {
            report(
                `${what} sets no interval: set rotationRules.automaticallyAfterDays (at most ` +
                    `${maxDays}) or scheduleExpression.`,
            );
        }
    },
});

const rotationComplete = stackRule({
    name: "secretsmanager-rotation-complete",
    requires:
        "Every secret rotation has rotation rules, a rotation function unless RDS manages the " +
        "secret, and a secret of this stack to rotate",
    sections: ROTATION_SECTIONS,
    fix:
        "Give each SecretRotation rotationRules, a rotationLambdaArn (not needed for an " +
        "RDS-managed secret) and the secretId of a secret this stack creates.",
    baseline: "Baymax",
    validate: (args, report) => {
        const rotations = args.resources.filter((r) => r.type === ROTATION_TYPE);
        const managedClusters = args.resources.filter(
            (r) => r.type === RDS_CLUSTER_TYPE && r.props.manageMasterUserPassword === true,
        );
        if (rotations.length === 0) args.notApplicable("The stack has no secret rotations");
        const secrets = args.resources.filter((r) => r.type === SECRET_TYPE);
        for (const rotation of rotations) {
            const what = `Secret rotation "${rotation.name}"`;
            if (!isSet(rotation.props, "rotationRules")) {
                report(
                    `${what} has no rotationRules, so the secret never rotates: set ` +
                        "rotationRules.automaticallyAfterDays or scheduleExpression.",
                    rotation.urn,
                );
            }
            const rdsManaged = isRdsManaged(rotation);
            if (!rdsManaged && !isSet(rotation.props, "rotationLambdaArn")) {
                report(
                    `${what} has no rotationLambdaArn and its secret is not managed by RDS, so ` +
                        "nothing can rotate it: set rotationLambdaArn to a rotation function.",
                    rotation.urn,
                );
            }
            const inStack = rdsManaged
                ? managedClusters.length > 0
                : secrets.some((secret) => rotates(rotation, secret));
            if (!inStack) {
                // A secret id known only after deployment that no dependency explains cannot be
                // judged: reading it through the proxy lets the SDK say so.
                const secretId: unknown = rotation.props.secretId;
                report(
                    `${what} rotates "${secretId}", which is not a secret of this stack: set ` +
                        "secretId to a Secret this stack creates, or to the master user " +
                        "secret of one of its RDS clusters.",
                    rotation.urn,
                );
            }
        }
    },
});

export const secretPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    rotationEnabled,
    rotationInterval,
    rotationComplete,
];
