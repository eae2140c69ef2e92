// Who the pack is and what it is for, shared by the pack itself (index.ts) and by its generated
// documentation, which must not import index.ts: constructing the PolicyPack starts its server.

/** The pack's name, as the Pulumi CLI and the analyzer report it. */
export const PACK_NAME = "baymax-hipaa";

/** The one-line description the pack declares. */
export const PACK_DESCRIPTION =
    "HIPAA Security Rule controls for the Baymax patient-intake stack: encryption at rest and in " +
    "transit, private networking, audit logging, backups and disaster recovery, secrets, " +
    "container and IAM hardening, India-only regions and compliance tags.";

/** What the pack guarantees and how, for the auditor reading POLICIES.md. */
export const PACK_PURPOSE = [
    "The Baymax patient-intake product stores protected health information (PHI) of Indian " +
        "patients on AWS. This pack turns the HIPAA Security Rule safeguards the infrastructure " +
        "is responsible for into checks that run on every `pulumi preview` and `pulumi up` " +
        "(and offline with `npm run policy:check -- PLAN.json`), so that a change which would " +
        "expose, leave unencrypted, lose or move PHI out of India never reaches AWS.",
    "Every policy names the HIPAA Security Rule sections (45 CFR 164) it serves and the public " +
        "baseline rules it implements (cdk-nag's HIPAA Security pack and AWS Config's " +
        "Operational Best Practices for HIPAA Security). A **mandatory** policy blocks the " +
        "deployment; an **advisory** one reports a finding that needs human judgement. Where a " +
        "correct design trips a rule as written, the pack exempts it by name in its config, " +
        "with the reason, rather than skipping it silently.",
] as const;
