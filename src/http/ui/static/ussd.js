import { useState } from "preact/hooks";
import { api } from "./api.js";
import { BalanceSettings } from "./balance-settings.js";
import { html } from "./html.js";

/** A USSD dialogue: dial a code, answer the menu while it stays open, or cancel it. */
export function Ussd() {
  const [input, setInput] = useState("");
  const [open, setOpen] = useState(false);
  const [log, setLog] = useState([]);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const ask = async (body, shown) => {
    setBusy(true);
    setError("");
    try {
      const r = await api("POST", "/api/v1/ussd", body);
      setLog((l) => [...l, { me: shown }, { net: r.text || `(${r.status})`, status: r.status }]);
      setOpen(r.sessionOpen);
      setInput("");
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e) => {
    e.preventDefault();
    if (open) void ask({ session: "reply", text: input }, input);
    else void ask({ code: input }, input);
  };
  return html`
    <h1 tabindex="-1">USSD</h1>
    <p>Codes such as <code>*100#</code> (balance) go to the network; a menu stays open until you answer or cancel it.</p>
    ${
      log.length > 0 &&
      html`<ol class="bubbles card" aria-live="polite">
      ${log.map((x) => (x.me !== undefined ? html`<li class="bubble me">${x.me}</li>` : html`<li class="bubble"><pre>${x.net}</pre><span class="hint">${x.status}</span></li>`))}
    </ol>`
    }
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <form class="card stack" onSubmit=${submit}>
      <label for="ussd">${open ? "Your answer to the menu" : "USSD code"}</label>
      <input id="ussd" required value=${input} onInput=${(e) => setInput(e.currentTarget.value)} placeholder=${open ? "1" : "*100#"} />
      <div class="actions">
        <button type="submit" disabled=${busy}>${open ? "Answer" : "Send code"}</button>
        ${open && html`<button type="button" class="secondary" onClick=${() => ask({ session: "cancel" }, "(cancel)")}>Cancel menu</button>`}
      </div>
    </form>
    <${BalanceSettings} />
  `;
}
