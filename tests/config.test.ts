import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { cidrContains, cidrsOverlap, ConfigError, parseStackConfig } from "../config";
import { loadStackFiles } from "../offline/stackConfig";

const ROOT = path.resolve(__dirname, "..");

/** The prod stack's real values, with `overrides` applied (undefined unsets a key). */
function prodWith(overrides: Record<string, string | undefined>, withKey = true) {
    const files = loadStackFiles(ROOT, "prod");
    const values: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(files.config)) {
        if (k.startsWith("baymax:")) values[k.slice("baymax:".length)] = v;
    }
    Object.assign(values, overrides);
    return () =>
        parseStackConfig("baymax", (k) => values[k], withKey ? pulumi.output("sk-test") : undefined);
}

function problemsOf(run: () => unknown): string[] {
    try {
        run();
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
        return (e as ConfigError).problems;
    }
    assert.fail("expected the config to be refused");
}

describe("stack config", () => {
    it("accepts the prod and dev stack files with the values an engineer expects", () => {
        const prod = prodWith({})();
        assert.strictEqual(prod.environment, "prod");
        assert.deepStrictEqual(prod.availabilityZones, ["ap-south-1a", "ap-south-1b", "ap-south-1c"]);
        assert.deepStrictEqual(prod.appSubnetCidrs, ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]);
        assert.deepStrictEqual(prod.dbSubnetCidrs, ["10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24"]);
        assert.strictEqual(prod.natGatewayPerAz, true);
        assert.strictEqual(prod.deletionProtection, true);
        assert.strictEqual(prod.dbMinCapacity, 0.5);
        assert.strictEqual(prod.dbMaxCapacity, 16);
        assert.strictEqual(prod.dbInstanceCount, 2);

        const files = loadStackFiles(ROOT, "dev");
        const dev = parseStackConfig(
            "baymax",
            (k) => files.config[`baymax:${k}`],
            pulumi.output("sk-test"),
        );
        assert.strictEqual(dev.environment, "dev");
        assert.strictEqual(dev.natGatewayPerAz, false);
        assert.strictEqual(dev.deletionProtection, false);
        assert.strictEqual(dev.dbMaxCapacity, 4);
        assert.strictEqual(dev.dbInstanceCount, 1);
        assert.strictEqual(dev.capacityProvider, "FARGATE_SPOT");
        assert.strictEqual(dev.logLevel, "DEBUG");
        assert.deepStrictEqual(files.disabledDefaultProviders, ["aws"]);
        assert.deepStrictEqual(files.secretKeys, ["baymax:openaiApiKey"]);
    });

    const refusals: [string, Record<string, string | undefined>, string][] = [
        [
            "a primary region outside Mumbai",
            { primaryRegion: "us-east-1" },
            'baymax:primaryRegion is "us-east-1"; allowed: "ap-south-1" (the Mumbai region)',
        ],
        [
            "a DR region outside India",
            { drRegion: "eu-west-1" },
            'baymax:drRegion is "eu-west-1"; allowed: "ap-south-2" (Hyderabad), the only other ' +
                "Indian region for patient data",
        ],
        [
            "a DR region equal to the primary",
            { drRegion: "ap-south-1" },
            'baymax:drRegion is "ap-south-1", the same as the primary region; allowed: "ap-south-2" ' +
                "(Hyderabad), so that a regional outage cannot take both copies of patient data",
        ],
        [
            "an invalid VPC CIDR",
            { vpcCidr: "10.0.0.300/16" },
            'baymax:vpcCidr is "10.0.0.300/16"; allowed: an IPv4 network block from /16 to /24, ' +
                'such as "10.0.0.0/16"',
        ],
        [
            "a CIDR not written from its first address",
            { appSubnetCidrs: '["10.0.1.0/24","10.0.2.5/24","10.0.3.0/24"]' },
            'baymax:appSubnetCidrs is "10.0.2.5/24"; allowed: IPv4 network blocks from /16 to /28 ' +
                'written from their first address, such as "10.0.1.0/24"',
        ],
        [
            "overlapping subnets",
            { dbSubnetCidrs: '["10.0.10.0/24","10.0.11.0/24","10.0.2.128/25"]' },
            'baymax:dbSubnetCidrs has "10.0.2.128/25", which overlaps "10.0.2.0/24" in ' +
                "baymax:appSubnetCidrs; allowed: subnets that share no address",
        ],
        [
            "a subnet outside the VPC",
            { publicSubnetCidrs: '["10.0.100.0/24","10.0.101.0/24","10.1.0.0/24"]' },
            'baymax:publicSubnetCidrs has "10.1.0.0/24", outside baymax:vpcCidr "10.0.0.0/16"; ' +
                "allowed: blocks within 10.0.0.0/16",
        ],
        [
            "a minimum capacity above the maximum",
            { dbMinCapacity: "8", dbMaxCapacity: "4" },
            "baymax:dbMinCapacity is 8, above baymax:dbMaxCapacity (4); allowed: a minimum at or " +
                "below the maximum",
        ],
        [
            "a capacity off the half-ACU grid",
            { dbMaxCapacity: "4.3" },
            'baymax:dbMaxCapacity is "4.3"; allowed: a capacity from 0.5 to 256 ACU in steps of 0.5',
        ],
        [
            "fewer tasks allowed than required",
            { minTasks: "6", maxTasks: "3" },
            "baymax:minTasks is 6, above baymax:maxTasks (3); allowed: a minimum at or below the maximum",
        ],
        [
            "an unknown environment",
            { environment: "staging" },
            'baymax:environment is "staging"; allowed: one of "dev", "prod"',
        ],
        [
            "a mutable image tag",
            { backendImageTag: "latest" },
            'baymax:backendImageTag is "latest"; allowed: an immutable image tag such as "1.4.2" ' +
                '(not "latest")',
        ],
        [
            "a certificate from another region",
            {
                certificateArn:
                    "arn:aws:acm:us-east-1:111122223333:certificate/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
            },
            'baymax:certificateArn is "arn:aws:acm:us-east-1:111122223333:certificate/' +
                '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"; allowed: an ACM certificate ARN in ap-south-1',
        ],
        [
            "a task memory that Fargate does not offer with the CPU",
            { taskMemory: "2048" },
            "baymax:taskMemory is 2048 MiB; allowed with baymax:taskCpu 2048: 4096 to 16384 MiB",
        ],
        [
            "a log retention CloudWatch does not accept",
            { logRetentionDays: "2000" },
            'baymax:logRetentionDays is "2000"; allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, ' +
                "180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
        ],
        [
            "a required value that is missing",
            { certificateArn: undefined },
            "baymax:certificateArn is not set; it is required",
        ],
    ];
    for (const [what, overrides, message] of refusals) {
        it(`refuses ${what}`, () => {
            assert.deepStrictEqual(problemsOf(prodWith(overrides)), [message]);
        });
    }

    it("refuses a missing OpenAI API key and says how to set it as a secret", () => {
        assert.deepStrictEqual(problemsOf(prodWith({}, false)), [
            "baymax:openaiApiKey is not set; it is required and must be a secret: run " +
                "`pulumi config set --secret baymax:openaiApiKey <key>`",
        ]);
    });

    it("reports every problem at once, in one message", () => {
        try {
            prodWith({ primaryRegion: "us-east-1", environment: "qa" })();
            assert.fail("expected a ConfigError");
        } catch (e) {
            assert.strictEqual(
                (e as Error).message,
                "Invalid stack configuration:\n" +
                    '  - baymax:environment is "qa"; allowed: one of "dev", "prod"\n' +
                    '  - baymax:primaryRegion is "us-east-1"; allowed: "ap-south-1" (the Mumbai region)',
            );
        }
    });

    it("does CIDR math with the library, both ways round", () => {
        assert.strictEqual(cidrsOverlap("10.0.0.0/16", "10.0.5.0/24"), true);
        assert.strictEqual(cidrsOverlap("10.0.5.0/24", "10.0.0.0/16"), true);
        assert.strictEqual(cidrsOverlap("10.0.1.0/24", "10.0.2.0/24"), false);
        assert.strictEqual(cidrContains("10.0.0.0/16", "10.0.1.0/24"), true);
        assert.strictEqual(cidrContains("10.0.1.0/24", "10.0.0.0/16"), false);
    });
});
