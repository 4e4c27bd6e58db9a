import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { html } from "./html.js";

function Findings({ title, items, kind }) {
  if (items.length === 0) return "";
  return html`
    <h3>${title}</h3>
    <ul class="findings">
      ${items.map(
        (f) =>
          html`<li><span class=${`chip ${kind}`}>${f.area}</span> ${f.message} <span class="hint">${f.fix}</span>${f.command ? html` <code>${f.command}</code>` : ""}</li>`,
      )}
    </ul>
  `;
}

/** `smsgw doctor` for the running gateway: its findings, and the checks it had to skip. */
export function DoctorReport() {
  const [report, setReport] = useState(undefined);
  const [error, setError] = useState("");
  const load = async () => {
    try {
      setReport(await api("GET", "/api/v1/doctor"));
      setError("");
    } catch (err) {
      setError(err.message);
    }
  };
  useEffect(() => {
    void load();
  }, []);
  const m = report?.gateway.modem;
  return html`
    <section class="card" aria-labelledby="doctor-h" data-testid="doctor">
      <h2 id="doctor-h">Doctor <span class="hint">(smsgw doctor, for the running gateway)</span></h2>
      <div class="actions"><button class="secondary" onClick=${() => void load()}>Run again</button></div>
      ${error && html`<p role="alert" class="error">${error}</p>`}
      ${
        report === undefined
          ? html`<p class="loading">Loading…</p>`
          : html`
            <p>
              <span class=${`chip ${report.ok ? "ok" : "bad"}`} data-testid="doctor-verdict">${report.ok ? "no problems found" : `${report.problems.length} problem(s)`}</span>
              ${" "}Modem on <code>${report.port}</code>: <strong>${m.state}</strong> <span class="hint">${m.reason}</span>
              ${m.info.model ? html` · ${m.info.manufacturer ?? ""} ${m.info.model}` : ""}${m.info.imei ? html` · IMEI ${m.info.imei}` : ""}
            </p>
            <${Findings} title="Problems" items=${report.problems} kind="bad" />
            <${Findings} title="Warnings" items=${report.warnings} kind="warn" />
            ${report.host && html`<h3>Raspberry Pi ${report.host.model ?? ""}</h3><ul class="findings">${report.host.checks.map((c) => html`<li><span class=${`chip ${c.ok === true ? "ok" : c.ok === false ? "bad" : "info"}`}>${c.ok === true ? "ok" : c.ok === false ? "problem" : "n/a"}</span> ${c.summary}</li>`)}</ul>`}
            <h3>Skipped</h3>
            <ul class="findings">${report.skipped.map((s) => html`<li><code>${s.check}</code>: <span class="hint">${s.reason}</span></li>`)}</ul>
          `
      }
    </section>
  `;
}
