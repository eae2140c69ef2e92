// The backend's application secrets, kept in Secrets Manager under the secrets key: the JWT
// signing key and the PHI field-encryption key are generated here, the OpenAI API key comes from
// stack config. Each value reaches the engine only as a Pulumi secret, never in plaintext.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { complianceTags } from "./tags";

/** Days a deleted secret can still be restored before Secrets Manager erases it. */
export const SECRET_RECOVERY_WINDOW_DAYS = 7;

export interface AppSecretsArgs {
    /** Stack environment, such as "prod", used in tags. Required, no default. */
    readonly environment: string;
    /** Prefix of the secrets' names, such as "baymax-prod". Required, no default. */
    readonly namePrefix: string;
    /** ARN of the KMS key that encrypts the secrets (EncryptionKeys.secretsKeyArn). Required. */
    readonly secretsKeyArn: pulumi.Input<string>;
    /** The OpenAI API key, a secret read from stack config. Required, no default. */
    readonly openaiApiKey: pulumi.Input<string>;
}

/**
 * Three Secrets Manager secrets for the backend: `${namePrefix}/jwt-signing-key` (64 characters),
 * `${namePrefix}/phi-encryption-key` (32 random bytes, base64) and `${namePrefix}/openai-api-key`.
 * The ARN fields resolve once each secret's value is stored, so a task that reads them waits.
 */
export class AppSecrets extends pulumi.ComponentResource {
    public readonly jwtSigningKeySecret: aws.secretsmanager.Secret;
    public readonly encryptionKeySecret: aws.secretsmanager.Secret;
    public readonly openaiApiKeySecret: aws.secretsmanager.Secret;
    public readonly jwtSigningKeyArn: pulumi.Output<string>;
    public readonly encryptionKeyArn: pulumi.Output<string>;
    public readonly openaiApiKeyArn: pulumi.Output<string>;

    constructor(name: string, args: AppSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baymax:security:AppSecrets", name, {}, opts);

        const jwtSigningKey = new random.RandomPassword(
            `${name}-jwt-signing-key`,
            { length: 64, special: false },
            { parent: this },
        );
        const phiEncryptionKey = new random.RandomBytes(
            `${name}-phi-encryption-key`,
            { length: 32 },
            { parent: this },
        );

        const newSecret = (
            role: string,
            description: string,
            value: pulumi.Input<string>,
        ): [aws.secretsmanager.Secret, pulumi.Output<string>] => {
            const secretName = `${args.namePrefix}/${role}`;
            const secret = new aws.secretsmanager.Secret(
                `${name}-${role}`,
                {
                    name: secretName,
                    description,
                    kmsKeyId: args.secretsKeyArn,
                    recoveryWindowInDays: SECRET_RECOVERY_WINDOW_DAYS,
                    tags: complianceTags(
                        { environment: args.environment, service: "security" },
                        secretName,
                        "Confidential",
                    ),
                },
                { parent: this },
            );
            const version = new aws.secretsmanager.SecretVersion(
                `${name}-${role}-version`,
                { secretId: secret.id, secretString: pulumi.secret(value) },
                { parent: this },
            );
            // The version's `arn` is the secret's ARN, known only after the value is stored.
            return [secret, version.arn];
        };

        [this.jwtSigningKeySecret, this.jwtSigningKeyArn] = newSecret(
            "jwt-signing-key",
            `Key that signs ${args.namePrefix} backend session tokens (JWT).`,
            jwtSigningKey.result,
        );
        [this.encryptionKeySecret, this.encryptionKeyArn] = newSecret(
            "phi-encryption-key",
            `Base64 key the ${args.namePrefix} backend encrypts PHI fields with.`,
            phiEncryptionKey.base64,
        );
        [this.openaiApiKeySecret, this.openaiApiKeyArn] = newSecret(
            "openai-api-key",
            `OpenAI API key of the ${args.namePrefix} backend.`,
            args.openaiApiKey,
        );

        this.registerOutputs({
            jwtSigningKeySecret: this.jwtSigningKeySecret,
            encryptionKeySecret: this.encryptionKeySecret,
            openaiApiKeySecret: this.openaiApiKeySecret,
            jwtSigningKeyArn: this.jwtSigningKeyArn,
            encryptionKeyArn: this.encryptionKeyArn,
            openaiApiKeyArn: this.openaiApiKeyArn,
        });
    }
}
