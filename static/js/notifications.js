// Live notification badge: the page's notifications card follows the user's WebSocket stream
// (/api/v1/ws, signed in by the session cookie). Each `notification` message updates the unread
// count and adds the notification on top of the list; a dropped socket reconnects with backoff.
(function () {
  "use strict";
  const card = document.querySelector("[data-live-notifications]");
  if (!card || !("WebSocket" in window)) return;
  const badge = card.querySelector("[data-notification-badge]");
  const feed = card.querySelector("[data-notification-feed]");
  const empty = card.querySelector("[data-notification-empty]");
  const MAX_ITEMS = 8;
  let delay = 1000;

  function show(data) {
    badge.textContent = data.unread_count + " unread";
    badge.hidden = false;
    card.setAttribute("data-unread", String(data.unread_count));
    const item = document.createElement("li");
    const dot = document.createElement("span");
    dot.className = "dot";
    dot.setAttribute("aria-hidden", "true");
    const text = document.createElement("span");
    const title = document.createElement("strong");
    // The server builds `link` from ids (a path on this site); anything else stays plain text.
    if (typeof data.link === "string" && data.link.startsWith("/") && !data.link.startsWith("//")) {
      const link = document.createElement("a");
      link.href = data.link;
      link.textContent = data.title;
      title.appendChild(link);
    } else {
      title.textContent = data.title;
    }
    text.appendChild(title);
    if (data.message && data.message !== data.title) {
      const message = document.createElement("span");
      message.className = "muted";
      message.textContent = data.message.length > 120 ? data.message.slice(0, 119) + "…" : data.message;
      text.appendChild(document.createElement("br"));
      text.appendChild(message);
    }
    const time = document.createElement("time");
    time.setAttribute("datetime", data.created_at);
    time.textContent = "just now";
    item.append(dot, text, time);
    feed.prepend(item);
    while (feed.children.length > MAX_ITEMS) feed.lastElementChild.remove();
    feed.hidden = false;
    if (empty) empty.hidden = true;
  }

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(scheme + "//" + window.location.host + "/api/v1/ws");
    socket.addEventListener("open", function () {
      delay = 1000;
      card.setAttribute("data-live", "connected");
    });
    socket.addEventListener("message", function (event) {
      const message = JSON.parse(event.data);
      if (message.type === "notification") show(message.data);
    });
    socket.addEventListener("close", function () {
      card.setAttribute("data-live", "disconnected");
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }

  connect();
})();
