import { useEffect, useState } from "preact/hooks";
import { api, onEvent, when } from "./api.js";
import { outcomeWords } from "./command-outcome.js";
import { html } from "./html.js";

/** Messages grouped by sender, the newest conversation first. */
function threadsOf(messages) {
  const byFrom = new Map();
  for (const m of messages) {
    const list = byFrom.get(m.from) ?? [];
    list.push(m);
    byFrom.set(m.from, list);
  }
  return [...byFrom.entries()];
}

export function Inbox() {
  const [messages, setMessages] = useState(undefined);
  const [error, setError] = useState("");
  const load = () =>
    api("GET", "/api/v1/inbox?limit=100").then(
      (r) => {
        setMessages(r.messages);
        setError("");
      },
      (err) => setError(err.message),
    );
  useEffect(() => {
    void load();
    // Whether a message was a command is known once the automation judged it: look twice.
    return onEvent("inbound", () => {
      void load();
      setTimeout(load, 1500);
    });
  }, []);
  return html`
    <h1 tabindex="-1">Inbox</h1>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${
      messages === undefined
        ? html`<p class="loading">Loading…</p>`
        : messages.length === 0
          ? html`<p>Nothing received yet.</p>`
          : threadsOf(messages).map(
              ([from, list]) => html`
            <section class="card thread" aria-label=${`Conversation with ${from}`}>
              <h2>${from}${list[0].addressType === "alphanumeric" ? html` <span class="chip">sender name</span>` : ""}</h2>
              <ul class="bubbles">
                ${list.map(
                  (m) => html`<li class="bubble" data-testid="inbound">
                    <p class="text">${m.text}</p>
                    <p class="hint">
                      ${when(m.receivedAt)}
                      ${!m.complete && html` <span class="chip warn">incomplete: part${m.missingParts?.length === 1 ? "" : "s"} ${(m.missingParts ?? []).join(", ")} missing</span>`}
                      ${m.optOut && html` <span class="chip">opt-out: ${m.optOut}</span>`}
                      ${m.command && html` <span class="chip info" data-testid="command-badge">command: ${outcomeWords(m.commandOutcome)}</span>`}
                    </p>
                  </li>`,
                )}
              </ul>
              ${list[0].addressType !== "alphanumeric" && html`<a class="button secondary" href=${`#/compose?to=${encodeURIComponent(from)}`}>Reply</a>`}
            </section>`,
            )
    }
  `;
}
