/** Query parameters whose values are credentials (Kannel's `password`/`pass`, tokens). */
const SECRET_PARAMS = /^(password|pass|passwd|pwd|token|access_token|api_key|apikey|key|secret)$/i;

/**
 * A URL fit for a log line: the values of credential parameters in its query string and the
 * password of its `user:password@` part replaced by `***`. Kannel clients put the password in
 * the query string, so a URL is never logged as it came.
 */
export function redactRequestUrl(url: string): string {
  const withoutUserinfo = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@?#:]*):[^/@?#]*@/i, "$1:***@");
  const q = withoutUserinfo.indexOf("?");
  if (q < 0) return withoutUserinfo;
  const [query, fragment] = splitOnce(withoutUserinfo.slice(q + 1), "#");
  const redacted = query
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 0) return pair;
      let name: string;
      try {
        name = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, " "));
      } catch {
        name = pair.slice(0, eq);
      }
      if (SECRET_PARAMS.test(name)) return `${pair.slice(0, eq)}=***`;
      // A URL inside a parameter (Kannel's dlr-url) may carry its own credentials.
      const value = decodeOr(pair.slice(eq + 1));
      if (value !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
        const inner = redactRequestUrl(value);
        if (inner !== value) return `${pair.slice(0, eq)}=${encodeURIComponent(inner)}`;
      }
      return pair;
    })
    .join("&");
  return `${withoutUserinfo.slice(0, q)}?${redacted}${fragment === undefined ? "" : `#${fragment}`}`;
}

function decodeOr(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
