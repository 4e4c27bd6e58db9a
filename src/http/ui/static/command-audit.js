import { useEffect, useState } from "preact/hooks";
import { api, onEvent, when } from "./api.js";
import { OutcomeChip } from "./command-outcome.js";
import { html } from "./html.js";

/** The last remote-command attempts, newest first (the gateway never keeps their codes). */
export function CommandAudit() {
  const [attempts, setAttempts] = useState(undefined);
  const [error, setError] = useState("");
  const load = () =>
    api("GET", "/api/v1/automation/audit?limit=100").then(
      (r) => {
        setAttempts(r.attempts);
        setError("");
      },
      (err) => setError(err.message),
    );
  useEffect(() => {
    void load();
    // A command is judged after its SMS arrives: look again once the automation had its turn.
    return onEvent("inbound", () => setTimeout(load, 1500));
  }, []);
  return html`<section class="card" aria-labelledby="audit-h">
    <h2 id="audit-h">Command attempts <span class="hint">(last ${attempts?.length ?? 0})</span></h2>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${
      attempts === undefined
        ? !error && html`<p class="loading">Loading…</p>`
        : attempts.length === 0
          ? html`<p class="hint">No command attempts yet.</p>`
          : html`<div class="scroll"><table data-testid="audit">
            <thead><tr><th scope="col">Time</th><th scope="col">Sender</th><th scope="col">Command</th><th scope="col">Outcome</th></tr></thead>
            <tbody>
              ${attempts.map(
                (a) => html`<tr>
                  <td>${when(a.at)}</td>
                  <td>${a.sender}${a.via === "call" ? " (call)" : ""}</td>
                  <td><code>${a.command}</code></td>
                  <td><${OutcomeChip} outcome=${a.outcome} /></td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
    }
    <button type="button" class="secondary" onClick=${load}>Refresh</button>
  </section>`;
}
