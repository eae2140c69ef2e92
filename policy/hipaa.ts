// The HIPAA Security Rule (45 CFR Part 164, Subpart C) sections this pack's policies serve. Each
// policy description ends with the ids it maps to, so an auditor can trace a finding to the rule.

/** Section id → the standard or implementation specification's title in the regulation. */
export const HIPAA_SECTIONS = {
    "164.308(a)(1)(ii)(A)": "Risk analysis",
    "164.308(a)(1)(ii)(B)": "Risk management",
    "164.308(a)(7)(ii)(A)": "Data backup plan",
    "164.308(b)(1)": "Business associate contracts and other arrangements",
    "164.310(d)(2)(iii)": "Accountability",
    "164.312(a)(2)(iv)": "Encryption and decryption",
    "164.312(b)": "Audit controls",
    "164.312(d)": "Person or entity authentication",
} as const;

export type HipaaSection = keyof typeof HIPAA_SECTIONS;

/** A one-sentence policy description that ends with the sections it serves, cdk-nag style. */
export function describe(sentence: string, sections: readonly HipaaSection[]): string {
    return `${sentence} (HIPAA ${sections.join(", ")}).`;
}
