import { useEffect, useState } from "preact/hooks";
import { api, when } from "./api.js";
import { html } from "./html.js";

const SCOPES = [
  ["messages:send", "send and cancel messages"],
  ["messages:read", "read message states, the modem"],
  ["inbox:read", "read received messages"],
  ["optouts:write", "change the opt-out list"],
  ["metrics:read", "read /metrics and health"],
  ["ussd", "USSD codes and the balance"],
  ["admin", "everything, incl. tokens"],
];

export function Tokens() {
  const [tokens, setTokens] = useState(undefined);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState(["messages:send"]);
  const [created, setCreated] = useState(undefined);
  const [confirming, setConfirming] = useState(undefined);
  const [error, setError] = useState("");
  const load = () =>
    api("GET", "/api/v1/tokens").then(
      (r) => setTokens(r.tokens),
      (err) => setError(err.message),
    );
  useEffect(() => {
    void load();
  }, []);
  const create = async (e) => {
    e.preventDefault();
    setError("");
    try {
      const r = await api("POST", "/api/v1/tokens", { name, scopes });
      setCreated(r);
      setName("");
      await load();
    } catch (err) {
      setError(err.fields?.map((f) => f.message).join("; ") || err.message);
    }
  };
  const revoke = async (id) => {
    setError("");
    try {
      await api("DELETE", `/api/v1/tokens/${encodeURIComponent(id)}`);
      setConfirming(undefined);
      await load();
    } catch (err) {
      setError(err.message);
    }
  };
  const toggle = (s, on) => setScopes(on ? [...scopes, s] : scopes.filter((x) => x !== s));
  return html`
    <h1 tabindex="-1">API tokens</h1>
    <p>Programs use a token with <code>Authorization: Bearer …</code> on <code>/api/v1</code>. Only a hash is kept: a token is shown once, when it is made.</p>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${
      created &&
      html`<section class="card created" role="status">
      <h2>Token "${created.name}" made</h2>
      <p>Copy it now: it is not shown again.</p>
      <input class="mono" readonly aria-label="The new token" value=${created.token} data-testid="new-token" onFocus=${(e) => e.currentTarget.select()} />
      <div class="actions">
        <button class="secondary" onClick=${() => navigator.clipboard?.writeText(created.token)}>Copy</button>
        <button class="secondary" onClick=${() => setCreated(undefined)}>Done</button>
      </div>
    </section>`
    }
    <form class="card stack" onSubmit=${create}>
      <h2>New token</h2>
      <label for="tname">Name <span class="hint">(who uses it, e.g. "shop")</span></label>
      <input id="tname" required maxlength="100" value=${name} onInput=${(e) => setName(e.currentTarget.value)} />
      <fieldset>
        <legend>Scopes</legend>
        ${SCOPES.map(
          ([s, what]) =>
            html`<label class="check"><input type="checkbox" checked=${scopes.includes(s)} onChange=${(e) => toggle(s, e.currentTarget.checked)} /> <code>${s}</code> <span class="hint">${what}</span></label>`,
        )}
      </fieldset>
      <button type="submit">Make token</button>
    </form>
    <section class="card" aria-labelledby="tl">
      <h2 id="tl">Tokens</h2>
      ${
        tokens === undefined
          ? html`<p class="loading">Loading…</p>`
          : tokens.length === 0
            ? html`<p>No tokens.</p>`
            : html`<ul class="list">
            ${tokens.map(
              (t) => html`<li class="row token" data-testid="token-row">
                <span class="who">${t.name}</span>
                <span>${t.scopes.map((s) => html`<code class="chip">${s}</code> `)}</span>
                <span class="hint">made ${when(t.createdAt)}</span>
                ${
                  confirming === t.id
                    ? html`<span class="actions"><button class="danger" onClick=${() => revoke(t.id)}>Revoke "${t.name}" now</button><button class="secondary" onClick=${() => setConfirming(undefined)}>Keep</button></span>`
                    : html`<button class="secondary" onClick=${() => setConfirming(t.id)} aria-label=${`Revoke ${t.name}`}>Revoke</button>`
                }
              </li>`,
            )}
          </ul>`
      }
    </section>
  `;
}
