import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AppSecrets, AppSecretsArgs } from "../components/appSecrets";
import { isSecretWire, RecordingEngine } from "../offline/engine";
import { record } from "../offline/harness";

const SECRET = "aws:secretsmanager/secret:Secret";
const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const BYTES = "random:index/randomBytes:RandomBytes";
const COMPONENT_URN = "urn:pulumi:test::baymax::baymax:security:AppSecrets::app";
const MUMBAI = "urn:pulumi:test::baymax::pulumi:providers:aws::primary::primary-provider-id";
const SECRETS_KEY_ARN =
    "arn:aws:kms:ap-south-1:111122223333:key/5e1f0c2a-8d3b-4c1e-a9f2-7b6d4e3c2a10";
const OPENAI_API_KEY = "sk-offline-0123456789abcdefghijklmnopqrstuv";
/** Pulumi's wire signature of a secret value. */
const SECRET_SIGNATURE = {
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
};
const ROLES = ["jwt-signing-key", "phi-encryption-key", "openai-api-key"];

// The key is passed as a plain string on purpose: the component itself must make it secret.
const ARGS: AppSecretsArgs = {
    environment: "prod",
    namePrefix: "baymax-prod",
    secretsKeyArn: SECRETS_KEY_ARN,
    openaiApiKey: OPENAI_API_KEY,
};

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

/** Every string in a wire value that is not inside a secret, with its path. */
function plaintextStrings(value: unknown, path: string, found: [string, string][]): void {
    if (isSecretWire(value)) return;
    if (typeof value === "string") {
        found.push([path, value]);
    } else if (Array.isArray(value)) {
        value.forEach((v, i) => plaintextStrings(v, `${path}[${i}]`, found));
    } else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) plaintextStrings(v, `${path}.${k}`, found);
    }
}

describe("AppSecrets", () => {
    let engine: RecordingEngine;
    let secrets: AppSecrets;
    let generated: { jwt: string; base64: string };

    before(async () => {
        ({ engine, result: secrets } = await record(({ primary }) => {
            return new AppSecrets("app", ARGS, { provider: primary });
        }));
        generated = {
            jwt: engine.one(PASSWORD).wireOutputs?.result.value,
            base64: engine.one(BYTES).wireOutputs?.base64.value,
        };
    });

    it("registers two generators, three secrets and three versions under one component", () => {
        engine.one("baymax:security:AppSecrets", "app");
        const children = engine.resources.filter((r) => r.parent === COMPONENT_URN);
        assert.deepStrictEqual(children.map((r) => `${r.type} ${r.name}`).sort(), [
            `${SECRET} app-jwt-signing-key`,
            `${SECRET} app-openai-api-key`,
            `${SECRET} app-phi-encryption-key`,
            `${VERSION} app-jwt-signing-key-version`,
            `${VERSION} app-openai-api-key-version`,
            `${VERSION} app-phi-encryption-key-version`,
            `${BYTES} app-phi-encryption-key`,
            `${PASSWORD} app-jwt-signing-key`,
        ]);
        assert.strictEqual(engine.resources.length, 2 + 1 + 8);
    });

    it("creates the AWS children with the Mumbai provider and the generators with none", () => {
        for (const child of engine.resources.filter((r) => r.parent === COMPONENT_URN)) {
            const expected = child.type.startsWith("aws:") ? MUMBAI : undefined;
            assert.strictEqual(child.provider, expected, child.name);
        }
        for (const child of [...engine.ofType(SECRET), ...engine.ofType(VERSION)]) {
            assert.strictEqual(engine.regionOf(child), "ap-south-1", child.name);
        }
    });

    it("generates a 64-character JWT signing key and a 32-byte PHI encryption key", () => {
        assert.deepStrictEqual(engine.one(PASSWORD, "app-jwt-signing-key").inputs, {
            length: 64,
            special: false,
        });
        assert.deepStrictEqual(engine.one(BYTES, "app-phi-encryption-key").inputs, {
            length: 32,
        });
    });

    it("names, describes, encrypts and tags each secret, with a 7-day recovery window", () => {
        const descriptions: Record<string, string> = {
            "jwt-signing-key": "Key that signs baymax-prod backend session tokens (JWT).",
            "phi-encryption-key": "Base64 key the baymax-prod backend encrypts PHI fields with.",
            "openai-api-key": "OpenAI API key of the baymax-prod backend.",
        };
        for (const role of ROLES) {
            assert.deepStrictEqual(engine.one(SECRET, `app-${role}`).inputs, {
                name: `baymax-prod/${role}`,
                description: descriptions[role],
                kmsKeyId: SECRETS_KEY_ARN,
                recoveryWindowInDays: 7,
                tags: {
                    Environment: "prod",
                    Compliance: "HIPAA",
                    DataClass: "Confidential",
                    Service: "security",
                    Name: `baymax-prod/${role}`,
                },
            });
        }
    });

    it("stores each value as a secret on the wire, in the version of its own secret", () => {
        const values: Record<string, string> = {
            "jwt-signing-key": generated.jwt,
            "phi-encryption-key": generated.base64,
            "openai-api-key": OPENAI_API_KEY,
        };
        for (const role of ROLES) {
            const secret = engine.one(SECRET, `app-${role}`);
            const version = engine.one(VERSION, `app-${role}-version`);
            assert.deepStrictEqual(version.wireInputs, {
                secretId: secret.id,
                secretString: { ...SECRET_SIGNATURE, value: values[role] },
            });
            assert.deepStrictEqual(version.propertyDependencies.secretId, [secret.urn]);
        }
        assert.match(generated.jwt, /^offline-[0-9a-f]{40}$/);
        assert.strictEqual(Buffer.from(generated.base64, "base64").length, 32);
    });

    it("never shows a secret value in plaintext in any registered input", () => {
        const values = [generated.jwt, generated.base64, OPENAI_API_KEY];
        const found: [string, string][] = [];
        for (const r of engine.resources) plaintextStrings(r.wireInputs, r.name, found);
        assert.ok(found.length > 20, "the walk must see the plaintext inputs");
        for (const [path, text] of found) {
            for (const value of values) {
                assert.ok(!text.includes(value), `${path} holds a secret value in plaintext`);
            }
        }
    });

    it("exposes each secret and an ARN that is plain, not secret", async () => {
        const exposed = [
            ["jwt-signing-key", secrets.jwtSigningKeySecret, secrets.jwtSigningKeyArn],
            ["phi-encryption-key", secrets.encryptionKeySecret, secrets.encryptionKeyArn],
            ["openai-api-key", secrets.openaiApiKeySecret, secrets.openaiApiKeyArn],
        ] as const;
        for (const [role, secret, arn] of exposed) {
            const recorded = engine.one(SECRET, `app-${role}`);
            assert.strictEqual(await valueOf(secret.urn), recorded.urn);
            const prefix = "arn:aws:secretsmanager:ap-south-1:111122223333:secret:baymax-prod";
            assert.match(await valueOf(arn), new RegExp(`^${prefix}/${role}-[0-9a-f]{6}$`));
            assert.strictEqual(await valueOf(arn), recorded.wireOutputs?.arn);
            assert.strictEqual(await pulumi.isSecret(arn), false, role);
        }
    });

    it("makes a consumer of an ARN wait until the secret's value is stored", async () => {
        const { engine: wired } = await record(({ primary }) => {
            const app = new AppSecrets("app", ARGS, { provider: primary });
            return new aws.iam.Policy(
                "reader",
                {
                    name: "reader",
                    policy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Action: "secretsmanager:GetSecretValue",
                                Resource: [
                                    app.jwtSigningKeyArn,
                                    app.encryptionKeyArn,
                                    app.openaiApiKeyArn,
                                ],
                            },
                        ],
                    }),
                },
                { provider: primary },
            );
        });
        const reader = wired.one("aws:iam/policy:Policy", "reader");
        assert.deepStrictEqual(
            [...reader.propertyDependencies.policy].sort(),
            ROLES.map((role) => wired.one(VERSION, `app-${role}-version`).urn).sort(),
        );
    });

    it("keeps an OpenAI key that arrives as a config secret secret", async () => {
        const { engine: fromConfig } = await record(({ primary }) => {
            const openaiApiKey = pulumi.secret("sk-from-config");
            return new AppSecrets("app", { ...ARGS, openaiApiKey }, { provider: primary });
        });
        assert.deepStrictEqual(
            fromConfig.one(VERSION, "app-openai-api-key-version").wireInputs.secretString,
            { ...SECRET_SIGNATURE, value: "sk-from-config" },
        );
    });
});
