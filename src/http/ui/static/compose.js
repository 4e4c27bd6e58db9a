import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "./api.js";
import { html } from "./html.js";
import { addressBook, resolveRecipients } from "./recipients.js";

/** The text with each character the GSM alphabet lacks marked: those made it UCS-2. */
function Highlighted({ text, chars }) {
  if (chars.length === 0) return null;
  const set = new Set(chars);
  return html`<p class="highlight" data-testid="ucs2-text">${[...text].map((c) => (set.has(c) ? html`<mark>${c}</mark>` : c))}</p>`;
}

const VALIDITY = [
  ["", "Network default"],
  ["3600", "1 hour"],
  ["86400", "1 day"],
  ["604800", "1 week"],
];

export function Compose({ to: initialTo }) {
  const [to, setTo] = useState(initialTo);
  // "Send again" on a failed message hands its text over here.
  const [text, setText] = useState(() => {
    const again = sessionStorage.getItem("smsgw-resend") ?? "";
    sessionStorage.removeItem("smsgw-resend");
    return again;
  });
  const [preview, setPreview] = useState(undefined);
  const [flash, setFlash] = useState(false);
  const [report, setReport] = useState(true);
  const [priority, setPriority] = useState("normal");
  const [validity, setValidity] = useState("");
  const [sendAt, setSendAt] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const asked = useRef(0);
  const [book, setBook] = useState({ contacts: [], groups: [] });
  useEffect(() => {
    void addressBook().then(setBook);
  }, []);

  // The server's own plan (the codec the send uses), asked for as you type.
  useEffect(() => {
    const n = ++asked.current;
    if (text === "") {
      setPreview(undefined);
      return;
    }
    const t = setTimeout(() => {
      api("POST", "/api/v1/messages/preview", { text }).then(
        (p) => n === asked.current && setPreview(p),
        (err) => n === asked.current && setError(err.message),
      );
    }, 120);
    return () => clearTimeout(t);
  }, [text]);

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const numbers = resolveRecipients(
        to.split(/[,;\s]+/).filter((x) => x !== ""),
        book,
      );
      const body = {
        to: numbers.length === 1 ? numbers[0] : numbers,
        text,
        priority,
        deliveryReport: report,
      };
      if (flash) body.flash = true;
      if (validity !== "") body.validity = Number(validity);
      if (sendAt !== "") body.notBefore = new Date(sendAt).toISOString();
      const r = await api("POST", "/api/v1/messages", body);
      const first = r.messages?.[0]?.id ?? r.id;
      location.hash =
        first === undefined ? "#/messages" : `#/messages/${encodeURIComponent(first)}`;
    } catch (err) {
      setError(err.fields?.map((f) => `${f.field}: ${f.message}`).join("; ") || err.message);
    } finally {
      setBusy(false);
    }
  };

  const chars = [...text].length;
  return html`
    <h1 tabindex="-1">Compose</h1>
    <form class="card stack" onSubmit=${submit}>
      <label for="to">To <span class="hint">(numbers in international form, contacts or groups, separated by commas)</span></label>
      <input id="to" type="tel" autocomplete="off" required value=${to} onInput=${(e) => setTo(e.currentTarget.value)} placeholder="+491701234567" list="contacts" />
      <datalist id="contacts">
        ${book.contacts.map((c) => html`<option value=${c.number}>${c.name}</option>`)}
        ${book.groups.map((g) => html`<option value=${g.name} data-testid="group-option">group: ${g.members.join(", ")}</option>`)}
      </datalist>
      <label for="text">Message</label>
      <textarea id="text" rows="6" required value=${text} onInput=${(e) => setText(e.currentTarget.value)}></textarea>
      <div class="preview" aria-live="polite" data-testid="preview">
        ${
          preview === undefined
            ? html`<span class="hint">Type to see how many SMS it costs.</span>`
            : html`<span class="chip" data-testid="segments">${preview.segments} SMS</span>
            <span>${chars} characters, ${preview.encoding === "ucs2" ? "UCS-2 (70 per SMS, 67 when split)" : "GSM 7-bit (160 per SMS, 153 when split)"}</span>
            ${!preview.fits && html`<span class="chip bad">more than ${preview.maxParts} parts: it will be refused</span>`}
            ${
              preview.ucs2Characters.length > 0 &&
              html`<span>Not in the GSM alphabet: ${preview.ucs2Characters.map((c) => html`<mark>${c}</mark> `)}</span>`
            }`
        }
      </div>
      ${preview && html`<${Highlighted} text=${text} chars=${preview.ucs2Characters} />`}
      <details>
        <summary>Options</summary>
        <div class="stack">
          <label class="check"><input type="checkbox" checked=${report} onChange=${(e) => setReport(e.currentTarget.checked)} /> Ask for a delivery report</label>
          <label class="check"><input type="checkbox" checked=${flash} onChange=${(e) => setFlash(e.currentTarget.checked)} /> Flash SMS (shown at once, not stored)</label>
          <label for="priority">Priority</label>
          <select id="priority" value=${priority} onChange=${(e) => setPriority(e.currentTarget.value)}>
            <option value="high">High (codes, alerts)</option>
            <option value="normal">Normal</option>
            <option value="low">Low (bulk)</option>
          </select>
          <label for="validity">Validity</label>
          <select id="validity" value=${validity} onChange=${(e) => setValidity(e.currentTarget.value)}>
            ${VALIDITY.map(([v, t]) => html`<option value=${v}>${t}</option>`)}
          </select>
          <label for="sendat">Send at <span class="hint">(empty: now)</span></label>
          <input id="sendat" type="datetime-local" value=${sendAt} onInput=${(e) => setSendAt(e.currentTarget.value)} />
        </div>
      </details>
      ${error && html`<p role="alert" class="error">${error}</p>`}
      <button type="submit" disabled=${busy}>Send</button>
    </form>
  `;
}
