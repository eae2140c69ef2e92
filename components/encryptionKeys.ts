// Customer-managed KMS keys, one per class of data, so that each key's policy names only the AWS
// services that handle that class: patient data, application secrets, logs and alarm topics.
// Every key rotates yearly, waits the longest deletion window by default, is protected from
// deletion by Pulumi unless told otherwise, and keeps the account root as an administrator so that
// a policy mistake can never lock the key out.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { complianceTags, DataClass } from "./tags";

/** The deletion window AWS allows for a KMS key, in days. */
export const KEY_DELETION_WINDOW_DAYS = { min: 7, max: 30 } as const;

/**
 * Services allowed to use each key on behalf of a principal in the account (`kms:ViaService`),
 * by the service's endpoint prefix. The logs key is used by the CloudWatch Logs service principal
 * itself, so it has none.
 */
export const KEY_VIA_SERVICES = {
    phi: ["rds", "dynamodb", "s3", "backup"],
    secrets: ["secretsmanager", "rds", "ecr"],
    logs: [],
    alarms: ["sns"],
} as const satisfies Record<string, readonly string[]>;

export type KeyRole = keyof typeof KEY_VIA_SERVICES;

/** Actions a service needs to encrypt and decrypt data under a key for its caller. */
const VIA_SERVICE_ACTIONS = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:CreateGrant",
    "kms:ListGrants",
    "kms:DescribeKey",
];

export interface EncryptionKeysArgs {
    /** Stack environment, such as "prod", used in tags. Required, no default. */
    readonly environment: string;
    /** Prefix of physical names and aliases, such as "baymax-prod". Required, no default. */
    readonly namePrefix: string;
    /** Region of the provider the keys are created with, used in the key policies. Required. */
    readonly region: string;
    /** Days a scheduled key deletion waits, from 7 to 30. Defaults to 30. */
    readonly deletionWindowInDays?: number;
    /**
     * Creates the keys with Pulumi's `protect`, so that no destroy or replacement schedules the
     * deletion of a key and with it of everything encrypted under it. Defaults to true.
     */
    readonly deletionProtection?: boolean;
}

/**
 * Checks a key deletion window; AWS accepts whole days from 7 to 30. Returns the window to use.
 * Plain (not an Input) because a wrong value must stop the program before anything registers.
 */
export function validateDeletionWindow(value: number | undefined): number {
    const days = value ?? KEY_DELETION_WINDOW_DAYS.max;
    const { min, max } = KEY_DELETION_WINDOW_DAYS;
    if (!Number.isInteger(days) || days < min || days > max) {
        throw new pulumi.InputPropertyError({
            propertyPath: "deletionWindowInDays",
            reason:
                `deletionWindowInDays is ${days}, but a KMS key's deletion window must be a ` +
                `whole number of days from ${min} to ${max}; use ${max} (the default) so that a ` +
                "key scheduled for deletion by mistake can be recovered for as long as possible.",
        });
    }
    return days;
}

/**
 * The four customer-managed keys of one environment, each with its alias:
 * `phiKey` for patient data (Aurora, DynamoDB, S3, AWS Backup), `secretsKey` for Secrets Manager,
 * `logsKey` for CloudWatch Logs and `alarmsKey` for SNS alarm topics.
 */
export class EncryptionKeys extends pulumi.ComponentResource {
    public readonly phiKey: aws.kms.Key;
    public readonly secretsKey: aws.kms.Key;
    public readonly logsKey: aws.kms.Key;
    public readonly alarmsKey: aws.kms.Key;
    public readonly phiKeyArn: pulumi.Output<string>;
    public readonly secretsKeyArn: pulumi.Output<string>;
    public readonly logsKeyArn: pulumi.Output<string>;
    public readonly alarmsKeyArn: pulumi.Output<string>;

    constructor(name: string, args: EncryptionKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        const deletionWindowInDays = validateDeletionWindow(args.deletionWindowInDays);
        super("baymax:security:EncryptionKeys", name, {}, opts);

        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const region = args.region;
        const protect = args.deletionProtection ?? true;
        const newKey = (
            role: KeyRole,
            dataClass: DataClass,
            description: string,
            serviceStatements: object[],
        ): aws.kms.Key => {
            const physicalName = `${args.namePrefix}-${role}`;
            const key = new aws.kms.Key(
                `${name}-${role}-key`,
                {
                    description,
                    enableKeyRotation: true,
                    deletionWindowInDays,
                    policy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [rootStatement(accountId), ...serviceStatements],
                    }),
                    tags: complianceTags(
                        { environment: args.environment, service: "security" },
                        physicalName,
                        dataClass,
                    ),
                },
                { parent: this, protect },
            );
            new aws.kms.Alias(
                `${name}-${role}-alias`,
                { name: `alias/${physicalName}`, targetKeyId: key.keyId },
                { parent: this },
            );
            return key;
        };

        this.phiKey = newKey(
            "phi",
            "PHI",
            `Encrypts ${args.namePrefix} patient data: Aurora, DynamoDB, S3 and AWS Backup.`,
            [viaServiceStatement("UseViaPhiServices", accountId, region, KEY_VIA_SERVICES.phi)],
        );

        // RDS stores the cluster's managed master password in Secrets Manager under this key,
        // so RDS is a caller of the secrets key as well; so is ECR, which encrypts the backend's
        // images (application code and configuration, confidential but not PHI) with it.
        this.secretsKey = newKey(
            "secrets",
            "Confidential",
            `Encrypts ${args.namePrefix} secrets in Secrets Manager and container images in ECR.`,
            [
                viaServiceStatement(
                    "UseViaSecretsManager",
                    accountId,
                    region,
                    KEY_VIA_SERVICES.secrets,
                ),
            ],
        );

        // The encryption context check keeps the logs service from using the key for log groups
        // of another account.
        const logGroupArns = pulumi.interpolate`arn:aws:logs:${region}:${accountId}:log-group:*`;
        this.logsKey = newKey(
            "logs",
            "Confidential",
            `Encrypts ${args.namePrefix} CloudWatch Logs log groups.`,
            [
                {
                    Sid: "UseByCloudWatchLogs",
                    Effect: "Allow",
                    Principal: { Service: `logs.${region}.amazonaws.com` },
                    Action: [
                        "kms:Encrypt*",
                        "kms:Decrypt*",
                        "kms:ReEncrypt*",
                        "kms:GenerateDataKey*",
                        "kms:Describe*",
                    ],
                    Resource: "*",
                    Condition: {
                        ArnLike: {
                            "kms:EncryptionContext:aws:logs:arn": logGroupArns,
                        },
                    },
                },
            ],
        );

        // CloudWatch alarms publish to the encrypted topics as the CloudWatch service itself,
        // not through a caller in the account.
        this.alarmsKey = newKey(
            "alarms",
            "Confidential",
            `Encrypts ${args.namePrefix} SNS alarm topics.`,
            [
                {
                    Sid: "PublishByCloudWatchAlarms",
                    Effect: "Allow",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                    Resource: "*",
                },
                viaServiceStatement("UseViaSns", accountId, region, KEY_VIA_SERVICES.alarms),
            ],
        );

        this.phiKeyArn = this.phiKey.arn;
        this.secretsKeyArn = this.secretsKey.arn;
        this.logsKeyArn = this.logsKey.arn;
        this.alarmsKeyArn = this.alarmsKey.arn;

        this.registerOutputs({
            phiKey: this.phiKey,
            secretsKey: this.secretsKey,
            logsKey: this.logsKey,
            alarmsKey: this.alarmsKey,
            phiKeyArn: this.phiKeyArn,
            secretsKeyArn: this.secretsKeyArn,
            logsKeyArn: this.logsKeyArn,
            alarmsKeyArn: this.alarmsKeyArn,
        });
    }
}

/** Lets the account administer the key through IAM, so that no policy can lock the key out. */
function rootStatement(accountId: pulumi.Output<string>): object {
    return {
        Sid: "AccountRootAdministersKey",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    };
}

/** Lets any principal of this account use the key, but only through the given services. */
function viaServiceStatement(
    sid: string,
    accountId: pulumi.Output<string>,
    region: string,
    services: readonly string[],
): object {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: VIA_SERVICE_ACTIONS,
        Resource: "*",
        Condition: {
            StringEquals: {
                "kms:CallerAccount": accountId,
                "kms:ViaService": services.map((s) => `${s}.${region}.amazonaws.com`),
            },
        },
    };
}
