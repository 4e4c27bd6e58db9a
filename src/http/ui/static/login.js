import { useState } from "preact/hooks";
import { api } from "./api.js";
import { html } from "./html.js";

/** First visit: there is no default password, so the first page sets one. */
export function Setup({ minLength, onDone }) {
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    if (password !== again) return setError("The two passwords differ.");
    setBusy(true);
    setError("");
    try {
      const r = await api("POST", "/api/v1/session/setup", { password });
      onDone(r.csrf);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`
    <main class="narrow" id="main">
      <h1 tabindex="-1">Welcome to smsgw</h1>
      <p>Choose the admin password for this gateway. There is no default password: until you set one, nobody can log in.</p>
      <form onSubmit=${submit} class="card stack">
        <label for="pw1">New admin password <span class="hint">(at least ${minLength} characters)</span></label>
        <input id="pw1" type="password" autocomplete="new-password" required minlength=${minLength} value=${password} onInput=${(e) => setPassword(e.currentTarget.value)} />
        <label for="pw2">The same password again</label>
        <input id="pw2" type="password" autocomplete="new-password" required value=${again} onInput=${(e) => setAgain(e.currentTarget.value)} />
        ${error && html`<p role="alert" class="error">${error}</p>`}
        <button type="submit" disabled=${busy}>Set password and continue</button>
      </form>
    </main>
  `;
}

export function Login({ onDone }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const r = await api("POST", "/api/v1/session", { password });
      onDone(r.csrf);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`
    <main class="narrow" id="main">
      <h1 tabindex="-1">Log in to smsgw</h1>
      <form onSubmit=${submit} class="card stack">
        <label for="pw">Admin password</label>
        <input id="pw" type="password" autocomplete="current-password" required value=${password} onInput=${(e) => setPassword(e.currentTarget.value)} />
        ${error && html`<p role="alert" class="error">${error}</p>`}
        <button type="submit" disabled=${busy}>Log in</button>
      </form>
    </main>
  `;
}
