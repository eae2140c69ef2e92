// What the pack deliberately leaves out, with the reason, so that an auditor comparing it with
// the public HIPAA baselines sees every gap named: the rows of the project's baseline mapping
// (cdk-nag's HIPAA Security pack, AWS Config's HIPAA conformance pack and the project's own
// rows) that no policy implements, and the policies that have nothing to judge in the current
// stack. The rows the pack does implement are listed too, so that the two lists provably cover
// every row. POLICIES.md and the tests read this file.

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

export interface BaselineRowNotApplied {
    readonly row: number;
    readonly check: string;
    /** The row's cdk-nag HIPAA Security rule ids, or "—". */
    readonly cdkNag: string;
    /** The row's AWS Config HIPAA conformance-pack rule ids, or "—". */
    readonly awsConfig: string;
    /** Why the pack does not implement the row: a full sentence. */
    readonly reason: string;
}

export interface IdlePolicy {
    readonly policy: string;
    /** Why the policy judges no resource of the current stack yet stays: a full sentence. */
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
        check: "Performance Insights encrypted with a customer-managed key",
        policies: ["rds-instance-performance-insights-cmk"],
    },
    {
        row: 5,
        check: "DynamoDB table SSE with a customer-managed KMS key",
        policies: ["dynamodb-table-encrypted-cmk"],
    },
    {
        row: 6,
        check: "S3 default encryption SSE-KMS with a customer-managed key",
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
        policies: ["cloudwatch-log-group-encrypted-cmk"],
    },
    { row: 9, check: "SNS topic encrypted with KMS", policies: ["sns-topic-encrypted-cmk"] },
    { row: 11, check: "KMS key rotation enabled", policies: ["kms-key-rotation-enabled"] },
    {
        row: 45,
        check: "DynamoDB and Aurora in an AWS Backup plan; vault encrypted with a customer key",
        policies: ["backup-vault-encrypted-cmk"],
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

export const BASELINE_ROWS_NOT_APPLIED: readonly BaselineRowNotApplied[] = [];

export const POLICIES_IDLE_IN_STACK: readonly IdlePolicy[] = [];
