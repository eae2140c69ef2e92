// The recording engine refuses what the real engine would refuse, so a test cannot pass on a
// program that `pulumi up` would reject.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { record } from "../offline/harness";

class Holder extends pulumi.ComponentResource {
    constructor(
        name: string,
        build: (self: Holder) => void,
        opts: pulumi.ComponentResourceOptions,
    ) {
        super("baymax:test:Holder", name, {}, opts);
        build(this);
        this.registerOutputs({});
    }
}

describe("the recording engine", () => {
    it("refuses an AWS resource that would fall back to the disabled default provider", async () => {
        await assert.rejects(
            record(() => new aws.sns.Topic("loose", {})),
            {
                message:
                    "Default provider for 'aws' disabled. " +
                    "'urn:pulumi:test::baymax::aws:sns/topic:Topic::loose' must use an explicit provider.",
            },
        );
    });

    it("refuses an awsx component that was not handed the AWS provider explicitly", async () => {
        await assert.rejects(
            record(
                ({ primary }) =>
                    new Holder(
                        "h",
                        (self) => new awsx.ecr.Repository("repo", {}, { parent: self }),
                        {
                            provider: primary,
                        },
                    ),
            ),
            {
                message:
                    "Default provider for 'aws' disabled. " +
                    "'urn:pulumi:test::baymax::baymax:test:Holder$awsx:ecr:Repository::repo' is built " +
                    "by the awsx plugin and must be given an explicit AWS provider: pass " +
                    "`providers: { aws }`.",
            },
        );
    });

    it("records a plugin-built component as one resource with its providers and inputs", async () => {
        const { engine } = await record(
            ({ primary }) =>
                new awsx.ecr.Repository(
                    "repo",
                    { name: "images" },
                    { providers: { aws: primary } },
                ),
        );
        const repo = engine.one("awsx:ecr:Repository");
        assert.strictEqual(repo.remote, true);
        assert.deepStrictEqual(repo.inputs, { name: "images" });
        assert.strictEqual(
            repo.providers.aws,
            `${engine.one("pulumi:providers:aws", "primary").urn}::primary-provider-id`,
        );
        assert.strictEqual(engine.regionOf(repo), "ap-south-1");
        assert.deepStrictEqual(
            engine.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.type),
            [],
            "the plugin's children must not exist offline",
        );
    });

    it("fails on an invoke it has no answer for instead of inventing one", async () => {
        await assert.rejects(
            record(
                ({ primary }) =>
                    aws.ec2.getAmiOutput({ owners: ["amazon"] }, { provider: primary }).id,
            ),
            (err: Error) => {
                assert.match(
                    err.message,
                    /the offline engine has no answer for invoke "aws:ec2\/getAmi:getAmi"; add one to offline\/engine\.ts before calling it/,
                );
                return true;
            },
        );
    });

    it("answers the invokes it knows with the region of the provider used", async () => {
        const { engine, result } = await record(
            ({ dr }) => aws.getRegionOutput({}, { provider: dr }).name,
        );
        const name = await new Promise((resolve) => result.apply(resolve));
        assert.strictEqual(name, "ap-south-2");
        assert.strictEqual(engine.invokes[0].token, "aws:index/getRegion:getRegion");
    });

    it("gives realistic, stable ids and ARNs", async () => {
        const build = () =>
            record(
                ({ primary }) =>
                    new aws.kms.Key("phi", { description: "x" }, { provider: primary }),
            );
        const first = (await build()).engine.one("aws:kms/key:Key");
        const second = (await build()).engine.one("aws:kms/key:Key");
        assert.match(first.id!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.strictEqual(
            first.wireOutputs!.arn,
            `arn:aws:kms:ap-south-1:111122223333:key/${first.id}`,
        );
        assert.strictEqual(second.id, first.id);
    });
});
