/** The web UI's session cookie: its name, reading it from a request, and the header setting it. */

export const SESSION_COOKIE = "smsgw_session";

/** The session cookie's value in a `Cookie` header, or undefined. */
export function sessionCookieOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    if (pair.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = pair.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{1,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/**
 * `Set-Cookie` for a session: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it), Path=/ and Secure when served over TLS. No Max-Age: it ends with the browser,
 * and the server ends it earlier when idle. An empty `value` deletes it.
 */
export function sessionCookieHeader(value: string, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${value}`, "Path=/", "HttpOnly", "SameSite=Strict"];
  if (value === "") parts.push("Max-Age=0");
  if (secure) parts.push("Secure");
  return parts.join("; ");
}
