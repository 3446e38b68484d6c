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
  // A <select data-submit-on-change> applies its choice at once (its form's button stays for pages
  // without JavaScript). When fields named in data-unsaved hold typed text, it asks first.
  document.addEventListener("change", function (event) {
    const select = event.target.closest("select[data-submit-on-change]");
    if (!select) return;
    const unsaved = select.dataset.unsaved ? document.querySelectorAll(select.dataset.unsaved) : [];
    const typed = Array.prototype.some.call(unsaved, function (field) { return field.value.trim() !== ""; });
    if (typed && !window.confirm(select.dataset.unsavedConfirm || "Discard what you wrote?")) {
      select.value = select.querySelector("option[selected]") ? select.querySelector("option[selected]").value : "";
      return;
    }
    select.form.submit();
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
