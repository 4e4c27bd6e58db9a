import { useState } from "preact/hooks";
import { api } from "./api.js";
import { html } from "./html.js";

/** One AT command to the modem (when http.ui.atConsole is on); PIN and lock commands refused. */
export function AtConsole() {
  const [command, setCommand] = useState("AT+CSQ");
  const [answers, setAnswers] = useState([]);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const send = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const r = await api("POST", "/api/v1/modem/at", { command });
      setAnswers(
        [...answers, `> ${r.command}`, ...r.lines, r.final || "(no final result)"].slice(-200),
      );
    } catch (err) {
      setError(
        err.code === "http.at-console-off"
          ? "The AT console is off. Set http.ui.atConsole: true in the config file and restart the gateway to use it."
          : err.message,
      );
    } finally {
      setBusy(false);
    }
  };
  return html`
    <form class="card stack" onSubmit=${send} aria-labelledby="at-h">
      <h2 id="at-h">AT console <span class="hint">(raw commands reach the modem as they are: each is logged)</span></h2>
      <label for="at-cmd">Command</label>
      <input id="at-cmd" class="mono" autocomplete="off" spellcheck="false" required value=${command} onInput=${(e) => setCommand(e.currentTarget.value)} />
      <button type="submit" disabled=${busy}>Send</button>
      ${error && html`<p role="alert" class="error">${error}</p>`}
      <pre class="trace" role="log" tabindex="0" aria-label="AT console answers" data-testid="at-console">${answers.join("\n")}</pre>
    </form>
  `;
}
