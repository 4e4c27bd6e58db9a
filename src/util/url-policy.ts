/**
 * Where a call may go: https:// always; http:// to the gateway itself (the traffic never leaves
 * the machine), or anywhere when the webhook says `allowHttp` (a LAN receiver such as Home
 * Assistant; the signature still protects the content). Answers why not, or undefined.
 */
export function urlRefusal(url: string, allowHttp: boolean): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "not a valid URL";
  }
  if (u.protocol === "https:") return undefined;
  if (u.protocol !== "http:") return "must be an http:// or https:// URL";
  if (allowHttp || isLoopback(u.hostname)) return undefined;
  return "plain http:// is allowed only with allowHttp: true (or to the gateway itself)";
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
