import { useEffect, useState } from "preact/hooks";
import { api, when } from "./api.js";
import { html } from "./html.js";
import { Integrations } from "./integrations.js";

// The gateway's own event names, and SMSGate's for a webhook in its format.
const EVENTS = {
  native: ["sms.received", "sms.status", "modem.state", "gateway.started", "gateway.heartbeat"],
  smsgate: [
    "sms:received",
    "sms:data-received",
    "sms:sent",
    "sms:delivered",
    "sms:failed",
    "sms:cancelled",
    "system:ping",
    "mms:received",
    "mms:downloaded",
    "app:started",
  ],
};

const RESULT_CHIP = { delivered: "ok", retry: "warn", "given-up": "bad", disabled: "bad" };

const problem = (err) =>
  err.fields?.map((f) => `${f.field}: ${f.message}`).join("; ") || err.message;

/** The last attempts to call one webhook, asked again every 2 s while shown. */
function DeliveryLog({ id }) {
  const [log, setLog] = useState(undefined);
  const [error, setError] = useState("");
  useEffect(() => {
    const load = () =>
      api("GET", `/api/v1/webhooks/${encodeURIComponent(id)}/deliveries`).then(setLog, (err) =>
        setError(err.message),
      );
    void load();
    const t = setInterval(load, 2000);
    return () => clearInterval(t);
  }, [id]);
  if (error) return html`<p role="alert" class="error">${error}</p>`;
  if (log === undefined) return html`<p class="loading">Loading…</p>`;
  // Focusable: at a phone's width the table scrolls sideways, by keyboard too.
  return html`<div class="scroll" data-testid="delivery-log" tabindex="0" role="region" aria-label=${`Delivery log of ${id}`}>
    <p class="hint">${log.pending} event(s) waiting.</p>
    ${
      log.attempts.length === 0
        ? html`<p class="hint">No attempts yet.</p>`
        : html`<table>
        <thead><tr><th scope="col">Time</th><th scope="col">Attempt</th><th scope="col">Status</th><th scope="col">Result</th><th scope="col">Error</th></tr></thead>
        <tbody>
          ${log.attempts.map(
            (a) => html`<tr>
              <td>${when(a.at)}</td><td>${a.attempt}</td><td>${a.status ?? "no answer"}</td>
              <td><span class=${`chip ${RESULT_CHIP[a.result] ?? ""}`} data-result>${a.result}</span></td>
              <td>${a.error ?? ""}</td>
            </tr>`,
          )}
        </tbody>
      </table>`
    }
  </div>`;
}

/** One webhook: what it gets and where, with its buttons (none that change a config-file one). */
function Hook({ h, reload, setError }) {
  const [confirming, setConfirming] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const [note, setNote] = useState("");
  const path = `/api/v1/webhooks/${encodeURIComponent(h.id)}`;
  const run = async (fn) => {
    setError("");
    try {
      await fn();
      await reload();
    } catch (err) {
      setError(problem(err));
    }
  };
  const test = () =>
    run(async () => {
      await api("POST", `${path}/test`);
      setNote("Test event queued.");
      setShowLog(true);
    });
  const readOnly = h.source === "config";
  return html`<li class="hook" data-testid="webhook">
    <h3>${h.id} ${h.enabled ? html`<span class="chip ok">on</span>` : html`<span class="chip bad">off</span>`} <span class="chip">${h.format}</span> <span class="chip info">${h.source === "config" ? "smsgw.yaml" : h.source === "smsgate" ? "SMSGate client" : "API"}</span></h3>
    <p class="mono url">${h.url}</p>
    <p>${h.events.map((e) => html`<code class="chip">${e}</code> `)}</p>
    ${h.disabledReason && html`<p class="hint">Switched off: ${h.disabledReason}</p>`}
    ${readOnly && html`<p class="hint">Defined in <code>smsgw.yaml</code>: change or delete it there (it can be switched off here).</p>`}
    <div class="actions">
      <button class="secondary" onClick=${test} aria-label=${`Send a test event to ${h.id}`}>Send a test event</button>
      <button class="secondary" onClick=${() => run(() => api("PATCH", path, { enabled: !h.enabled }))}>${h.enabled ? "Disable" : "Enable"}</button>
      <button class="secondary" aria-expanded=${showLog} onClick=${() => setShowLog(!showLog)}>Delivery log</button>
      ${
        readOnly
          ? ""
          : confirming
            ? html`<button class="danger" onClick=${() => run(() => api("DELETE", path))}>Delete "${h.id}" now</button><button class="secondary" onClick=${() => setConfirming(false)}>Keep</button>`
            : html`<button class="secondary" onClick=${() => setConfirming(true)} aria-label=${`Delete ${h.id}`}>Delete</button>`
      }
    </div>
    ${note && html`<p role="status" class="hint">${note}</p>`}
    ${showLog && html`<${DeliveryLog} id=${h.id} />`}
  </li>`;
}

/** A new webhook: the events offered are those of the chosen format. */
function NewHook({ onMade, setError }) {
  const [id, setId] = useState("");
  const [url, setUrl] = useState("");
  const [format, setFormat] = useState("native");
  const [events, setEvents] = useState(["sms.received"]);
  const [secret, setSecret] = useState("");
  const [allowHttp, setAllowHttp] = useState(false);
  const toggle = (e, on) => setEvents(on ? [...events, e] : events.filter((x) => x !== e));
  const create = async (ev) => {
    ev.preventDefault();
    setError("");
    try {
      const body = { url, events, format, allowHttp };
      if (id !== "") body.id = id;
      if (secret !== "") body.secret = secret;
      const r = await api("POST", "/api/v1/webhooks", body);
      setId("");
      setUrl("");
      setSecret("");
      await onMade(r);
    } catch (err) {
      setError(problem(err));
    }
  };
  const pickFormat = (f) => {
    setFormat(f);
    setEvents([EVENTS[f][0]]);
  };
  return html`<form class="card stack" onSubmit=${create}>
    <h2>New webhook</h2>
    <label for="whid">Name <span class="hint">(optional: letters, digits, . _ -)</span></label>
    <input id="whid" maxlength="64" pattern="[A-Za-z0-9._\\-]+" value=${id} onInput=${(e) => setId(e.currentTarget.value)} />
    <label for="whurl">URL <span class="hint">(https://, or http:// with the box below)</span></label>
    <input id="whurl" type="url" required value=${url} onInput=${(e) => setUrl(e.currentTarget.value)} placeholder="https://example.org/hook" />
    <label class="check"><input type="checkbox" checked=${allowHttp} onChange=${(e) => setAllowHttp(e.currentTarget.checked)} /> Allow plain http:// (a receiver on the LAN)</label>
    <label for="whformat">Format</label>
    <select id="whformat" value=${format} onChange=${(e) => pickFormat(e.currentTarget.value)}>
      <option value="native">native (signed like Standard Webhooks)</option>
      <option value="smsgate">smsgate (SMSGate's envelope)</option>
    </select>
    <fieldset>
      <legend>Events</legend>
      ${EVENTS[format].map(
        (e) =>
          html`<label class="check"><input type="checkbox" checked=${events.includes(e)} onChange=${(ev) => toggle(e, ev.currentTarget.checked)} /> <code>${e}</code></label>`,
      )}
    </fieldset>
    <label for="whsecret">Secret <span class="hint">(optional; native: whsec_…, a new one is made when empty)</span></label>
    <input id="whsecret" class="mono" autocomplete="off" value=${secret} onInput=${(e) => setSecret(e.currentTarget.value)} />
    <button type="submit">Make webhook</button>
  </form>`;
}

export function Webhooks() {
  const [hooks, setHooks] = useState(undefined);
  const [made, setMade] = useState(undefined);
  const [error, setError] = useState("");
  const load = () => api("GET", "/api/v1/webhooks").then(setHooks, (err) => setError(err.message));
  useEffect(() => {
    void load();
  }, []);
  return html`
    <h1 tabindex="-1">Webhooks</h1>
    <p>The gateway POSTs its events (an SMS received, a status change, the modem's state) to these URLs, retrying until they answer 2xx.</p>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${
      made?.secret &&
      html`<section class="card created" role="status">
      <h2>Webhook "${made.id}" made</h2>
      <p>Its signing secret, shown this once:</p>
      <input class="mono" readonly aria-label="The signing secret" value=${made.secret} onFocus=${(e) => e.currentTarget.select()} />
      <button class="secondary" onClick=${() => setMade(undefined)}>Done</button>
    </section>`
    }
    <section class="card" aria-labelledby="whl">
      <h2 id="whl">Webhooks</h2>
      ${
        hooks === undefined
          ? !error && html`<p class="loading">Loading…</p>`
          : hooks.length === 0
            ? html`<p>No webhooks.</p>`
            : html`<ul class="list">${hooks.map((h) => html`<${Hook} key=${h.id} h=${h} reload=${load} setError=${setError} />`)}</ul>`
      }
    </section>
    <${NewHook}
      setError=${setError}
      onMade=${async (r) => {
        setMade(r);
        await load();
      }}
    />
    <${Integrations} />
  `;
}
