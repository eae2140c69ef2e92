// The DynamoDB tables that hold intake conversations and login sessions. Both carry patient data,
// so both are encrypted with the PHI key, have point-in-time recovery and can be guarded against
// deletion; items expire through DynamoDB TTL on the "TTL" attribute.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { complianceTags } from "./tags";

/** Item attribute holding the expiry time in epoch seconds, written by the backend. */
export const TTL_ATTRIBUTE = "TTL";

/** Index that finds the conversations of one appointment. */
export const APPOINTMENT_INDEX = "AppointmentIndex";

export interface ConversationStoreArgs {
    /** Stack environment, such as "dev" or "prod", for tags. Required. */
    readonly environment: string;
    /** Prefix of physical names, such as "baymax-prod" (`${namePrefix}-sessions`). Required. */
    readonly namePrefix: string;
    /** KMS key that encrypts both tables, their streams, backups and indexes. Required. */
    readonly phiKeyArn: pulumi.Input<string>;
    /** Refuses deletion in AWS and protects both tables in Pulumi. Required, no default. */
    readonly deletionProtection: boolean;
}

/**
 * Conversation and session tables for the intake backend.
 *
 * Guarantees: encryption at rest with the customer-managed PHI key; point-in-time recovery on;
 * on-demand billing; expiry through TTL (conversations 90 days, sessions 24 hours, both stamped by
 * the backend on write); a conversation change stream with old and new images; deletion
 * protection and Pulumi's `protect` set together from one argument.
 */
export class ConversationStore extends pulumi.ComponentResource {
    /** Days the backend keeps a conversation before its TTL expires it. */
    public readonly conversationTtlDays = 90;
    /** Hours a session lives before its TTL expires it. */
    public readonly sessionTtlHours = 24;

    public readonly conversationsTable: aws.dynamodb.Table;
    public readonly conversationsTableName: pulumi.Output<string>;
    public readonly conversationsTableArn: pulumi.Output<string>;
    public readonly sessionsTable: aws.dynamodb.Table;
    public readonly sessionsTableName: pulumi.Output<string>;
    public readonly sessionsTableArn: pulumi.Output<string>;

    constructor(name: string, args: ConversationStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baymax:data:ConversationStore", name, {}, opts);

        const tagsFor = (physicalName: string) =>
            complianceTags(
                { environment: args.environment, service: "conversations" },
                physicalName,
                "PHI",
            );
        const shared = {
            billingMode: "PAY_PER_REQUEST",
            serverSideEncryption: { enabled: true, kmsKeyArn: args.phiKeyArn },
            pointInTimeRecovery: { enabled: true },
            deletionProtectionEnabled: args.deletionProtection,
        };
        const childOpts = { parent: this, protect: args.deletionProtection };

        // The backend stamps TTL = write time + 90 days on every conversation item and DynamoDB
        // deletes it after that; the expiry shows on the stream like any other deletion.
        const conversationsName = `${args.namePrefix}-conversations`;
        this.conversationsTable = new aws.dynamodb.Table(
            `${name}-conversations`,
            {
                name: conversationsName,
                hashKey: "PK",
                rangeKey: "SK",
                attributes: [
                    { name: "PK", type: "S" },
                    { name: "SK", type: "S" },
                    { name: "GSI1PK", type: "S" },
                ],
                globalSecondaryIndexes: [
                    {
                        name: APPOINTMENT_INDEX,
                        keySchemas: [{ attributeName: "GSI1PK", keyType: "HASH" }],
                        projectionType: "ALL",
                    },
                ],
                ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
                streamEnabled: true,
                streamViewType: "NEW_AND_OLD_IMAGES",
                ...shared,
                tags: tagsFor(conversationsName),
            },
            childOpts,
        );

        // Sessions are stamped TTL = write time + 24 hours.
        const sessionsName = `${args.namePrefix}-sessions`;
        this.sessionsTable = new aws.dynamodb.Table(
            `${name}-sessions`,
            {
                name: sessionsName,
                hashKey: "PK",
                attributes: [{ name: "PK", type: "S" }],
                ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
                ...shared,
                tags: tagsFor(sessionsName),
            },
            childOpts,
        );

        this.conversationsTableName = this.conversationsTable.name;
        this.conversationsTableArn = this.conversationsTable.arn;
        this.sessionsTableName = this.sessionsTable.name;
        this.sessionsTableArn = this.sessionsTable.arn;

        this.registerOutputs({
            conversationsTable: this.conversationsTable,
            conversationsTableName: this.conversationsTableName,
            conversationsTableArn: this.conversationsTableArn,
            sessionsTable: this.sessionsTable,
            sessionsTableName: this.sessionsTableName,
            sessionsTableArn: this.sessionsTableArn,
            conversationTtlDays: this.conversationTtlDays,
            sessionTtlHours: this.sessionTtlHours,
        });
    }
}
