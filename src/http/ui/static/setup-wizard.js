import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { html } from "./html.js";
import { SimStep } from "./setup-sim.js";

const LOCAL = "mqtt://127.0.0.1:1883";
const E164 = /^\+[1-9]\d{6,14}$/;
const STEPS = ["SIM card", "MQTT broker", "Home Assistant", "Allowed numbers", "Save"];
/** The part of the change each step makes. */
const KEYS = ["modem", "mqtt", "homeassistant", "allowedNumbers"];
const WORDS = {
  modem: "the SIM PIN",
  mqtt: "the MQTT broker",
  homeassistant: "Home Assistant discovery",
  allowedNumbers: "the allowed numbers",
};

/**
 * After the first password: the keys of smsgw.yaml a new gateway needs, one step each, every
 * step skippable, saved together at the end. Without a config file there is nothing to edit.
 */
export function SetupWizard({ onDone }) {
  const [setup, setSetup] = useState(undefined);
  const [step, setStep] = useState(0);
  const [change, setChange] = useState({});
  const [error, setError] = useState("");
  const [saved, setSaved] = useState(false);
  /** A PIN the SIM was given, to save (when the owner asked to). */
  const [pin, setPin] = useState(undefined);
  useEffect(() => {
    api("GET", "/api/v1/config/setup").then(setSetup, (err) =>
      err.code === "config.no-file" ? onDone() : setError(err.message),
    );
  }, []);
  useEffect(() => {
    document.querySelector("main h1")?.focus();
  }, [step]);
  // A file the gateway cannot read (broken by hand): say why, and let the first visit go on.
  if (setup === undefined)
    return html`<main class="narrow" id="main">
      <h1 tabindex="-1">Setup</h1>
      ${error ? html`<p role="alert" class="error">${error}</p><button type="button" onClick=${onDone}>Continue</button>` : html`<p>Loading…</p>`}
    </main>`;
  /** Next keeps this step's part of the change; Skip drops it. */
  const next = (key, value) => {
    const c = { ...change };
    if (value === undefined) delete c[key];
    else c[key] = value;
    setChange(c);
    setStep(step + 1);
  };
  const save = async () => {
    setError("");
    try {
      setSetup(await api("PATCH", "/api/v1/config/setup", change));
      setSaved(true);
    } catch (err) {
      setError(err.fields?.map((f) => `${f.field}: ${f.message}`).join("; ") || err.message);
    }
  };
  const skip = html`<button type="button" class="secondary" onClick=${() => next(KEYS[step])}>Skip</button>`;
  let body;
  if (step === 0)
    body = html`<${SimStep} onPin=${(pin) => setPin(pin)} />
      <div class="actions"><button type="button" onClick=${() => next("modem", pin && { pin })}>Next</button>${skip}</div>`;
  else if (step === 1)
    body = html`<${MqttStep} setup=${setup} onNext=${(v) => next("mqtt", v)} skip=${skip} />`;
  else if (step === 2)
    body = html`<${HaStep} setup=${setup} onNext=${(v) => next("homeassistant", v)} skip=${skip} />`;
  else if (step === 3)
    body = html`<${NumbersStep} setup=${setup} onNext=${(v) => next("allowedNumbers", v)} skip=${skip} />`;
  else
    body = html`
      <p>${
        Object.keys(change).length === 0
          ? "Nothing to change: every step was skipped."
          : `Writes ${Object.keys(change)
              .map((k) => WORDS[k])
              .join(", ")} into ${setup.file}, keeping its comments and other settings.`
      }</p>
      ${saved && html`<p role="status" data-testid="saved">Saved. Restart the gateway to apply it (<code>sudo systemctl restart smsgw</code>).</p>`}
      ${error && html`<p role="alert" class="error">${error}</p>`}
      <div class="actions">
        ${!saved && Object.keys(change).length > 0 && html`<button type="button" onClick=${save}>Save to the config file</button>`}
        <button type="button" class="secondary" onClick=${onDone}>Continue</button>
      </div>`;
  return html`
    <main class="narrow" id="main">
      <h1 tabindex="-1">Setup ${step + 1} of ${STEPS.length}: ${STEPS[step]}</h1>
      <div class="card stack">${body}</div>
    </main>
  `;
}

function MqttStep({ setup, onNext, skip }) {
  const [local, setLocal] = useState(setup.mqtt.url === LOCAL);
  const [url, setUrl] = useState(setup.mqtt.url === LOCAL ? "" : setup.mqtt.url);
  const [username, setUsername] = useState(setup.mqtt.username ?? "");
  const [password, setPassword] = useState("");
  const [result, setResult] = useState(undefined);
  const chosen = () => {
    const m = { url: local ? LOCAL : url };
    if (!local && username !== "") m.username = username;
    if (!local && password !== "") m.password = password;
    return m;
  };
  const test = async () => {
    setResult({ ok: undefined });
    try {
      setResult(await api("POST", "/api/v1/config/mqtt-test", chosen()));
    } catch (err) {
      setResult({ ok: false, error: err.message });
    }
  };
  return html`
    <fieldset>
      <legend>Which broker?</legend>
      <label class="check"><input type="radio" name="broker" checked=${local} onChange=${() => setLocal(true)} /> The broker on this gateway (${LOCAL})</label>
      <label class="check"><input type="radio" name="broker" checked=${!local} onChange=${() => setLocal(false)} /> Another broker</label>
    </fieldset>
    ${
      !local &&
      html`<label for="mq-url">Broker URL <span class="hint">(mqtt://host:1883 or mqtts://host:8883)</span></label>
        <input id="mq-url" type="url" value=${url} onInput=${(e) => setUrl(e.currentTarget.value)} />
        <label for="mq-user">User name <span class="hint">(optional)</span></label>
        <input id="mq-user" autocomplete="off" value=${username} onInput=${(e) => setUsername(e.currentTarget.value)} />
        <label for="mq-pw">Password <span class="hint">(optional${setup.mqtt.passwordSet ? "; empty keeps the saved one" : ""})</span></label>
        <input id="mq-pw" type="password" autocomplete="off" value=${password} onInput=${(e) => setPassword(e.currentTarget.value)} />`
    }
    ${
      result !== undefined &&
      html`<p role="status" data-testid="mqtt-test">${result.ok === undefined ? "Connecting…" : result.ok ? "Connected: the broker accepted the gateway." : `Failed: ${result.error}`}</p>`
    }
    <div class="actions">
      <button type="button" class="secondary" onClick=${test}>Test connection</button>
      <button type="button" onClick=${() => onNext(chosen())}>Next</button>
      ${skip}
    </div>
  `;
}

function HaStep({ setup, onNext, skip }) {
  const [on, setOn] = useState(setup.homeassistant.enabled);
  return html`
    <p>Home Assistant finds the gateway (modem sensors, a notify entity per contact) through MQTT discovery.</p>
    <label class="check"><input type="checkbox" checked=${on} onChange=${(e) => setOn(e.currentTarget.checked)} /> Publish Home Assistant discovery</label>
    <div class="actions"><button type="button" onClick=${() => onNext({ enabled: on })}>Next</button>${skip}</div>
  `;
}

function NumbersStep({ setup, onNext, skip }) {
  const [list, setList] = useState(setup.allowedNumbers);
  const [number, setNumber] = useState("");
  const [error, setError] = useState("");
  const add = (e) => {
    e.preventDefault();
    const n = number.replace(/[\s()-]/g, "");
    if (!E164.test(n))
      return setError("Write the number in international form, e.g. +491701234567.");
    setError("");
    if (!list.includes(n)) setList([...list, n]);
    setNumber("");
  };
  return html`
    <p>Phones allowed to control the gateway by SMS. Commands marked secret still need a code, set up in the config file.</p>
    <ul data-testid="allowed-numbers">
      ${list.map((n) => html`<li>${n} <button type="button" class="secondary" aria-label=${`Remove ${n}`} onClick=${() => setList(list.filter((x) => x !== n))}>Remove</button></li>`)}
    </ul>
    <form class="stack" onSubmit=${add}>
      <label for="allow-number">Number to allow</label>
      <input id="allow-number" type="tel" value=${number} onInput=${(e) => setNumber(e.currentTarget.value)} />
      ${error && html`<p role="alert" class="error">${error}</p>`}
      <button type="submit" class="secondary">Add</button>
    </form>
    <div class="actions"><button type="button" onClick=${() => onNext(list)}>Next</button>${skip}</div>
  `;
}
