import { useEffect, useState } from "preact/hooks";
import { api, onEvent } from "./api.js";
import { html } from "./html.js";

/** Backup and restore, restarting the modem, rebooting the host: each change asks first. */
export function System() {
  const [modem, setModem] = useState(undefined);
  const [note, setNote] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api("GET", "/api/v1/modem").then(setModem, (err) => setError(err.message));
    return onEvent("modem", setModem);
  }, []);
  const act = async (question, run) => {
    if (!confirm(question)) return;
    setBusy(true);
    setError("");
    setNote("");
    try {
      setNote(await run());
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const restartModem = () =>
    act("Restart the modem now? Sending and receiving stop until it is ready again.", async () => {
      const r = await api("POST", "/api/v1/modem/restart");
      setModem((m) => ({ ...m, state: r.state, reason: r.reason }));
      return "The modem is restarting.";
    });
  const reboot = () =>
    act("Reboot the whole device now? The web UI is gone until it is back.", async () => {
      await api("POST", "/api/v1/system/reboot");
      return "Rebooting. Reload this page in a minute or two.";
    });
  const restore = async (e) => {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = "";
    if (file === undefined) return;
    let backup;
    try {
      backup = JSON.parse(await file.text());
    } catch {
      setError(`${file.name} is not an smsgw backup (not JSON).`);
      return;
    }
    await act(
      `Restore ${file.name}? Its config file and store files replace the current ones; restart the gateway right after.`,
      async () => {
        const r = await api("POST", "/api/v1/system/restore", backup);
        return `Restored ${r.store.length} store file(s)${r.config ? " and the config file" : ""}. Restart the gateway now (sudo systemctl restart smsgw, or reboot below): until then it may overwrite what was restored.`;
      },
    );
  };
  return html`
    <h1 tabindex="-1">System</h1>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${note && html`<p role="status" class="banner" data-testid="system-note">${note}</p>`}
    <section class="card stack" aria-labelledby="backup-h">
      <h2 id="backup-h">Backup</h2>
      <p class="hint">One file with the config file and the store directory: every SMS, the API token hashes and the config's passwords. Keep it somewhere safe.</p>
      <a class="button" href="/api/v1/system/backup" download>Download backup</a>
      <label for="restore-file">Restore from a backup file</label>
      <input id="restore-file" type="file" accept=".json,application/json" disabled=${busy} onChange=${restore} />
    </section>
    <section class="card stack" aria-labelledby="modem-h">
      <h2 id="modem-h">Modem</h2>
      <p>State: <span class=${`chip ${modem?.state === "ready" ? "ok" : "warn"}`} data-testid="system-modem-state">${modem?.state ?? "…"}</span> <span class="hint">${modem?.reason ?? ""}</span></p>
      <button class="secondary" disabled=${busy} onClick=${restartModem}>Restart modem</button>
    </section>
    <section class="card stack" aria-labelledby="reboot-h">
      <h2 id="reboot-h">Device</h2>
      <p class="hint">Reboots the Raspberry Pi (only when smsgw runs as the SD image's system service).</p>
      <button class="danger" disabled=${busy} onClick=${reboot}>Reboot device</button>
    </section>
  `;
}
