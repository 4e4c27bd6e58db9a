import { useEffect, useState } from "preact/hooks";
import { api, onEvent, when } from "./api.js";
import { html } from "./html.js";

/**
 * The last warnings and errors of the gateway's log, newest first: modem recovery steps
 * ("modem hung: resetting …"), failed sends, webhooks given up. What a user looks at first when
 * something is wrong.
 */
export function RecentProblems() {
  const [lines, setLines] = useState(undefined);
  const [error, setError] = useState("");
  useEffect(() => {
    const load = () =>
      api("GET", "/api/v1/logs?level=warn&limit=6").then(
        (r) => {
          setLines([...r.lines].reverse());
          setError("");
        },
        (err) => setError(err.message),
      );
    void load();
    // A modem state change is when recovery steps happen: look again then.
    return onEvent("modem", () => void load());
  }, []);
  return html`<section class="card" aria-labelledby="problems-h">
    <h2 id="problems-h">Recent problems</h2>
    ${error && html`<p class="error">${error}</p>`}
    ${
      lines === undefined
        ? html`<p class="loading">Loading…</p>`
        : lines.length === 0
          ? html`<p data-testid="no-problems">None since the gateway started.</p>`
          : html`<ul class="problems" data-testid="problems">
              ${lines.map(
                (l) => html`<li>
                  <span class=${`chip ${l.level === "warn" ? "warn" : "bad"}`}>${l.level}</span>
                  ${" "}${l.msg ?? ""} <span class="hint">${l.ns ?? ""}, ${when(new Date(l.time).toISOString())}</span>
                </li>`,
              )}
            </ul>`
    }
    <p><a href="#/diagnostics">All logs and the doctor's report</a></p>
  </section>`;
}

/** How the gateway's doors are: the MQTT broker, this HTTP API, and the webhooks' queues. */
export function Doors({ health }) {
  const [hooks, setHooks] = useState(undefined);
  useEffect(() => {
    // Without the webhook engine the route answers 501: no webhooks to show.
    api("GET", "/api/v1/webhooks", undefined, [501]).then(
      (r) => setHooks(Array.isArray(r) ? r : []),
      () => setHooks([]),
    );
  }, []);
  const mqtt = health?.checks?.["mqtt:connected"];
  const enabled = (hooks ?? []).filter((h) => h.enabled);
  const off = (hooks ?? []).filter((h) => !h.enabled);
  const waiting = enabled.reduce((n, h) => n + (h.pending ?? 0), 0);
  return html`<section class="card" aria-labelledby="doors-h">
    <h2 id="doors-h">Connections</h2>
    <dl class="facts" data-testid="doors">
      <dt>MQTT broker</dt>
      <dd><span class=${`chip ${mqtt?.status === "pass" ? "ok" : "bad"}`}>${mqtt === undefined ? "…" : mqtt.status === "pass" ? "connected" : "disconnected"}</span></dd>
      <dt>HTTP API</dt>
      <dd><span class="chip ok">serving</span></dd>
      <dt>Webhooks</dt>
      <dd data-testid="webhooks-status">${
        hooks === undefined
          ? "…"
          : hooks.length === 0
            ? "none"
            : html`${enabled.length} on, ${waiting} event${waiting === 1 ? "" : "s"} waiting${
                off.length > 0
                  ? html` <span class="chip warn">${off.length} switched off</span>`
                  : ""
              }`
      }</dd>
    </dl>
    <p><a href="#/webhooks">Webhooks</a></p>
  </section>`;
}

/**
 * The modem's last state changes (recovery steps among them: ready → recovering → resetting →
 * ready), newest first, read from the log the gateway keeps.
 */
export function RecentModemStates() {
  const [changes, setChanges] = useState(undefined);
  useEffect(() => {
    const load = () =>
      api("GET", "/api/v1/logs?level=info&limit=500").then(
        (r) =>
          setChanges(
            r.lines
              .filter((l) => l.msg === "modem state")
              .slice(-5)
              .reverse(),
          ),
        () => setChanges([]),
      );
    void load();
    return onEvent("modem", () => void load());
  }, []);
  return html`<section class="card" aria-labelledby="states-h">
    <h2 id="states-h">Modem: recent states</h2>
    ${
      changes === undefined
        ? html`<p class="loading">Loading…</p>`
        : changes.length === 0
          ? html`<p>No change since the log began.</p>`
          : html`<ol class="problems" data-testid="modem-states">
              ${changes.map(
                (c) => html`<li>
                  ${c.from ?? "?"} → <strong>${c.to ?? "?"}</strong>
                  ${c.reason ? html` <span class="hint">${c.reason}</span>` : ""}
                  <span class="hint"> ${when(c.at ?? new Date(c.time).toISOString())}</span>
                </li>`,
              )}
            </ol>`
    }
  </section>`;
}
