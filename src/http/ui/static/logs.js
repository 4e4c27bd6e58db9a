import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { html } from "./html.js";

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"];
const SHOWN = new Set(["level", "time", "ns", "msg"]);

/** One log entry as a text line: time, level, namespace, message, the other fields as JSON. */
function lineOf(e) {
  const rest = Object.fromEntries(Object.entries(e).filter(([k]) => !SHOWN.has(k)));
  const extra = Object.keys(rest).length === 0 ? "" : ` ${JSON.stringify(rest)}`;
  const at = typeof e.time === "number" ? new Date(e.time).toISOString() : "";
  return `${at} ${e.level.toUpperCase().padEnd(5)} ${e.ns ?? "-"}: ${e.msg ?? ""}${extra}`;
}

/** Saves `text` as a file (a link to a Blob: nothing leaves the browser). */
export function downloadText(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The gateway's last log lines (secrets already redacted by the logger), newest last. */
export function Logs() {
  const [level, setLevel] = useState("info");
  const [lines, setLines] = useState(undefined);
  const [error, setError] = useState("");
  const load = async (lv = level) => {
    try {
      setLines((await api("GET", `/api/v1/logs?level=${lv}&limit=500`)).lines);
      setError("");
    } catch (err) {
      setError(err.message);
    }
  };
  useEffect(() => {
    void load();
  }, []);
  const text = (lines ?? []).map(lineOf).join("\n");
  const stamp = () => new Date().toISOString().replace(/[:.]/g, "-");
  return html`
    <section class="card" aria-labelledby="logs-h">
      <h2 id="logs-h">Log <span class="hint">(the last 500 lines of this gateway; secrets are redacted)</span></h2>
      <div class="actions">
        <label for="log-level">Lowest level</label>
        <select id="log-level" value=${level} onChange=${(e) => {
          setLevel(e.currentTarget.value);
          void load(e.currentTarget.value);
        }}>
          ${LEVELS.map((l) => html`<option value=${l}>${l}</option>`)}
        </select>
        <button class="secondary" onClick=${() => void load()}>Refresh</button>
        <button class="secondary" onClick=${() => downloadText(`smsgw-log-${stamp()}.txt`, `${text}\n`)} disabled=${lines === undefined}>Download</button>
      </div>
      ${error && html`<p role="alert" class="error">${error}</p>`}
      <pre class="trace" role="log" tabindex="0" aria-label="Log lines" data-testid="log-lines">${lines === undefined ? "Loading…" : lines.length === 0 ? "(no lines at this level)" : text}</pre>
    </section>
  `;
}
