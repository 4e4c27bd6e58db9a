import { useEffect, useState } from "preact/hooks";
import { api, onEvent, startEvents, stopEvents } from "./api.js";
import { html } from "./html.js";
import { StatusChip } from "./messages.js";

const FINAL = ["delivered", "failed", "expired", "cancelled"];

/** The wizard's last step: a test SMS to your own phone, watched until it is delivered. */
export function TestSms({ onDone }) {
  const [to, setTo] = useState("");
  const [id, setId] = useState(undefined);
  const [status, setStatus] = useState(undefined);
  const [error, setError] = useState("");
  useEffect(() => {
    startEvents(() => {});
    return () => stopEvents();
  }, []);
  useEffect(() => {
    if (id === undefined) return undefined;
    const refresh = () =>
      api("GET", `/api/v1/messages/${encodeURIComponent(id)}`).then(
        (m) => setStatus(m.status),
        () => {},
      );
    const stop = onEvent("outbound", (m) => m.id === id && void refresh());
    // A fast modem may have moved on before the listener was in place: read it once now.
    void refresh();
    return stop;
  }, [id]);
  const send = async (e) => {
    e.preventDefault();
    setError("");
    try {
      const r = await api("POST", "/api/v1/messages", {
        to,
        text: "Hello from smsgw: this is the test message from the setup page.",
        deliveryReport: true,
      });
      const first = r.messages?.[0] ?? r;
      setId(first.id);
      setStatus(first.status);
    } catch (err) {
      setError(err.fields?.map((f) => f.message).join("; ") || err.message);
    }
  };
  return html`
    <main class="narrow" id="main">
      <h1 tabindex="-1">Send yourself a test SMS</h1>
      <p>Optional: check that the modem can send, and watch the message reach your phone.</p>
      <form class="card stack" onSubmit=${send}>
        <label for="me">Your mobile number <span class="hint">(international form, e.g. +491701234567)</span></label>
        <input id="me" type="tel" required value=${to} onInput=${(e) => setTo(e.currentTarget.value)} />
        ${error && html`<p role="alert" class="error">${error}</p>`}
        ${
          status !== undefined &&
          html`<p role="status" data-testid="test-sms-status">Test SMS: <${StatusChip} status=${status} />${FINAL.includes(status) ? "" : " …"}</p>`
        }
        <div class="actions">
          <button type="submit" disabled=${id !== undefined && !FINAL.includes(status)}>Send test SMS</button>
          <button type="button" class="secondary" onClick=${onDone}>${status === "delivered" ? "Continue" : "Skip"} to the dashboard</button>
        </div>
      </form>
    </main>
  `;
}
