// The Baymax CrossGuard pack: what the infrastructure promises about PHI, checked on every preview.
// Run by the Pulumi CLI (`pulumi preview --policy-pack policy`) or offline by
// `npm run policy:check -- PLAN.json`, both through the analyzer protocol.
import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_NAME } from "./pack";
import { backupPolicies } from "./rules/backup";
import { containerPolicies } from "./rules/containers";
import { dataPolicies } from "./rules/data";
import { encryptionPolicies } from "./rules/encryption";
import { iamPolicies } from "./rules/iam";
import { loggingPolicies } from "./rules/logging";
import { networkPolicies } from "./rules/network";
import { regionPolicies } from "./rules/regions";
import { secretPolicies } from "./rules/secrets";
import { storagePolicies } from "./rules/storage";
import { tagPolicies } from "./rules/tags";
import { transitPolicies } from "./rules/transit";

new PolicyPack(PACK_NAME, {
    description: PACK_DESCRIPTION,
    policies: [
        ...encryptionPolicies,
        ...regionPolicies,
        ...tagPolicies,
        ...transitPolicies,
        ...networkPolicies,
        ...dataPolicies,
        ...loggingPolicies,
        ...backupPolicies,
        ...storagePolicies,
        ...secretPolicies,
        ...containerPolicies,
        ...iamPolicies,
    ],
});
