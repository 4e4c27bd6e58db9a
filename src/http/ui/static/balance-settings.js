import { useEffect, useState } from "preact/hooks";
import { api, when } from "./api.js";
import { html } from "./html.js";

/** The balance check as configured in smsgw.yaml (read-only) and the last balance read. */
export function BalanceSettings() {
  const [view, setView] = useState(undefined);
  const [error, setError] = useState("");
  useEffect(() => {
    api("GET", "/api/v1/balance").then(setView, (err) => setError(err.message));
  }, []);
  const s = view?.settings;
  const b = view?.balance;
  return html`<section class="card" aria-labelledby="balance-h" data-testid="balance-settings">
    <h2 id="balance-h">Balance check</h2>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${
      view === undefined
        ? !error && html`<p class="loading">Loading…</p>`
        : s === null
          ? html`<p class="hint">Not configured (<code>balance</code> in <code>smsgw.yaml</code>).</p>`
          : html`<dl class="facts">
            <dt>Last balance</dt>
            <dd>${b === null ? "not read yet" : html`${b.amount} ${b.currency ?? ""} <span class="hint">${when(b.at)}, by ${b.source === "sms" ? "SMS" : "USSD"}</span>`}</dd>
            <dt>Code</dt><dd>${s.code === undefined ? "none" : html`<code>${s.code}</code>`}</dd>
            <dt>Checked</dt><dd>${s.cron === undefined ? "only on demand" : html`<code>${s.cron}</code> (cron)`}</dd>
            ${s.fromSms !== undefined && html`<dt>Read from SMS of</dt><dd>${s.fromSms}</dd>`}
            <dt>Amount pattern</dt><dd><code>${s.parse}</code></dd>
            ${s.currency !== undefined && html`<dt>Currency</dt><dd>${s.currency}</dd>`}
            <dt>Low-credit alert</dt>
            <dd>${s.lowBelow === undefined ? "off" : `below ${s.lowBelow} to ${(s.alertTo ?? []).join(", ")}`}</dd>
          </dl>`
    }
    <p class="hint">Read-only here: change it in <code>smsgw.yaml</code>.</p>
  </section>`;
}
