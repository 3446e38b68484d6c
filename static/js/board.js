// Pipeline board: move a card by dragging it to a column or, when focused, with Alt+← / Alt+→.
// Every move is POSTed to the applications API, which records the stage history.
// A move into a final stage (Hired, Rejected) asks first, however it was started.
(function () {
  "use strict";
  const board = document.querySelector("[data-board]");
  if (!board || board.dataset.canMove !== "true") return;
  const columns = Array.from(board.querySelectorAll(".column"));
  const live = document.getElementById("board-status");

  function announce(text) { if (live) live.textContent = text; }

  function updateCounts() {
    columns.forEach(function (column) {
      column.querySelector("[data-count]").textContent = column.querySelectorAll(".app-card").length;
    });
  }

  function isFinal(column) { return column.dataset.kind !== "active"; }
  // An archived stage still shows the cards in it but takes no new ones.
  function isArchived(column) { return column.dataset.archived === "true"; }

  // A rejection needs a reason from the organization's list (and maybe a note): ask in a dialog.
  function askRejection(card) {
    const dialog = document.getElementById("reject-dialog");
    const form = dialog.querySelector("form");
    form.reset();
    dialog.querySelector("[data-reject-name]").textContent = card.dataset.name;
    return new Promise(function (resolve) {
      dialog.addEventListener("close", function () {
        if (dialog.returnValue !== "confirm") return resolve(null);
        const answer = { rejection_reason: form.elements.rejection_reason.value, rejection_note: form.elements.reason.value };
        // Optional: a template of the organization's to e-mail the candidate with the rejection.
        if (form.elements.email_template && form.elements.email_template.value) {
          answer.email_template = Number(form.elements.email_template.value);
        }
        resolve(answer);
      }, { once: true });
      dialog.returnValue = "";
      dialog.showModal();
    });
  }

  // What the move adds to {stage}: a rejection's reason, {} for other moves, null when the user backs out.
  async function confirmMove(card, column) {
    if (column.dataset.kind === "rejected") return askRejection(card);
    if (isFinal(column) && !window.confirm("Move " + card.dataset.name + " to " + column.dataset.stageName + "?")) return null;
    return {};
  }

  function showRejection(card, extra) {
    const old = card.querySelector(".rejection");
    if (old) old.remove();
    if (!extra.rejection_reason) return;
    const select = document.getElementById("reject-reason");
    const line = document.createElement("span");
    line.className = "meta rejection";
    line.style.display = "block";
    line.textContent = "Reason: " + select.options[select.selectedIndex].text +
      (extra.rejection_note ? " — " + extra.rejection_note : "");
    card.querySelector("form").before(line);
  }

  async function move(card, column) {
    const from = card.closest(".column");
    if (from === column || isArchived(column)) return;
    const extra = await confirmMove(card, column);
    if (extra === null) {
      announce(card.dataset.name + " stays in " + from.dataset.stageName + ".");
      card.querySelector("select").value = from.dataset.stage;
      card.focus();
      return;
    }
    const stage = column.dataset.stage;
    const list = column.querySelector("ul");
    list.appendChild(card);
    card.querySelector("select").value = stage;
    updateCounts();
    card.focus();
    const response = await fetch(board.dataset.moveUrl.replace("0", card.dataset.application), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": window.csrfToken(), Accept: "application/json" },
      body: JSON.stringify(Object.assign({ stage: stage }, extra)),
    });
    if (response.ok) {
      announce(card.dataset.name + " moved to " + column.dataset.stageName + ".");
      showRejection(card, extra);
      const entered = card.querySelector("[data-entered-stage]");
      if (entered) entered.textContent = "Entered stage just now";
    } else {
      from.querySelector("ul").appendChild(card);
      card.querySelector("select").value = from.dataset.stage;
      updateCounts();
      const body = await response.json().catch(function () { return {}; });
      announce("Could not move " + card.dataset.name + ": " + (body.detail || response.statusText));
    }
    const empty = board.querySelectorAll(".column-empty");
    empty.forEach(function (node) { node.hidden = node.parentElement.querySelectorAll(".app-card").length > 0; });
  }

  board.addEventListener("dragstart", function (event) {
    const card = event.target.closest(".app-card");
    if (!card) return;
    card.classList.add("dragging");
    event.dataTransfer.setData("text/plain", card.id);
    event.dataTransfer.effectAllowed = "move";
  });
  board.addEventListener("dragend", function (event) {
    const card = event.target.closest(".app-card");
    if (card) card.classList.remove("dragging");
    columns.forEach(function (column) { column.classList.remove("drop-target"); });
  });
  columns.forEach(function (column) {
    column.addEventListener("dragover", function (event) { event.preventDefault(); column.classList.add("drop-target"); });
    column.addEventListener("dragleave", function () { column.classList.remove("drop-target"); });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      column.classList.remove("drop-target");
      const card = document.getElementById(event.dataTransfer.getData("text/plain"));
      if (card) move(card, column);
    });
  });
  // The neighbouring column, except that a card leaving a final stage goes back to the nearest active
  // one: Alt+← from Rejected must reopen the application, never hire (Hired sits next to Rejected).
  function keyboardTarget(from, step) {
    let index = columns.indexOf(from) + step;
    const skip = function (column) { return isArchived(column) || (isFinal(from) && isFinal(column)); };
    while (index >= 0 && index < columns.length && skip(columns[index])) index += step;
    return index >= 0 && index < columns.length ? columns[index] : null;
  }

  board.addEventListener("keydown", function (event) {
    const card = event.target.closest(".app-card");
    if (!card || event.target !== card || !event.altKey) return;
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const target = keyboardTarget(card.closest(".column"), step);
    if (target) move(card, target);
  });
  // The per-card form works without JavaScript; with it, the move happens in place.
  board.addEventListener("submit", function (event) {
    const card = event.target.closest(".app-card");
    if (!card) return;
    event.preventDefault();
    const stage = card.querySelector("select").value;
    const column = columns.find(function (c) { return c.dataset.stage === stage; });
    if (column) move(card, column);
  });
})();
