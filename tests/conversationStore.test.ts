import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    APPOINTMENT_INDEX,
    ConversationStore,
    ConversationStoreArgs,
    TTL_ATTRIBUTE,
} from "../components/conversationStore";
import { RecordingEngine } from "../offline/engine";
import { record } from "../offline/harness";
import { OFFLINE_ACCOUNT_ID } from "../offline/identities";

const TABLE = "aws:dynamodb/table:Table";
const COMPONENT = "baymax:data:ConversationStore";
const COMPONENT_URN = "urn:pulumi:test::baymax::baymax:data:ConversationStore::store";
const MUMBAI = "urn:pulumi:test::baymax::pulumi:providers:aws::primary::primary-provider-id";
const KEYS = `arn:aws:kms:ap-south-1:${OFFLINE_ACCOUNT_ID}:key`;
const PHI_KEY = `${KEYS}/0f0f0f0f-1111-4222-a333-444455556666`;

const PROD: ConversationStoreArgs = {
    environment: "prod",
    namePrefix: "baymax-prod",
    phiKeyArn: PHI_KEY,
    deletionProtection: true,
};

const DEV: ConversationStoreArgs = {
    environment: "dev",
    namePrefix: "baymax-dev",
    phiKeyArn: PHI_KEY,
    deletionProtection: false,
};

function tags(environment: string, name: string) {
    return {
        Environment: environment,
        Compliance: "HIPAA",
        DataClass: "PHI",
        Service: "conversations",
        Name: name,
    };
}

function build(args: ConversationStoreArgs) {
    return record(({ primary }) => new ConversationStore("store", args, { provider: primary }));
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

function conversationsInputs(prefix: string, environment: string, protectedTable: boolean) {
    return {
        name: `${prefix}-conversations`,
        hashKey: "PK",
        rangeKey: "SK",
        attributes: [
            { name: "PK", type: "S" },
            { name: "SK", type: "S" },
            { name: "GSI1PK", type: "S" },
        ],
        globalSecondaryIndexes: [
            {
                name: "AppointmentIndex",
                keySchemas: [{ attributeName: "GSI1PK", keyType: "HASH" }],
                projectionType: "ALL",
            },
        ],
        billingMode: "PAY_PER_REQUEST",
        ttl: { attributeName: "TTL", enabled: true },
        streamEnabled: true,
        streamViewType: "NEW_AND_OLD_IMAGES",
        serverSideEncryption: { enabled: true, kmsKeyArn: PHI_KEY },
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: protectedTable,
        tags: tags(environment, `${prefix}-conversations`),
    };
}

function sessionsInputs(prefix: string, environment: string, protectedTable: boolean) {
    return {
        name: `${prefix}-sessions`,
        hashKey: "PK",
        attributes: [{ name: "PK", type: "S" }],
        billingMode: "PAY_PER_REQUEST",
        ttl: { attributeName: "TTL", enabled: true },
        serverSideEncryption: { enabled: true, kmsKeyArn: PHI_KEY },
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: protectedTable,
        tags: tags(environment, `${prefix}-sessions`),
    };
}

describe("ConversationStore", () => {
    describe("with deletion protection (prod-like)", () => {
        let engine: RecordingEngine;
        let store: ConversationStore;

        before(async () => {
            ({ engine, result: store } = await build(PROD));
        });

        it("registers one component with two tables, nothing else", () => {
            assert.deepStrictEqual(
                engine.resources.map((r) => `${r.type} ${r.name}`).sort(),
                [
                    "pulumi:providers:aws dr",
                    "pulumi:providers:aws primary",
                    `${COMPONENT} store`,
                    `${TABLE} store-conversations`,
                    `${TABLE} store-sessions`,
                ].sort(),
            );
            assert.strictEqual(engine.one(COMPONENT).urn, COMPONENT_URN);
            assert.deepStrictEqual(engine.invokes, []);
        });

        it("parents both tables to the component and creates them in Mumbai", () => {
            for (const table of engine.ofType(TABLE)) {
                assert.strictEqual(table.parent, COMPONENT_URN, table.name);
                assert.strictEqual(table.provider, MUMBAI, table.name);
                assert.strictEqual(engine.regionOf(table), "ap-south-1", table.name);
            }
        });

        it("builds the conversations table with exactly these inputs", () => {
            assert.deepStrictEqual(
                engine.one(TABLE, "store-conversations").inputs,
                conversationsInputs("baymax-prod", "prod", true),
            );
        });

        it("builds the sessions table with exactly these inputs", () => {
            assert.deepStrictEqual(
                engine.one(TABLE, "store-sessions").inputs,
                sessionsInputs("baymax-prod", "prod", true),
            );
        });

        it("defines exactly the key attributes of each table and its index", () => {
            const conversations = engine.one(TABLE, "store-conversations").inputs;
            const keyAttributes = [
                conversations.hashKey,
                conversations.rangeKey,
                ...conversations.globalSecondaryIndexes.flatMap((gsi: any) =>
                    gsi.keySchemas.map((k: any) => k.attributeName),
                ),
            ];
            assert.deepStrictEqual(
                conversations.attributes.map((a: any) => a.name).sort(),
                [...keyAttributes].sort(),
            );
            const sessions = engine.one(TABLE, "store-sessions").inputs;
            assert.deepStrictEqual(
                sessions.attributes.map((a: any) => a.name),
                [sessions.hashKey],
            );
            assert.strictEqual(sessions.globalSecondaryIndexes, undefined);
            assert.strictEqual(sessions.rangeKey, undefined);
        });

        it("streams conversation changes and leaves sessions without a stream", () => {
            const conversations = engine.one(TABLE, "store-conversations");
            assert.match(
                conversations.wireOutputs?.streamArn,
                new RegExp(
                    `^arn:aws:dynamodb:ap-south-1:${OFFLINE_ACCOUNT_ID}:` +
                        "table/baymax-prod-conversations/stream/",
                ),
            );
            const sessions = engine.one(TABLE, "store-sessions");
            assert.strictEqual(sessions.inputs.streamEnabled, undefined);
            assert.strictEqual(sessions.wireOutputs?.streamArn, undefined);
        });

        it("protects both tables in Pulumi as well as in AWS", () => {
            for (const table of engine.ofType(TABLE)) {
                assert.strictEqual(table.options.protect, true, table.name);
                assert.strictEqual(table.inputs.deletionProtectionEnabled, true, table.name);
            }
        });

        it("exposes the tables, their names and ARNs, and the backend's TTL periods", async () => {
            assert.strictEqual(store.conversationTtlDays, 90);
            assert.strictEqual(store.sessionTtlHours, 24);
            assert.strictEqual(TTL_ATTRIBUTE, "TTL");
            assert.strictEqual(APPOINTMENT_INDEX, "AppointmentIndex");
            assert.strictEqual(
                await valueOf(store.conversationsTableName),
                "baymax-prod-conversations",
            );
            assert.strictEqual(await valueOf(store.sessionsTableName), "baymax-prod-sessions");
            assert.strictEqual(
                await valueOf(store.conversationsTableArn),
                `arn:aws:dynamodb:ap-south-1:${OFFLINE_ACCOUNT_ID}:table/baymax-prod-conversations`,
            );
            assert.strictEqual(
                await valueOf(store.sessionsTableArn),
                `arn:aws:dynamodb:ap-south-1:${OFFLINE_ACCOUNT_ID}:table/baymax-prod-sessions`,
            );
            assert.strictEqual(
                await valueOf(store.conversationsTable.id),
                "baymax-prod-conversations",
            );
            assert.strictEqual(await valueOf(store.sessionsTable.id), "baymax-prod-sessions");
        });
    });

    describe("without deletion protection (dev-like)", () => {
        let engine: RecordingEngine;

        before(async () => {
            ({ engine } = await build(DEV));
        });

        it("builds both tables with the dev names and tags, unprotected", () => {
            assert.deepStrictEqual(
                engine.one(TABLE, "store-conversations").inputs,
                conversationsInputs("baymax-dev", "dev", false),
            );
            assert.deepStrictEqual(
                engine.one(TABLE, "store-sessions").inputs,
                sessionsInputs("baymax-dev", "dev", false),
            );
        });

        it("leaves both tables deletable in Pulumi too", () => {
            for (const table of engine.ofType(TABLE)) {
                assert.strictEqual(table.options.protect, false, table.name);
            }
        });

        it("keeps encryption with the PHI key and point-in-time recovery on", () => {
            for (const table of engine.ofType(TABLE)) {
                assert.deepStrictEqual(table.inputs.serverSideEncryption, {
                    enabled: true,
                    kmsKeyArn: PHI_KEY,
                });
                assert.deepStrictEqual(table.inputs.pointInTimeRecovery, { enabled: true });
            }
        });
    });
});
