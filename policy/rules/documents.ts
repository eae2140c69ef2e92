// Access-policy documents (identity, bucket and key policies) as the rules read them: JSON text or
// an object, one statement or a list, and a single value or a list wherever AWS allows either.

export interface Statement {
    readonly Sid?: string;
    readonly Effect?: string;
    readonly Principal?: unknown;
    readonly Action?: unknown;
    readonly NotAction?: unknown;
    readonly Resource?: unknown;
    readonly NotResource?: unknown;
    readonly Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a document given as JSON text or an object; undefined when it is neither. */
export function statementsOf(document: unknown): Statement[] | undefined {
    let parsed: unknown = document;
    if (typeof parsed === "string") {
        try {
            parsed = JSON.parse(parsed);
        } catch {
            return undefined;
        }
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
    const statement: unknown = (parsed as { Statement?: unknown }).Statement;
    if (statement === undefined || statement === null) return [];
    return (Array.isArray(statement) ? statement : [statement]) as Statement[];
}

/** A value AWS accepts as one string or a list of strings, as a list. */
export function listOf(value: unknown): string[] {
    const values = Array.isArray(value) ? value : [value];
    return values.filter((v): v is string => typeof v === "string");
}

/** How a message names a statement: by its Sid, else by its position. */
export function statementLabel(statement: Statement, index: number): string {
    return typeof statement.Sid === "string" && statement.Sid !== ""
        ? `statement "${statement.Sid}"`
        : `statement ${index}`;
}

/** True for `"*"` and `{ AWS: "*" }`: every principal, of any account or none. */
export function isPublicPrincipal(principal: unknown): boolean {
    if (principal === "*") return true;
    if (typeof principal !== "object" || principal === null) return false;
    return listOf((principal as { AWS?: unknown }).AWS).includes("*");
}

/** Whether an action pattern with `*` and `?` wildcards admits an action; case does not matter. */
export function actionMatches(pattern: string, action: string): boolean {
    const regex = pattern
        .toLowerCase()
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${regex}$`).test(action.toLowerCase());
}

/** Whether an Allow statement grants the action, in Action or by leaving it out of NotAction. */
export function allowsAction(statement: Statement, action: string): boolean {
    if (statement.Effect !== "Allow") return false;
    if (statement.NotAction !== undefined) {
        return !listOf(statement.NotAction).some((p) => actionMatches(p, action));
    }
    return listOf(statement.Action).some((p) => actionMatches(p, action));
}
