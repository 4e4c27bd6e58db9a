import { useEffect, useState } from "preact/hooks";
import { api, onEvent, when } from "./api.js";
import { Doors, RecentModemStates, RecentProblems } from "./dashboard-extras.js";
import { html } from "./html.js";

// 2G and 3G networks (the modem names them as 27.007 does) are being switched off in many
// countries: a modem on them may go silent.
const OLD_NETWORKS = /^(GSM|UTRAN|EDGE|HSDPA|HSUPA|HSPA)/;

/** Four bars from the dBm the modem reports (−113 … −51). */
function bars(dbm) {
  if (dbm === null || dbm === undefined) return 0;
  if (dbm >= -73) return 4;
  if (dbm >= -83) return 3;
  if (dbm >= -93) return 2;
  if (dbm >= -109) return 1;
  return 0;
}

function Signal({ signal }) {
  if (signal === null) return html`<span>unknown</span>`;
  const n = bars(signal.dbm);
  return html`<span class="signal" aria-label=${`${n} of 4 bars, ${signal.dbm} dBm`}>
    ${[1, 2, 3, 4].map((i) => html`<span class=${`bar b${i} ${i <= n ? "on" : ""}`} aria-hidden="true"></span>`)}
    <span>${signal.dbm} dBm</span>
  </span>`;
}

const CHECK_NAMES = {
  "modem:ready": "Modem",
  "modem:signal": "Signal",
  "queue:oldest": "Oldest waiting message",
  "messages:failed": "Failed in the last hour",
  "store:writable": "Store",
  "mqtt:connected": "MQTT broker",
  "sim:storage": "SIM storage",
  "host:undervoltage": "Power supply",
};

export function Dashboard() {
  const [modem, setModem] = useState(undefined);
  const [health, setHealth] = useState(undefined);
  const [queue, setQueue] = useState(undefined);
  const [error, setError] = useState("");
  const loadQueue = async () => {
    const q = await api("GET", "/api/v1/messages?status=queued,sending&limit=100");
    setQueue(q.messages);
  };
  const load = async () => {
    try {
      const [m, h] = await Promise.all([
        api("GET", "/api/v1/modem"),
        api("GET", "/api/v1/health", undefined, [503]),
        loadQueue(),
      ]);
      setModem(m);
      setHealth(h);
      setError("");
    } catch (err) {
      setError(err.message);
    }
  };
  useEffect(() => {
    void load();
    const stops = [
      onEvent("modem", (m) => {
        setModem(m);
        api("GET", "/api/v1/health", undefined, [503]).then(setHealth, () => {});
      }),
      onEvent("outbound", () => loadQueue().catch(() => {})),
    ];
    return () => {
      for (const s of stops) s();
    };
  }, []);
  const under = health?.checks?.["host:undervoltage"];
  const oldNet = modem?.accessTechnology && OLD_NETWORKS.test(modem.accessTechnology);
  return html`
    <h1 tabindex="-1">Dashboard</h1>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${under && under.status !== "pass" && html`<p role="alert" class="banner warn">Under-voltage: the power supply is too weak. The modem may reset while sending; use a 2.5 A (Pi 3) or 3 A supply.</p>`}
    ${
      modem === undefined
        ? html`<p class="loading">Loading…</p>`
        : html`
      <div class="grid">
        <section class="card" aria-labelledby="modem-h">
          <h2 id="modem-h">Modem</h2>
          <dl class="facts">
            <dt>State</dt><dd><span class=${`chip ${modem.available ? "ok" : "bad"}`} data-testid="modem-state">${modem.state}</span>${modem.reason ? html` <span class="hint">${modem.reason}</span>` : ""}</dd>
            <dt>Signal</dt><dd><${Signal} signal=${modem.signal} /></dd>
            <dt>Operator</dt><dd>${modem.operator ?? "unknown"}</dd>
            <dt>Network</dt><dd>${modem.accessTechnology ?? "unknown"}${oldNet ? html` <span class="chip warn" title="Operators are switching 2G/3G off">2G/3G sunset: check LTE coverage</span>` : ""}</dd>
            <dt>Registration</dt><dd>${modem.registration ?? "unknown"}</dd>
            <dt>SIM storage</dt><dd>${modem.storage ? `${modem.storage.used} of ${modem.storage.total} used` : "unknown"}</dd>
            <dt>Model</dt><dd>${[modem.manufacturer, modem.model].filter(Boolean).join(" ") || "unknown"}</dd>
            ${modem.balance ? html`<dt>Balance</dt><dd>${modem.balance.amount ?? ""} ${modem.balance.currency ?? ""} <span class="hint">${when(modem.balance.at)}</span></dd>` : ""}
          </dl>
        </section>
        <section class="card" aria-labelledby="queue-h">
          <h2 id="queue-h">Queue</h2>
          <p class="big" data-testid="queue-depth">${queue === undefined ? "…" : queue.length}<span class="hint"> waiting</span></p>
          <p><a href="#/messages">Outbox and sent messages</a> · <a href="#/compose">Compose</a></p>
        </section>
        <section class="card" aria-labelledby="health-h">
          <h2 id="health-h">Health <span class=${`chip ${health?.status === "pass" ? "ok" : health?.status === "warn" ? "warn" : "bad"}`}>${health?.status ?? "…"}</span></h2>
          <ul class="checks">
            ${Object.entries(health?.checks ?? {}).map(
              ([name, c]) => html`<li>
                <span class=${`dot ${c.status}`} aria-hidden="true"></span>
                <span>${CHECK_NAMES[name] ?? name}: <strong>${String(c.observedValue ?? "unknown")}</strong> ${c.observedUnit === "boolean" || c.observedUnit === "state" ? "" : c.observedUnit}</span>
                <span class="sr-only">${c.status}</span>
              </li>`,
            )}
          </ul>
        </section>
        <${Doors} health=${health} />
        <${RecentProblems} />
        <${RecentModemStates} />
      </div>`
    }
  `;
}
