// What the pack deliberately leaves out, with the reason, so that an auditor comparing it with
// the public HIPAA baselines sees every gap named: the baseline rules of the project's mapping
// (cdk-nag's HIPAA Security pack, AWS Config's HIPAA conformance pack and the project's own rows)
// that no policy implements, and the policies that have nothing to judge in the current stack.
// The rows the pack implements, in whole or in part, are listed too, so that the lists provably
// account for every row. POLICIES.md and the tests read this file.

/** How many rows the baseline mapping (hipaa-baselines.md) has, numbered from 1. */
export const BASELINE_ROW_COUNT = 70;

export interface ImplementedBaselineRow {
    /** The row's number in the baseline mapping. */
    readonly row: number;
    /** What the row checks, in short. */
    readonly check: string;
    /** The policies of this pack that implement the row (or the part of it the pack checks). */
    readonly policies: readonly string[];
}

export interface BaselineRuleNotApplied {
    /** The row the rule belongs to; the pack may implement the rest of the row. */
    readonly row: number;
    /** What the rule checks. */
    readonly check: string;
    /** The cdk-nag HIPAA Security rule id, or "—". */
    readonly cdkNag: string;
    /** The AWS Config HIPAA conformance-pack rule id, or "—". */
    readonly awsConfig: string;
    /** Why the pack does not implement it: full sentences. */
    readonly reason: string;
}

export interface IdlePolicy {
    readonly policy: string;
    /** Why the policy judges no resource of the current stack yet stays: full sentences. */
    readonly reason: string;
}

export const IMPLEMENTED_BASELINE_ROWS: readonly ImplementedBaselineRow[] = [
    {
        row: 1,
        check: "Aurora cluster storage encrypted",
        policies: ["rds-cluster-storage-encrypted-cmk"],
    },
    {
        row: 2,
        check: "Aurora cluster encrypted with a customer-managed KMS key",
        policies: ["rds-cluster-storage-encrypted-cmk"],
    },
    {
        row: 3,
        check: "Performance Insights (if on) encrypted with a customer-managed key",
        policies: ["rds-instance-performance-insights-cmk"],
    },
    {
        row: 4,
        check: "Aurora master password managed by Secrets Manager with a customer-managed key",
        policies: ["rds-cluster-master-password-managed"],
    },
    {
        row: 5,
        check: "DynamoDB table SSE with a customer-managed KMS key",
        policies: ["dynamodb-table-encrypted-cmk"],
    },
    {
        row: 6,
        check: "S3 default encryption SSE-KMS with a customer-managed key (source and replica)",
        policies: ["s3-bucket-encrypted-kms", "s3-bucket-encryption-configured"],
    },
    {
        row: 7,
        check: "Secrets Manager secret encrypted with a customer-managed key",
        policies: ["secretsmanager-secret-encrypted-cmk"],
    },
    {
        row: 8,
        check: "CloudWatch log group encrypted with KMS",
        policies: ["cloudwatch-log-group-encrypted-cmk", "cloudwatch-log-group-key-grants-logs"],
    },
    {
        row: 9,
        check: "SNS alarm topic encrypted with KMS",
        policies: ["sns-topic-encrypted-cmk", "sns-alarm-topic-key-grants-cloudwatch"],
    },
    {
        row: 10,
        check: "ECS Exec session logging encrypted with a customer-managed key (or Exec disabled)",
        policies: ["ecs-cluster-exec-session-encrypted"],
    },
    { row: 11, check: "KMS key rotation enabled", policies: ["kms-key-rotation-enabled"] },
    {
        row: 12,
        check: "KMS key lifecycle and policy safe",
        policies: [
            "kms-key-deletion-safeguards",
            "kms-key-policy-no-public-principal",
            "kms-key-protected",
        ],
    },
    {
        row: 13,
        check: "IAM policies do not allow kms:Decrypt or kms:* on all keys",
        policies: ["iam-policy-no-kms-decrypt-all-keys"],
    },
    {
        row: 14,
        check: "ALB HTTP listener only redirects to HTTPS",
        policies: ["elb-listener-http-redirects-to-https"],
    },
    {
        row: 15,
        check: "HTTPS listener uses a TLS 1.2+ security policy",
        policies: ["elb-listener-tls-policy-allowed"],
    },
    {
        row: 16,
        check: "HTTPS listener uses an ACM certificate",
        policies: ["elb-listener-acm-certificate"],
    },
    {
        row: 17,
        check: "ALB drops invalid header fields; desync mitigation defensive or strictest",
        policies: ["elb-load-balancer-drops-invalid-headers"],
    },
    {
        row: 18,
        check: "ALB to Fargate target traffic encrypted",
        policies: ["elb-target-group-https"],
    },
    {
        row: 19,
        check: "RDS Proxy requires TLS and authenticates via Secrets Manager or IAM",
        policies: ["rds-proxy-tls-required"],
    },
    { row: 20, check: "Aurora PostgreSQL forces SSL", policies: ["rds-cluster-force-ssl"] },
    {
        row: 21,
        check: "S3 bucket policy denies non-TLS requests",
        policies: ["s3-bucket-ssl-requests-only"],
    },
    {
        row: 22,
        check: "No 0.0.0.0/0 or ::/0 ingress beyond the ALB's 443/80",
        policies: ["ec2-security-group-no-public-ingress"],
    },
    {
        row: 23,
        check: "Database and proxy security groups admit only security groups on 5432",
        policies: ["rds-security-group-ingress-from-groups-only"],
    },
    {
        row: 24,
        check: "Security group and rule descriptions present",
        policies: ["ec2-security-group-described"],
    },
    {
        row: 25,
        check: "No unrestricted egress on the data tier; no inline and standalone rules mixed",
        policies: ["rds-security-group-egress-restricted", "ec2-security-group-rules-not-mixed"],
    },
    {
        row: 26,
        check: "VPC default security group has no rules",
        policies: ["ec2-vpc-default-security-group-closed"],
    },
    {
        row: 27,
        check: "VPC flow logs enabled for all traffic",
        policies: ["ec2-vpc-flow-logs-all-traffic"],
    },
    {
        row: 28,
        check: "Subnets do not auto-assign public IPs",
        policies: ["ec2-subnet-no-public-ip-on-launch"],
    },
    {
        row: 29,
        check: "No /0 route to an internet gateway from private or isolated route tables",
        policies: ["ec2-route-table-no-igw-default-route"],
    },
    {
        row: 30,
        check: "Internet gateway attached only to the authorised VPC",
        policies: ["ec2-internet-gateway-stack-vpc-only"],
    },
    {
        row: 31,
        check: "Aurora instances not publicly accessible; DB subnet group on isolated subnets",
        policies: ["rds-instance-not-publicly-accessible", "rds-subnets-isolated"],
    },
    {
        row: 32,
        check: "ECS tasks get no public IP and run in private subnets",
        policies: ["ecs-service-no-public-ip", "ecs-service-private-subnets"],
    },
    {
        row: 33,
        check: "Internet-facing ALB associated with a WAFv2 web ACL",
        policies: ["elb-load-balancer-waf-associated"],
    },
    { row: 34, check: "WAF web ACL logging enabled", policies: ["wafv2-web-acl-logging-enabled"] },
    {
        row: 35,
        check: "VPC endpoints for the AWS APIs used from private subnets",
        policies: ["ec2-vpc-endpoints-present"],
    },
    {
        row: 36,
        check: "ALB access logging enabled",
        policies: ["elb-load-balancer-access-logging"],
    },
    {
        row: 37,
        check: "Log group retention set and at least the configured minimum",
        policies: ["cloudwatch-log-group-retention"],
    },
    {
        row: 38,
        check: "Aurora exports PostgreSQL logs and logs connections",
        policies: ["rds-cluster-log-exports", "rds-cluster-connection-logging"],
    },
    {
        row: 39,
        check: "Enhanced monitoring on Aurora instances",
        policies: ["rds-instance-enhanced-monitoring"],
    },
    {
        row: 40,
        check: "ECS Container Insights enabled",
        policies: ["ecs-cluster-container-insights"],
    },
    {
        row: 41,
        check: "Every container has a log configuration",
        policies: ["ecs-task-definition-log-configuration"],
    },
    { row: 42, check: "CloudWatch alarms have actions", policies: ["cloudwatch-alarm-actions"] },
    {
        row: 43,
        check: "S3 server access logging (source and replica)",
        policies: ["s3-bucket-access-logging-enabled"],
    },
    {
        row: 44,
        check: "DynamoDB point-in-time recovery enabled",
        policies: ["dynamodb-table-pitr-enabled"],
    },
    {
        row: 45,
        check:
            "DynamoDB and Aurora in an AWS Backup plan meeting frequency, retention and vault " +
            "rules",
        policies: [
            "backup-plan-covers-phi-stores",
            "backup-plan-daily-schedule",
            "backup-plan-minimum-retention",
            "backup-vault-deletion-denied",
            "backup-vault-encrypted-cmk",
        ],
    },
    {
        row: 46,
        check: "DynamoDB auto scaling when PROVISIONED",
        policies: ["dynamodb-table-autoscaling"],
    },
    {
        row: 47,
        check: "DynamoDB deletion protection",
        policies: ["dynamodb-table-deletion-protection"],
    },
    {
        row: 48,
        check: "Aurora automated backup retention of at least N days",
        policies: ["rds-cluster-backup-retention"],
    },
    {
        row: 49,
        check: "Aurora deletion protection and final snapshot",
        policies: ["rds-cluster-deletion-protection", "rds-cluster-final-snapshot"],
    },
    {
        row: 50,
        check: "Aurora Multi-AZ (instances in at least two zones)",
        policies: ["rds-cluster-multi-az"],
    },
    {
        row: 51,
        check: "Aurora instances apply minor versions automatically",
        policies: ["rds-instance-auto-minor-version-upgrade"],
    },
    {
        row: 52,
        check: "Aurora IAM database authentication",
        policies: ["rds-cluster-iam-authentication"],
    },
    { row: 53, check: "S3 versioning enabled", policies: ["s3-bucket-versioning-enabled"] },
    {
        row: 54,
        check: "S3 cross-region replication enabled on the PHI bucket",
        policies: ["s3-bucket-replication-enabled"],
    },
    {
        row: 55,
        check:
            "Replica encrypted with a destination-region key; SSE-KMS objects replicated; " +
            "destination in India",
        policies: ["s3-replication-kms-objects-replicated", "s3-replication-destination-india"],
    },
    {
        row: 56,
        check: "S3 noncurrent-version lifecycle",
        policies: ["s3-bucket-noncurrent-versions-expire"],
    },
    {
        row: 57,
        check: "S3 Block Public Access (all four flags) on every bucket",
        policies: ["s3-bucket-public-access-blocked"],
    },
    {
        row: 58,
        check: "No public ACLs; ACLs disabled; no public principal in bucket policies",
        policies: ["s3-bucket-acls-disabled", "s3-bucket-no-public-grants"],
    },
    { row: 59, check: "ALB deletion protection", policies: ["elb-deletion-protection-enabled"] },
    {
        row: 60,
        check: "ECS service auto scaling and resilience (min 2, max above min, circuit breaker)",
        policies: ["ecs-service-min-tasks", "appautoscaling-target-ecs-names-cluster"],
    },
    {
        row: 61,
        check: "Every secret has rotation configured",
        policies: ["secretsmanager-secret-rotation-enabled", "secretsmanager-rotation-complete"],
    },
    {
        row: 62,
        check: "Rotation interval of at most 90 days",
        policies: ["secretsmanager-rotation-interval"],
    },
    { row: 63, check: "Containers not privileged", policies: ["ecs-container-not-privileged"] },
    {
        row: 64,
        check: "Read-only root filesystem",
        policies: ["ecs-container-readonly-root-filesystem"],
    },
    {
        row: 65,
        check: "Containers run as a non-root user",
        policies: ["ecs-container-non-root-user"],
    },
    {
        row: 66,
        check: "No secrets in plain environment variables",
        policies: ["ecs-container-no-plaintext-secrets"],
    },
    {
        row: 67,
        check: "Task isolation: awsvpc, no host PID or IPC, separate roles, Fargate LATEST",
        policies: ["ecs-task-definition-isolated", "ecs-service-platform-latest"],
    },
    {
        row: 68,
        check:
            "No admin or full-service statements; no AWS-managed admin policy; no inline " +
            "policies",
        policies: [
            "iam-policy-no-admin-access",
            "iam-no-admin-managed-policies",
            "iam-no-inline-policies",
        ],
    },
    {
        row: 69,
        check: "Region allow-list: only ap-south-1 and ap-south-2",
        policies: ["aws-region-india-only", "aws-provider-region-explicit"],
    },
    {
        row: 70,
        check: "Required tags on taggable resources",
        policies: ["aws-resource-hipaa-tags"],
    },
];

export const BASELINE_RULES_NOT_APPLIED: readonly BaselineRuleNotApplied[] = [
    {
        row: 16,
        check: "Imported certificates not near expiry",
        cdkNag: "—",
        awsConfig: "acm-certificate-expiration-check",
        reason:
            "Listeners must use ACM certificates (elb-listener-acm-certificate), which ACM " +
            "renews itself; an expiry date exists only in the deployed account, never in a " +
            "preview plan, so AWS Config's periodic check is the place for it.",
    },
    {
        row: 42,
        check: "Alarms notify on INSUFFICIENT_DATA",
        cdkNag: "—",
        awsConfig: "cloudwatch-alarm-action-check (insufficientDataActionRequired)",
        reason:
            "Every metric alarm states in treatMissingData how a silent metric counts " +
            "(cloudwatch-alarm-actions requires it), so a metric that stops reporting raises or " +
            "clears the alarm by design instead of paging on every INSUFFICIENT_DATA transition.",
    },
    {
        row: 47,
        check: "DynamoDB TTL and stream settings as designed",
        cdkNag: "—",
        awsConfig: "—",
        reason:
            "TTL attributes and streams are design choices of each table rather than " +
            "safeguards; the ConversationStore tests pin them, and a policy could only restate " +
            "the component's configuration.",
    },
    {
        row: 50,
        check: "Multi-AZ DB instances",
        cdkNag: "RDSMultiAZSupport",
        awsConfig: "—",
        reason:
            "The rule judges non-Aurora DB instances, which the stack has none of; an Aurora " +
            "cluster's availability comes from instances in several zones, which " +
            "rds-cluster-multi-az checks.",
    },
    {
        row: 56,
        check: "S3 object lock on by default",
        cdkNag: "—",
        awsConfig: "s3-bucket-default-lock-enabled",
        reason:
            "Object lock cannot be turned off once on and would keep PHI that a lawful erasure " +
            "request requires deleting; versioning, replication to Hyderabad and backup vaults " +
            "that deny deleting recovery points protect the data's integrity instead.",
    },
    {
        row: 56,
        check: "S3 event notifications",
        cdkNag: "—",
        awsConfig: "s3-event-notifications-enabled",
        reason:
            "Nothing in the design consumes bucket events; who touched which object is " +
            "recorded by S3 server access logs (s3-bucket-access-logging-enabled).",
    },
    {
        row: 57,
        check: "Account-level S3 Block Public Access",
        cdkNag: "—",
        awsConfig: "s3-account-level-public-access-blocks-periodic",
        reason:
            "The account's public access block is an account setting outside this program, " +
            "which a plan of the stack cannot show; every bucket's own block is checked by " +
            "s3-bucket-public-access-blocked.",
    },
    {
        row: 60,
        check: "Target group health check enabled",
        cdkNag: "—",
        awsConfig: "—",
        reason:
            "AWS always health-checks the instance and ip targets of an application load " +
            "balancer's target group and offers no setting that turns it off, so a plan has " +
            "nothing to weaken.",
    },
];

export const POLICIES_IDLE_IN_STACK: readonly IdlePolicy[] = [
    {
        policy: "ecs-cluster-exec-session-encrypted",
        reason:
            "The backend service runs with ECS Exec off (enableExecuteCommand: false), so no " +
            "exec session exists to encrypt. The policy stays so that turning ECS Exec on for " +
            "debugging cannot ship without encrypted, logged sessions.",
    },
    {
        policy: "secretsmanager-rotation-interval",
        reason:
            "The stack creates no SecretRotation: the RDS-managed master user secret rotates " +
            "itself, and the application's secrets have no rotation function and are rotated " +
            "by hand, as secretsmanager-secret-rotation-enabled advises. The policy stays so " +
            "that a rotation added later runs at least every 90 days.",
    },
    {
        policy: "secretsmanager-rotation-complete",
        reason:
            "The stack creates no SecretRotation (see secretsmanager-rotation-interval). The " +
            "policy stays so that a rotation added later has rules, a rotation function unless " +
            "RDS manages the secret, and a secret of this stack to rotate.",
    },
];
