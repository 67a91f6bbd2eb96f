// Meridian status page: polls this node's JSON API and draws it. Everything comes from the admin server that served
// the page (its Content-Security-Policy allows nothing else). A token typed by the operator lives in this variable
// only: never in storage, cookies or the address, so closing or reloading the page forgets it.
"use strict";

const POLL_MS = 2000;
const SVG = "http://www.w3.org/2000/svg";
let token = null;
let timer = null;

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    node.setAttribute(name, value);
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

async function api(method, path, body) {
  const headers = {};
  if (token) {
    headers.Authorization = "Bearer " + token;
  }
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store", credentials: "omit",
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = { error: "not JSON", detail: text.slice(0, 200) };
  }
  return { status: response.status, json };
}

function problem(text) {
  const p = document.getElementById("problem");
  p.textContent = text || "";
  p.hidden = !text;
}

// The outcome of the operator's last action: kept until the next one, unlike problem(), which each refresh clears.
function notice(text, refused) {
  const p = document.getElementById("action");
  p.textContent = text;
  p.className = "notice" + (refused ? " refused" : "");
  p.hidden = false;
}

// What a region is, from its endpoints' states: operators' drains first, then what health says.
function regionState(endpoints) {
  if (endpoints.length === 0) {
    return "unknown";
  }
  const live = endpoints.filter(e => !["draining", "drained"].includes(e.state));
  if (live.length === 0) {
    return endpoints.every(e => e.state === "drained") ? "drained" : "draining";
  }
  const serving = live.filter(e => ["up", "ramping", "forced-up"].includes(e.state)).length;
  const down = live.filter(e => ["down", "forced-down"].includes(e.state)).length;
  if (serving === live.length) {
    return "up";
  }
  if (serving === 0) {
    return down > 0 ? "down" : "unknown";
  }
  return "partial";
}

function voteText(vote) {
  let text = vote.vantage + ": " + vote.status;
  if (vote.rttMillis !== undefined) {
    text += " " + vote.rttMillis.toFixed(1) + " ms";
  }
  return text + ", " + vote.ageSeconds.toFixed(0) + " s ago";
}

function drainButton(region, endpoints) {
  const drained = endpoints.some(e => e.state === "draining" || e.state === "drained");
  const button = el("button", { type: "button", "data-action": drained ? "undrain" : "drain" },
    drained ? "Undrain" : "Drain");
  button.disabled = !token;
  button.title = token ? "needs a read-write token" : "type a read-write token above to drain";
  button.addEventListener("click", async () => {
    const verb = drained ? "undrain" : "drain";
    if (!window.confirm(verb + " region " + region + "?")) {
      return;
    }
    const result = await api(drained ? "DELETE" : "POST", "/api/v1/regions/" + encodeURIComponent(region) + "/drain");
    notice(result.status >= 300 ? verb + " " + region + " refused: " + result.json.error + ": " + result.json.detail
      : verb + " " + region + ": done", result.status >= 300);
    refresh();
  });
  return button;
}

function renderRegions(status) {
  const byRegion = new Map(status.regions.map(r => [r.name, []]));
  for (const e of status.endpoints) {
    if (!byRegion.has(e.region)) {
      byRegion.set(e.region, []);
    }
    byRegion.get(e.region).push(e);
  }
  const markers = document.getElementById("markers");
  const cards = document.getElementById("regions");
  markers.replaceChildren();
  cards.replaceChildren();
  const placed = new Map(status.regions.filter(r => r.latitude !== undefined).map(r => [r.name, r]));
  for (const [name, endpoints] of byRegion) {
    const state = regionState(endpoints);
    const where = placed.get(name);
    if (where) {
      const marker = document.createElementNS(SVG, "g");
      marker.setAttribute("class", "marker");
      marker.setAttribute("data-region", name);
      marker.setAttribute("data-state", state);
      const x = where.longitude + 180;
      const y = 90 - where.latitude;
      const dot = document.createElementNS(SVG, "circle");
      dot.setAttribute("cx", x);
      dot.setAttribute("cy", y);
      dot.setAttribute("r", 3);
      dot.setAttribute("class", state === "draining" ? "drained" : state);
      const title = document.createElementNS(SVG, "title");
      title.textContent = name + ": " + state;
      dot.append(title);
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("x", x + 4);
      label.setAttribute("y", y + 1.5);
      label.textContent = name;
      marker.append(dot, label);
      markers.append(marker);
    }
    const rows = endpoints.map(e => el("tr", { "data-endpoint": e.id, "data-state": e.state },
      el("td", {}, e.id), el("td", { class: "state" }, e.state),
      el("td", {}, e.weight === e.configuredWeight ? "weight " + e.weight
        : "weight " + e.weight + " (configured " + e.configuredWeight + ")"),
      el("td", { class: "votes" }, (e.votes || []).map(voteText).join("; ") || "no vantage reports")));
    cards.append(el("div", { class: "region", "data-region": name, "data-state": state },
      el("h3", {}, name, el("span", { class: "state" }, state),
        where ? "" : el("span", { class: "muted" }, "not on the map: no coordinates"), drainButton(name, endpoints)),
      el("table", {}, el("tbody", {}, ...rows))));
  }
}

function renderNode(node) {
  document.getElementById("node").textContent = node.identity + " · configuration " + node.configuration.short
    + " · health " + node.health.state + " (" + node.health.down + " of " + node.health.endpoints + " down)"
    + (node.anycast ? " · anycast " + node.anycast.state + ": " + node.anycast.reason : "");
  document.getElementById("vantages").textContent = "Vantages heard by this node: " + (node.vantages.map(v =>
    v.vantage + " (" + v.ageSeconds.toFixed(0) + " s ago)").join(", ") || "none");
  document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
}

function renderCluster(cluster) {
  const badge = document.getElementById("agree");
  badge.textContent = cluster.agree ? "nodes agree" : "nodes disagree";
  badge.className = "badge " + (cluster.agree ? "agree" : "disagree");
  document.querySelector("#cluster tbody").replaceChildren(...cluster.nodes.map(n => el("tr", {},
    el("td", {}, n.identity), el("td", {}, String(n.configuration).slice(0, 12)),
    el("td", {}, String(n.health.digest).slice(0, 12)),
    el("td", {}, n.health.state + (n.health.down ? ", " + n.health.down + " down" : "")),
    el("td", {}, n.lastReload ? n.lastReload.outcome : ""),
    el("td", {}, n.at ? new Date(n.at).toLocaleTimeString() : ""))));
}

// Each signed zone's keys with their state now, and the DS records the parent should hold; hidden when nothing is
// signed.
function renderDnssec(zones) {
  document.getElementById("dnssec-section").hidden = zones.length === 0;
  document.querySelector("#dnssec tbody").replaceChildren(...zones.flatMap(z => z.keys.map(k => el("tr",
    { "data-zone": z.zone, "data-tag": k.tag, "data-state": k.state },
    el("td", {}, z.zone), el("td", {}, k.tag), el("td", {}, k.role), el("td", {}, k.algorithm),
    el("td", { class: "state" }, k.state), el("td", {}, k.activate || ""), el("td", {}, k.inactive || ""),
    el("td", {}, k.delete || "")))));
  document.getElementById("ds").textContent = zones.flatMap(z => z.ds).join("\n");
}

function renderEvents(events) {
  document.querySelector("#events tbody").replaceChildren(...events.map(e => el("tr", { "data-to": e.to },
    el("td", {}, new Date(e.at).toLocaleString()), el("td", {}, e.subject),
    el("td", { class: "state" }, e.from + " → " + e.to), el("td", {}, e.downVantages.join(", ")),
    el("td", {}, e.reason))));
}

async function refresh() {
  clearTimeout(timer);
  try {
    const status = await api("GET", "/api/v1/status");
    if (status.status === 401 || status.status === 403) {
      problem(token ? "This token is not accepted: " + status.json.detail
        : "This node needs a token to read its status: type a read-only or read-write admin token above.");
      return;
    }
    if (status.status !== 200) {
      problem("status: " + status.status + " " + (status.json ? status.json.detail : ""));
      return;
    }
    renderNode(status.json.node);
    renderRegions(status.json.node);
    renderCluster(status.json.cluster);
    renderDnssec(status.json.node.dnssec || []);
    const events = await api("GET", "/api/v1/events?limit=20");
    if (events.status === 200) {
      renderEvents(events.json.events);
    }
    problem("");
    document.body.setAttribute("data-loaded", "true");
  } catch (e) {
    problem("The node does not answer: " + e.message);
  } finally {
    // A refresh started while another was waiting ends here too: keep one timer, not one per refresh.
    clearTimeout(timer);
    timer = setTimeout(refresh, POLL_MS);
  }
}

function useToken(value) {
  token = value || null;
  document.getElementById("token").value = "";
  document.getElementById("access").textContent = token ? "token in use" : "no token";
  refresh();
}

document.getElementById("token-form").addEventListener("submit", event => {
  event.preventDefault();
  useToken(document.getElementById("token").value.trim());
});
document.getElementById("forget").addEventListener("click", () => useToken(null));

document.getElementById("explain-form").addEventListener("submit", async event => {
  event.preventDefault();
  const form = new FormData(event.target);
  const query = new URLSearchParams();
  for (const [key, value] of form) {
    if (String(value).trim()) {
      query.set(key, String(value).trim());
    }
  }
  const result = await api("GET", "/api/v1/explain?" + query);
  document.getElementById("explanation").textContent = JSON.stringify(result.json, null, 2);
});

refresh();
