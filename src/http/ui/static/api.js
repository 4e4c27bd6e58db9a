// The UI's one way to the gateway: /api/v1 with the session cookie (sent by the browser) and,
// on every change, the session's CSRF token in X-CSRF-Token.

let csrf = "";
let onLoggedOut = () => {};

export function setCsrf(token) {
  csrf = token ?? "";
}

/** Called when the API says the session ended: the app shows the login again. */
export function whenLoggedOut(fn) {
  onLoggedOut = fn;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code;
    this.fields = body?.fields;
  }
}

/** `accept`: more statuses answered with their body (the health document's 503). */
export async function api(method, path, body, accept = []) {
  const headers = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET") headers["x-csrf-token"] = csrf;
  const res = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let data;
  try {
    data = text === "" ? undefined : JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (!res.ok && !accept.includes(res.status)) {
    const err = new ApiError(res.status, data);
    if (
      res.status === 401 &&
      (err.code === "http.session-expired" || err.code === "http.unauthorized")
    )
      onLoggedOut();
    throw err;
  }
  return data;
}

// Live events: one EventSource for the whole app, each page listens to the kinds it shows.
const listeners = new Map();
let source;

export function startEvents(onState) {
  stopEvents();
  source = new EventSource("/api/v1/events");
  source.onopen = () => onState("live");
  source.onerror = () => onState("reconnecting");
  for (const kind of ["modem", "outbound", "inbound"])
    source.addEventListener(kind, (e) => {
      const data = JSON.parse(e.data);
      for (const fn of listeners.get(kind) ?? []) fn(data);
    });
}

export function stopEvents() {
  source?.close();
  source = undefined;
}

/** Calls `fn` for each event of `kind`; returns the function that stops it. */
export function onEvent(kind, fn) {
  const set = listeners.get(kind) ?? new Set();
  set.add(fn);
  listeners.set(kind, set);
  return () => set.delete(fn);
}

export function when(iso) {
  if (iso === undefined || iso === null) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}
