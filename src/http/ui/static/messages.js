import { useEffect, useState } from "preact/hooks";
import { api, onEvent, when } from "./api.js";
import { html } from "./html.js";

const CHIP = {
  queued: "",
  sending: "",
  sent: "info",
  delivered: "ok",
  failed: "bad",
  expired: "bad",
  cancelled: "warn",
};

export function StatusChip({ status }) {
  return html`<span class=${`chip ${CHIP[status] ?? ""}`} data-status=${status}>${status}</span>`;
}

const FILTERS = [
  ["", "All"],
  ["queued,sending", "Outbox"],
  ["sent,delivered", "Sent"],
  ["failed,expired,cancelled", "Failed"],
];

export function Messages() {
  const [filter, setFilter] = useState("");
  const [list, setList] = useState(undefined);
  const [next, setNext] = useState(undefined);
  const [error, setError] = useState("");
  const load = async (cursor) => {
    try {
      const q = new URLSearchParams({ limit: "50" });
      if (filter !== "") q.set("status", filter);
      if (cursor !== undefined) q.set("cursor", cursor);
      const r = await api("GET", `/api/v1/messages?${q}`);
      setList((old) => (cursor === undefined ? r.messages : [...(old ?? []), ...r.messages]));
      setNext(r.nextCursor);
      setError("");
    } catch (err) {
      setError(err.message);
    }
  };
  useEffect(() => {
    void load();
    // A change shows in place; a new message reloads the first page.
    return onEvent("outbound", (m) => {
      setList((old) => {
        if (old === undefined || !old.some((x) => x.id === m.id)) {
          void load();
          return old;
        }
        return old.map((x) => (x.id === m.id ? { ...x, ...m } : x));
      });
    });
  }, [filter]);
  return html`
    <h1 tabindex="-1">Outbox & sent</h1>
    <div class="tabs" role="group" aria-label="Show">
      ${FILTERS.map(([v, t]) => html`<button class=${filter === v ? "" : "secondary"} aria-pressed=${filter === v} onClick=${() => setFilter(v)}>${t}</button>`)}
    </div>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${
      list === undefined
        ? html`<p class="loading">Loading…</p>`
        : list.length === 0
          ? html`<p>No messages. <a href="#/compose">Compose one</a>.</p>`
          : html`<ul class="list">
          ${list.map(
            (m) => html`<li>
              <a href=${`#/messages/${encodeURIComponent(m.id)}`} class="row">
                <span class="who">${m.to}</span>
                <${StatusChip} status=${m.status} />
                <span class="text">${m.text ?? ""}</span>
                <span class="hint">${m.partsSent}/${m.parts} part(s) · ${when(m.at ?? m.updatedAt)}</span>
              </a>
            </li>`,
          )}
        </ul>`
    }
    ${next && html`<button class="secondary" onClick=${() => load(next)}>More</button>`}
  `;
}

export function MessageDetail({ id }) {
  const [m, setM] = useState(undefined);
  const [error, setError] = useState("");
  const load = () =>
    api("GET", `/api/v1/messages/${encodeURIComponent(id)}`).then(
      (x) => {
        setM(x);
        setError("");
      },
      (err) => setError(err.message),
    );
  useEffect(() => {
    void load();
    return onEvent("outbound", (e) => e.id === id && load());
  }, [id]);
  const cancel = async () => {
    try {
      await api("DELETE", `/api/v1/messages/${encodeURIComponent(id)}`);
      await load();
    } catch (err) {
      setError(err.message);
    }
  };
  const resend = () => {
    sessionStorage.setItem("smsgw-resend", m.text ?? "");
    location.hash = `#/compose?to=${encodeURIComponent(m.to)}`;
  };
  return html`
    <p><a href="#/messages">← All messages</a></p>
    <h1 tabindex="-1">Message to ${m?.to ?? "…"}</h1>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${
      m &&
      html`
      <section class="card stack">
        <p>Status: <${StatusChip} status=${m.status} /> <span class="hint">id ${m.id}</span></p>
        ${m.text !== undefined && html`<blockquote class="text">${m.text}</blockquote>`}
        ${
          m.error &&
          html`<p class="error">${m.error.message}${m.error.cmsText ? html` — ${m.error.cmsText}` : ""} <span class="hint">(${m.error.code}${m.error.cms === undefined ? "" : `, CMS ${m.error.cms}`})</span></p>`
        }
        <div class="actions">
          ${m.status === "queued" && html`<button onClick=${cancel}>Cancel</button>`}
          ${["failed", "expired", "cancelled"].includes(m.status) && m.text !== undefined && html`<button class="secondary" onClick=${resend}>Send again</button>`}
        </div>
      </section>
      <section class="card" aria-labelledby="tl-h">
        <h2 id="tl-h">Timeline</h2>
        <ol class="timeline" data-testid="timeline">
          ${m.history.map(
            (c) => html`<li>
              <${StatusChip} status=${c.status} /> <span class="hint">${when(c.at)}</span>
              ${c.error && html`<div class="error">${c.error.message}${c.error.cmsText ? ` — ${c.error.cmsText}` : ""}</div>`}
            </li>`,
          )}
        </ol>
      </section>
      <section class="card" aria-labelledby="parts-h">
        <h2 id="parts-h">Parts</h2>
        <table>
          <thead><tr><th scope="col">Part</th><th scope="col">Reference (TP-MR)</th><th scope="col">Sent</th><th scope="col">Report</th></tr></thead>
          <tbody>
            ${m.partStates.map(
              (p) => html`<tr>
                <td>${p.part}</td><td>${p.reference ?? "–"}</td><td>${when(p.sentAt) || "–"}</td>
                <td>${p.report}${p.reportText ? ` (${p.reportText})` : ""}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </section>`
    }
  `;
}
