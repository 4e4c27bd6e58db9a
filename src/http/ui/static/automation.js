import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { CommandAudit } from "./command-audit.js";
import { html } from "./html.js";

const SECTIONS = [
  ["commands", "Commands by SMS"],
  ["callTriggers", "Commands by call"],
  ["forwarding", "Forwarding"],
  ["autoReply", "Automatic replies"],
  ["schedules", "Schedules"],
];

/** One configured entry: its name as the title, the rest as written in smsgw.yaml. */
function Entry({ item }) {
  const { name, ...rest } = item;
  return html`<li>
    <strong>${name ?? ""}</strong>
    <pre class="entry">${JSON.stringify(rest, null, 2)}</pre>
  </li>`;
}

function Section({ title, items }) {
  return html`<section class="card" aria-label=${title}>
    <h2>${title} <span class="hint">(${items.length})</span></h2>
    ${items.length === 0 ? html`<p class="hint">None configured.</p>` : html`<ul class="entries">${items.map((i) => html`<${Entry} item=${i} />`)}</ul>`}
  </section>`;
}

/** The automation as configured in smsgw.yaml, read-only (secrets masked by the gateway). */
export function Automation() {
  const [view, setView] = useState(undefined);
  const [error, setError] = useState("");
  useEffect(() => {
    api("GET", "/api/v1/automation").then(setView, (err) => setError(err.message));
  }, []);
  const a = view?.automation;
  return html`
    <h1 tabindex="-1">Automation</h1>
    <p>As configured in <code>smsgw.yaml</code> (read-only here; secrets show as ***).</p>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${
      a === undefined
        ? !error && html`<p class="loading">Loading…</p>`
        : html`
        <section class="card" aria-labelledby="who-h">
          <h2 id="who-h">Who may run commands</h2>
          ${
            a.security.users.length === 0
              ? html`<p class="hint">Nobody: remote commands are off.</p>`
              : html`<table>
                <thead><tr><th scope="col">Who</th><th scope="col">May run</th><th scope="col">PIN</th></tr></thead>
                <tbody>
                  ${a.security.users.map((u) => html`<tr><td>${u.who}</td><td>${(u.allow ?? []).join(", ")}</td><td>${u.pin === undefined ? "none" : "set"}</td></tr>`)}
                </tbody>
              </table>`
          }
        </section>
        <${CommandAudit} />
        ${SECTIONS.map(([key, title]) => html`<${Section} title=${title} items=${a[key] ?? []} />`)}
        <${Section} title="Alert rules" items=${a.alerts?.rules ?? []} />
        <section class="card" aria-labelledby="contacts-h">
          <h2 id="contacts-h">Contacts and groups</h2>
          <ul class="entries">
            ${view.contacts.map((c) => html`<li>${c.name}: ${c.number}</li>`)}
            ${Object.entries(a.contacts?.numbers ?? {}).map(([n, num]) => html`<li>${n}: ${num}</li>`)}
            ${Object.entries(a.contacts?.groups ?? {}).map(([g, members]) => html`<li>group ${g}: ${members.join(", ")}</li>`)}
          </ul>
        </section>`
    }
  `;
}
