// Shared page behaviour: dismissable flash messages, the tablet menu toggle, confirm prompts.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const close = event.target.closest(".flash-close");
    if (close) close.parentElement.remove();
    const toggle = event.target.closest(".nav-toggle");
    if (toggle) {
      const sidebar = document.getElementById("sidebar");
      const open = sidebar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
    }
  });
  // A form with data-unsaved="<selectors>" replaces what those fields hold: it asks first when they
  // hold typed text. A <select data-submit-on-change> in it applies its choice at once (the form's
  // button stays for pages without JavaScript).
  function keepsTypedText(form) {
    if (!form.dataset.unsaved) return false;
    const typed = Array.prototype.some.call(document.querySelectorAll(form.dataset.unsaved), function (field) {
      return field.value.trim() !== "";
    });
    return typed && !window.confirm(form.dataset.unsavedConfirm || "Discard what you wrote?");
  }
  document.addEventListener("change", function (event) {
    const select = event.target.closest("select[data-submit-on-change]");
    if (!select) return;
    if (keepsTypedText(select.form)) {
      const chosen = select.querySelector("option[selected]");
      select.value = chosen ? chosen.value : "";
      return;
    }
    select.form.submit();
  });
  document.addEventListener("submit", function (event) {
    if (event.target.dataset.unsaved && keepsTypedText(event.target)) event.preventDefault();
  });
  document.addEventListener("submit", function (event) {
    const message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      const sidebar = document.getElementById("sidebar");
      if (sidebar && sidebar.classList.contains("open")) sidebar.classList.remove("open");
    }
  });
})();

// The CSRF token for fetch calls made with the session cookie.
window.csrfToken = function () {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (input) return input.value;
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
};

// "/" focuses the top bar's search from anywhere on the page except while typing in a field.
document.addEventListener("keydown", function (event) {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
  const search = document.getElementById("global-search");
  if (!search) return;
  event.preventDefault();
  search.focus();
  search.select();
});
