// The HIPAA Security Rule (45 CFR Part 164, Subpart C) sections this pack's policies serve. Each
// policy description ends with the ids it maps to, so an auditor can trace a finding to the rule.

/** Section id → the standard or implementation specification's title in the regulation. */
export const HIPAA_SECTIONS = {
    "164.308(a)(1)(ii)(A)": "Risk analysis",
    "164.308(a)(1)(ii)(B)": "Risk management",
    "164.308(a)(3)(i)": "Workforce security",
    "164.308(a)(3)(ii)(A)": "Authorization and/or supervision",
    "164.308(a)(3)(ii)(B)": "Workforce clearance procedure",
    "164.308(a)(4)(i)": "Information access management",
    "164.308(a)(4)(ii)(A)": "Isolating health care clearinghouse functions",
    "164.308(a)(4)(ii)(B)": "Access authorization",
    "164.308(a)(4)(ii)(C)": "Access establishment and modification",
    "164.308(a)(5)(ii)(A)": "Security reminders",
    "164.308(a)(5)(ii)(C)": "Log-in monitoring",
    "164.308(a)(5)(ii)(D)": "Password management",
    "164.308(a)(7)(i)": "Contingency plan",
    "164.308(a)(7)(ii)(A)": "Data backup plan",
    "164.308(a)(7)(ii)(B)": "Disaster recovery plan",
    "164.308(a)(7)(ii)(C)": "Emergency mode operation plan",
    "164.308(b)(1)": "Business associate contracts and other arrangements",
    "164.310(d)(2)(iii)": "Accountability",
    "164.312(a)(1)": "Access control",
    "164.312(a)(2)(iv)": "Encryption and decryption",
    "164.312(b)": "Audit controls",
    "164.312(c)(1)": "Integrity",
    "164.312(c)(2)": "Mechanism to authenticate electronic protected health information",
    "164.312(d)": "Person or entity authentication",
    "164.312(e)(1)": "Transmission security",
    "164.312(e)(2)(i)": "Integrity controls",
    "164.312(e)(2)(ii)": "Encryption",
    "164.316(b)(2)(i)": "Time limit",
} as const;

export type HipaaSection = keyof typeof HIPAA_SECTIONS;

/** A one-sentence policy description that ends with the sections it serves, cdk-nag style. */
export function describe(sentence: string, sections: readonly HipaaSection[]): string {
    return `${sentence} (HIPAA ${sections.join(", ")}).`;
}
