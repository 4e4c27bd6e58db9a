import { useEffect, useState } from "preact/hooks";
import { api, setCsrf } from "./api.js";
import { AtConsole } from "./at-console.js";
import { DoctorReport } from "./doctor.js";
import { html } from "./html.js";
import { Logs } from "./logs.js";

/**
 * The doctor's findings, the gateway's log, the last AT lines (PIN and secrets masked by the
 * gateway), the AT console and the health document.
 */
export function Diagnostics() {
  const [trace, setTrace] = useState(undefined);
  const [health, setHealth] = useState(undefined);
  const [error, setError] = useState("");
  const load = async () => {
    try {
      const [t, h] = await Promise.all([
        api("GET", "/api/v1/diagnostics/at-trace"),
        api("GET", "/api/v1/health", undefined, [503]),
      ]);
      setTrace(t.lines);
      setHealth(h);
      setError("");
    } catch (err) {
      setError(err.message);
    }
  };
  useEffect(() => {
    void load();
  }, []);
  const text = (trace ?? [])
    .map((l) => `${l.at} ${l.dir === "out" ? ">>" : "<<"} ${l.line}`)
    .join("\n");
  const download = () => {
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: "text/plain" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `smsgw-at-trace-${new Date().toISOString().replace(/[:.]/g, "-")}.txt`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return html`
    <h1 tabindex="-1">Diagnostics</h1>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <${DoctorReport} />
    <${Logs} />
    <section class="card" aria-labelledby="trace-h">
      <h2 id="trace-h">AT trace <span class="hint">(the last lines between gateway and modem; the SIM PIN is masked)</span></h2>
      <div class="actions">
        <button class="secondary" onClick=${() => void load()}>Refresh</button>
        <button class="secondary" onClick=${download} disabled=${trace === undefined}>Download</button>
      </div>
      <pre class="trace" tabindex="0" aria-label="AT trace" data-testid="at-trace">${trace === undefined ? "Loading…" : text}</pre>
    </section>
    <section class="card" aria-labelledby="hdoc-h">
      <h2 id="hdoc-h">Health document <span class="hint">(also at /api/v1/health; /metrics when metrics are on)</span></h2>
      <pre class="trace" tabindex="0" aria-label="Health document">${health === undefined ? "Loading…" : JSON.stringify(health, null, 2)}</pre>
    </section>
    <${AtConsole} />
    <${ChangePassword} />
  `;
}

/** A new admin password; every other browser's login ends. */
function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [done, setDone] = useState("");
  const [error, setError] = useState("");
  const submit = async (e) => {
    e.preventDefault();
    setError("");
    setDone("");
    try {
      const r = await api("PUT", "/api/v1/session/password", { current, password });
      setCsrf(r.csrf);
      setCurrent("");
      setPassword("");
      setDone("Password changed. Other browsers are logged out.");
    } catch (err) {
      setError(err.message);
    }
  };
  return html`
    <form class="card stack" onSubmit=${submit} aria-labelledby="pw-h">
      <h2 id="pw-h">Admin password</h2>
      <label for="cur">Current password</label>
      <input id="cur" type="password" autocomplete="current-password" required value=${current} onInput=${(e) => setCurrent(e.currentTarget.value)} />
      <label for="npw">New password <span class="hint">(at least 10 characters)</span></label>
      <input id="npw" type="password" autocomplete="new-password" required minlength="10" value=${password} onInput=${(e) => setPassword(e.currentTarget.value)} />
      ${error && html`<p role="alert" class="error">${error}</p>`}
      ${done && html`<p role="status">${done}</p>`}
      <button type="submit">Change password</button>
    </form>
  `;
}
