import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { html } from "./html.js";

/** Who may use the Kannel and SMSGate doors, as configured (the API never sends passwords). */
export function Integrations() {
  const [view, setView] = useState(undefined);
  const [error, setError] = useState("");
  useEffect(() => {
    api("GET", "/api/v1/integrations").then(setView, (err) => setError(err.message));
  }, []);
  return html`<section class="card" aria-labelledby="ksh" data-testid="integrations">
    <h2 id="ksh">Kannel & SMSGate</h2>
    <p class="hint">As configured in <code>smsgw.yaml</code> (<code>http.kannel</code>, <code>http.smsgate</code>); read-only, passwords are not shown.</p>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${
      view === undefined
        ? !error && html`<p class="loading">Loading…</p>`
        : html`
      <h3>Kannel <code>/cgi-bin/sendsms</code> users</h3>
      ${
        view.kannel.users.length === 0
          ? html`<p class="hint">None: the Kannel route is off.</p>`
          : html`<div class="scroll" tabindex="0" role="region" aria-label="Kannel users"><table>
            <thead><tr><th scope="col">User</th><th scope="col">May text</th><th scope="col">Default sender</th><th scope="col">Most SMS per text</th></tr></thead>
            <tbody>
              ${view.kannel.users.map(
                (u) => html`<tr data-testid="kannel-user">
                  <td>${u.username}</td>
                  <td>${u.allowedPrefixes.length === 0 ? "any number" : u.allowedPrefixes.join(", ")}</td>
                  <td>${u.defaultSender ?? "—"}</td>
                  <td>${u.maxMessages ?? "sms.maxParts"}</td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
      }
      ${view.kannel.port !== undefined && html`<p class="hint">Also on its own port ${view.kannel.port}, like Kannel's sendsms-port.</p>`}
      <h3>SMSGate compatibility</h3>
      <p data-testid="smsgate">${
        view.smsgate.enabled
          ? html`<span class="chip ok">on</span> for the user <code>${view.smsgate.username}</code>`
          : html`<span class="chip">off</span>`
      }</p>`
    }
  </section>`;
}
