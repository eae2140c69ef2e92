// Access-policy documents (identity, bucket, key and vault policies) as the rules read them: JSON
// text or an object, one statement or a list, and a single value or a list wherever AWS allows
// either.
import { matchesGlob } from "./support";

export interface Statement {
    readonly Sid?: string;
    readonly Effect?: string;
    readonly Principal?: unknown;
    readonly NotPrincipal?: unknown;
    readonly Action?: unknown;
    readonly NotAction?: unknown;
    readonly Resource?: unknown;
    readonly NotResource?: unknown;
    readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface ReadOptions {
    /**
     * Read the document as JSON text only, and count it as a document only when its Statement is
     * an object or a list. Defaults to false: an object is read as it is, and a document without
     * Statement has no statements.
     */
    readonly requireStatement?: boolean;
}

/** The statements of a document given as JSON text or an object; undefined when it is neither. */
export function statementsOf(
    document: unknown,
    options: ReadOptions = {},
): Statement[] | undefined {
    // The key and vault rules report a policy without statements as not a policy document; the
    // IAM and S3 rules read it as granting nothing.
    const strict = options.requireStatement ?? false;
    let parsed: unknown = document;
    if (strict || typeof parsed === "string") {
        try {
            parsed = JSON.parse(String(parsed));
        } catch {
            return undefined;
        }
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
    const statement: unknown = (parsed as { Statement?: unknown }).Statement;
    if (statement === undefined || statement === null) return strict ? undefined : [];
    if (strict && typeof statement !== "object") return undefined;
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

/** The principals of one kind (`AWS`, `Service`, ...) a statement names; `"*"` means anyone. */
export function principalsOf(statement: Statement, kind: string): string[] {
    const principal = statement.Principal;
    if (principal === "*") return ["*"];
    if (typeof principal !== "object" || principal === null) return [];
    return listOf((principal as Record<string, unknown>)[kind]);
}

/** True for `"*"` and `{ AWS: "*" }`: every principal, of any account or none. */
export function isPublicPrincipal(principal: unknown): boolean {
    return principalsOf({ Principal: principal }, "AWS").includes("*");
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

/**
 * True when the statement's Action list, whatever its Effect, includes `required`: an action
 * pattern covers a required pattern when it matches it literally, so `kms:*` and
 * `kms:GenerateDataKey*` cover `kms:GenerateDataKey*` but `kms:GenerateDataKey` does not. Unlike
 * allowsAction, NotAction covers nothing and `?` is no wildcard.
 */
export function actionListCovers(statement: Statement, required: string): boolean {
    return listOf(statement.Action).some((action) =>
        matchesGlob(required.toLowerCase(), action.toLowerCase()),
    );
}

/** The required actions a policy's Allow statements to `service` leave out. */
export function actionsMissingFor(
    statements: Statement[],
    service: string,
    actions: readonly string[],
): string[] {
    const granting = statements.filter(
        (s) => s.Effect === "Allow" && principalsOf(s, "Service").includes(service),
    );
    return actions.filter((action) => !granting.some((s) => actionListCovers(s, action)));
}
