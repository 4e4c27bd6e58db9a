import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { html } from "./html.js";

const SAY = {
  ready: "Ready",
  "pin-required": "Waiting for its PIN",
  "puk-required": "Blocked: it needs its PUK (enter it in a phone)",
  absent: "No SIM card found",
  busy: "Still starting",
};

/** The wizard's SIM step: its state and PIN attempts left; the PIN only while it is safe. */
export function SimStep({ onPin }) {
  const [sim, setSim] = useState(undefined);
  const [pin, setPin] = useState("");
  const [save, setSave] = useState(true);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const read = () => api("GET", "/api/v1/modem/sim").then(setSim, (e) => setError(e.message));
  useEffect(() => {
    void read();
    // The modem enters a PIN in its own time: follow it until the SIM settles.
    const timer = setInterval(read, 2000);
    return () => clearInterval(timer);
  }, []);
  const unlock = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      await api("POST", "/api/v1/modem/sim/pin", { pin });
      onPin(save ? pin : undefined);
    } catch (err) {
      setError(err.fields?.map((f) => f.message).join("; ") || err.message);
    } finally {
      setBusy(false);
    }
  };
  if (sim === undefined) return html`<p>${error || "Reading the SIM…"}</p>`;
  const left = sim.pinAttemptsLeft;
  const safe = sim.sim === "pin-required" && left !== null && left > 1;
  return html`
    <p role="status" data-testid="sim-state">SIM: <strong>${SAY[sim.sim] ?? sim.sim}</strong>${left === null ? "" : ` · ${left} PIN attempts left`}</p>
    ${
      sim.sim === "pin-required" &&
      !safe &&
      html`<p class="error">A wrong PIN now could lock the SIM for good (then its PUK is needed), so the gateway will not try one. Unlock the SIM in a phone first.</p>`
    }
    ${
      safe &&
      html`<form class="stack" onSubmit=${unlock}>
        <label for="sim-pin">SIM PIN <span class="hint">(4 to 8 digits)</span></label>
        <input id="sim-pin" type="password" inputmode="numeric" autocomplete="off" required pattern="[0-9]{4,8}" value=${pin} onInput=${(e) => setPin(e.currentTarget.value)} />
        <label class="check"><input type="checkbox" checked=${save} onChange=${(e) => setSave(e.currentTarget.checked)} /> Save it in the config file, to be entered at every start</label>
        <button type="submit" disabled=${busy}>Unlock the SIM</button>
      </form>`
    }
    ${error && html`<p role="alert" class="error">${error}</p>`}
  `;
}
