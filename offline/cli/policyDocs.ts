// `npm run policy:docs`: writes policy/POLICIES.md from the rule modules (never policy/index.ts,
// whose PolicyPack would start a server). tests/policyDocs.test.ts fails when the file is stale.
import * as fs from "fs";
import * as path from "path";
import { POLICIES_MD, renderPolicyDocs } from "../policyDocs";

try {
    fs.writeFileSync(POLICIES_MD, renderPolicyDocs());
    console.log(`Wrote ${path.relative(process.cwd(), POLICIES_MD)}.`);
} catch (err) {
    console.error(err);
    process.exit(1);
}
