import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, setCsrf, startEvents, stopEvents, whenLoggedOut } from "./api.js";
import { Automation } from "./automation.js";
import { Compose } from "./compose.js";
import { Dashboard } from "./dashboard.js";
import { Diagnostics } from "./diagnostics.js";
import { html } from "./html.js";
import { Inbox } from "./inbox.js";
import { Login, Setup } from "./login.js";
import { MessageDetail, Messages } from "./messages.js";
import { SetupWizard } from "./setup-wizard.js";
import { System } from "./system.js";
import { TestSms } from "./test-sms.js";
import { Tokens } from "./tokens.js";
import { Ussd } from "./ussd.js";
import { Webhooks } from "./webhooks.js";

const PAGES = [
  { path: "dashboard", title: "Dashboard" },
  { path: "compose", title: "Compose" },
  { path: "messages", title: "Outbox & sent" },
  { path: "inbox", title: "Inbox" },
  { path: "ussd", title: "USSD" },
  { path: "tokens", title: "API tokens" },
  { path: "automation", title: "Automation" },
  { path: "webhooks", title: "Webhooks" },
  { path: "diagnostics", title: "Diagnostics" },
  { path: "system", title: "System" },
];

/** `#/messages/abc` → { page: "messages", arg: "abc", query }. */
function route() {
  const [path, query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [page = "dashboard", ...rest] = path.split("/");
  return {
    page,
    arg: rest.length > 0 ? decodeURIComponent(rest.join("/")) : undefined,
    query: new URLSearchParams(query),
  };
}

function Page({ r }) {
  switch (r.page) {
    case "compose":
      return html`<${Compose} to=${r.query.get("to") ?? ""} />`;
    case "messages":
      return r.arg === undefined ? html`<${Messages} />` : html`<${MessageDetail} id=${r.arg} />`;
    case "inbox":
      return html`<${Inbox} />`;
    case "ussd":
      return html`<${Ussd} />`;
    case "tokens":
      return html`<${Tokens} />`;
    case "automation":
      return html`<${Automation} />`;
    case "webhooks":
      return html`<${Webhooks} />`;
    case "diagnostics":
      return html`<${Diagnostics} />`;
    case "system":
      return html`<${System} />`;
    default:
      return html`<${Dashboard} />`;
  }
}

function Shell({ onLogout }) {
  const [r, setRoute] = useState(route());
  const [live, setLive] = useState("connecting");
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    const changed = () => {
      setRoute(route());
      setMenuOpen(false);
    };
    addEventListener("hashchange", changed);
    startEvents(setLive);
    return () => {
      removeEventListener("hashchange", changed);
      stopEvents();
    };
  }, []);
  useEffect(() => {
    const title = PAGES.find((p) => p.path === r.page)?.title ?? "Dashboard";
    document.title = `${title} · smsgw`;
    document.querySelector("main h1")?.focus();
  }, [r.page, r.arg]);
  const logout = async () => {
    try {
      await api("DELETE", "/api/v1/session");
    } finally {
      onLogout();
    }
  };
  return html`
    <a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <span class="brand">smsgw</span>
      <button class="menu-toggle" aria-expanded=${menuOpen} aria-controls="nav" onClick=${() => setMenuOpen(!menuOpen)}>Menu</button>
      <nav id="nav" aria-label="Pages" class=${menuOpen ? "open" : ""}>
        <ul>
          ${PAGES.map(
            (p) =>
              html`<li><a href=${`#/${p.path}`} aria-current=${r.page === p.path || (r.page === "" && p.path === "dashboard") ? "page" : undefined}>${p.title}</a></li>`,
          )}
        </ul>
      </nav>
      <span class=${`live ${live}`} role="status" title="Live updates">${live === "live" ? "● live" : `○ ${live}`}</span>
      <button class="secondary" onClick=${logout}>Log out</button>
    </header>
    <main id="main"><${Page} r=${r} /></main>
  `;
}

function App() {
  const [state, setState] = useState(undefined);
  const load = async () => {
    try {
      const s = await api("GET", "/api/v1/session");
      setCsrf(s.csrf);
      setState(s);
    } catch (err) {
      setState({ error: err.message });
    }
  };
  useEffect(() => {
    whenLoggedOut(() => setState((s) => (s === undefined ? s : { ...s, authenticated: false })));
    void load();
  }, []);
  if (state === undefined) return html`<p class="loading">Loading…</p>`;
  if (state.error !== undefined)
    return html`<main class="narrow"><h1>smsgw</h1><p role="alert" class="error">${state.error}</p></main>`;
  const loggedIn = (csrf) => {
    setCsrf(csrf);
    setState({ ...state, passwordSet: true, authenticated: true, csrf });
  };
  if (!state.passwordSet)
    return html`<${Setup}
      minLength=${state.minPasswordLength}
      onDone=${(csrf) => {
        setCsrf(csrf);
        setState({ ...state, passwordSet: true, authenticated: true, csrf, wizard: "config" });
      }}
    />`;
  // Right after the first password: the config file's keys, then a test SMS (all skippable).
  if (state.wizard === "config" && state.authenticated)
    return html`<${SetupWizard} onDone=${() => setState({ ...state, wizard: "sms" })} />`;
  if (state.wizard === "sms" && state.authenticated)
    return html`<${TestSms} onDone=${() => setState({ ...state, wizard: false })} />`;
  if (!state.authenticated) return html`<${Login} onDone=${loggedIn} />`;
  return html`<${Shell} onLogout=${() => setState({ ...state, authenticated: false })} />`;
}

render(html`<${App} />`, document.getElementById("app"));
