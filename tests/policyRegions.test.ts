// India-only regions, run through the real analyzer path: provider regions, per-resource regions,
// the regions data is copied to, and providers that name no region at all.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readPolicyPackConfig, RunningPolicyPack } from "../offline/analyzer";
import { PreviewDigest, UNKNOWN_SENTINEL } from "../offline/previewFormat";
import { compliantResources, Finding, findings, planWith } from "./fixtures/policyPlans";
import { sharedPolicyPack } from "./fixtures/sharedPolicyPack";

const REGION_POLICY = "aws-region-india-only";
const INDIA = '"ap-south-1" or "ap-south-2"';

function mandatory(resource: string, message: string, policy = REGION_POLICY): Finding {
    return { policy, level: "mandatory", resource, message };
}

/** The resources of the compliant fixture that land in Hyderabad through its provider. */
const THROUGH_HYDERABAD = compliantResources().filter((r) => r.provider === "dr");

/** The finding for each of them when the Hyderabad provider deploys to `region`. */
function landingIn(region: string): Finding[] {
    return THROUGH_HYDERABAD.map((r) =>
        mandatory(
            r.name,
            `Resource "${r.name}" (${r.type}) lands in region "${region}" through provider ` +
                `"hyderabad": set the provider's region to ${INDIA}.`,
        ),
    );
}

/**
 * What s3-replication-destination-india reports when the Hyderabad provider moves to `region`:
 * the PHI bucket's replica moves with it, away from its replica key's region.
 */
function replicaMovedTo(region: string): Finding[] {
    const policy = "s3-replication-destination-india";
    const rule =
        'S3 replication "phi-bucket-replication" rule 0 ("medical-attachments-to-hyderabad")';
    return [
        mandatory(
            "phi-bucket-replication",
            `${rule} copies PHI out of India, to S3 bucket "phi-bucket-dr" in "${region}": ` +
                'create the destination bucket in "ap-south-2".',
            policy,
        ),
        mandatory(
            "phi-bucket-replication",
            `${rule} encrypts replicas with a key in "ap-south-2" but writes them to ` +
                `"${region}": S3 needs the replica key in the destination bucket's region.`,
            policy,
        ),
    ];
}

describe("policy pack: India-only regions", () => {
    let pack: RunningPolicyPack;
    before(async () => {
        pack = await sharedPolicyPack();
    });

    const check = async (plan: PreviewDigest) => findings(await pack.analyze(plan));

    it("flags a provider outside India and each resource landing there through it", async () => {
        const plan = planWith("hyderabad", (i) => (i.region = "eu-west-1"));
        assert.deepStrictEqual(await check(plan), [
            mandatory(
                "hyderabad",
                `AWS provider "hyderabad" deploys to region "eu-west-1": set it to ${INDIA}.`,
            ),
            ...landingIn("eu-west-1"),
            ...replicaMovedTo("eu-west-1"),
        ]);
    });

    it("flags a resource whose own region input leaves India", async () => {
        const plan = planWith("conversations", (i) => (i.region = "us-west-2"));
        assert.deepStrictEqual(await check(plan), [
            mandatory(
                "conversations",
                'Resource "conversations" (aws:dynamodb/table:Table) sets region "us-west-2": ' +
                    `set it to ${INDIA}, or remove it to use its provider's region.`,
            ),
        ]);
    });

    it("lets a resource's own Indian region override its provider's", async () => {
        const plan = planWith("alerts", (i) => (i.region = "ap-south-2"));
        assert.deepStrictEqual(await check(plan), []);
    });

    it("flags an awsx component whose region input leaves India", async () => {
        const plan = planWith("worker-images", (i) => (i.region = "us-east-1"));
        assert.deepStrictEqual(await check(plan), [
            mandatory(
                "worker-images",
                'Resource "worker-images" (awsx:ecr:Repository) sets region "us-east-1": ' +
                    `set it to ${INDIA}, or remove it to use its provider's region.`,
            ),
        ]);
    });

    it("flags a DynamoDB replica outside India", async () => {
        const plan = planWith("conversations", (i) => (i.replicas[0].regionName = "us-east-1"));
        assert.deepStrictEqual(await check(plan), [
            mandatory(
                "conversations",
                'Resource "conversations" (aws:dynamodb/table:Table) copies data to region ' +
                    `"us-east-1" in replicas[0].regionName: set it to ${INDIA}.`,
            ),
        ]);
    });

    it("flags a secret replica outside India", async () => {
        const plan = planWith("db-credentials", (i) => (i.replicas[0].region = "eu-central-1"));
        assert.deepStrictEqual(await check(plan), [
            mandatory(
                "db-credentials",
                'Resource "db-credentials" (aws:secretsmanager/secret:Secret) copies data to ' +
                    `region "eu-central-1" in replicas[0].region: set it to ${INDIA}.`,
            ),
        ]);
    });

    it("flags a backup copy to a vault outside India", async () => {
        const plan = planWith("backup-plan", (i) => {
            i.rules[0].copyActions[0].destinationVaultArn =
                "arn:aws:backup:us-east-1:111122223333:backup-vault:far";
        });
        // backup-plan-covers-phi-stores also reports the stores left without a copy in the DR
        // region; this test is about the region policy alone.
        const found = (await check(plan)).filter((f) => f.policy === REGION_POLICY);
        assert.deepStrictEqual(found, [
            mandatory(
                "backup-plan",
                'Resource "backup-plan" (aws:backup/plan:Plan) copies data to region "us-east-1" ' +
                    `in rules[0].copyActions[0].destinationVaultArn: set it to ${INDIA}.`,
            ),
        ]);
    });

    it("leaves a copy to a vault known only after deployment to the vault's check", async () => {
        const plan = planWith("backup-plan", (i) => {
            i.rules[0].copyActions[0].destinationVaultArn = UNKNOWN_SENTINEL;
        });
        assert.deepStrictEqual(await check(plan), []);
    });

    it("flags a provider with no region as a stack violation, and nothing under it", async () => {
        const plan = planWith("mumbai", (i) => delete i.region);
        assert.deepStrictEqual(await check(plan), [
            mandatory(
                "mumbai",
                'AWS provider "mumbai" sets no region and would deploy wherever the environment ' +
                    `points: set region to ${INDIA}.`,
                "aws-provider-region-explicit",
            ),
        ]);
    });

    it("reports that it cannot judge a provider region unknown at preview", async () => {
        const plan = planWith("hyderabad", (i) => (i.region = UNKNOWN_SENTINEL));
        const message =
            `can't run policy '${REGION_POLICY}' from policy pack 'baymax-hipaa@v0.1.0' during ` +
            "preview: string value at .region can't be known during preview";
        assert.deepStrictEqual(
            await check(plan),
            ["hyderabad", ...THROUGH_HYDERABAD.map((r) => r.name)].map((resource) => ({
                policy: REGION_POLICY,
                level: "advisory",
                resource,
                message,
            })),
        );
    });

    it("takes the allowed regions from the pack config", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baymax-policy-"));
        const file = path.join(dir, "regions.json");
        const allowedRegions = ["ap-south-1", "ap-south-2", "ap-southeast-1"];
        fs.writeFileSync(
            file,
            JSON.stringify({
                [REGION_POLICY]: { allowedRegions },
                "aws-provider-region-explicit": { allowedRegions },
            }),
        );
        const plan = planWith("hyderabad", (i) => (i.region = "ap-southeast-1"));
        // The region policies allow it; the PHI replica's own policy keeps it in India still.
        const configured = findings(await pack.analyze(plan, readPolicyPackConfig(file)));
        assert.deepStrictEqual(configured, replicaMovedTo("ap-southeast-1"));
        assert.deepStrictEqual(await check(plan), [
            mandatory(
                "hyderabad",
                `AWS provider "hyderabad" deploys to region "ap-southeast-1": set it to ${INDIA}.`,
            ),
            ...landingIn("ap-southeast-1"),
            ...replicaMovedTo("ap-southeast-1"),
        ]);
    });
});
