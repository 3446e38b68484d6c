// Scorecard: as the interviewer types, ask the bias endpoint about the feedback (debounced) and
// show each flagged phrase with suggested wording. The text itself is never changed here.
(function () {
  "use strict";
  const panel = document.getElementById("bias-panel");
  const textarea = document.getElementById("id_feedback");
  if (!panel || !textarea) return;
  let timer = null;
  let sequence = 0;

  function render(report) {
    panel.replaceChildren();
    if (!report.flags.length) {
      if (textarea.value.trim()) {
        panel.className = "bias-panel bias-ok";
        panel.textContent = "No biased wording found.";
        panel.hidden = false;
      } else {
        panel.hidden = true;
      }
      return;
    }
    panel.className = "bias-panel";
    const title = document.createElement("strong");
    title.textContent = report.flags.length + (report.flags.length === 1 ? " phrase" : " phrases") +
      " may read as biased (severity: " + report.severity + ")";
    const list = document.createElement("ul");
    report.flags.forEach(function (flag) {
      const item = document.createElement("li");
      item.setAttribute("data-bias-flag", flag.category);
      const phrase = document.createElement("mark");
      phrase.textContent = flag.phrase;
      item.append("“", phrase, "” (" + flag.category.replace(/_/g, " ") + ")");
      if (flag.suggestion) item.append(" — try: " + flag.suggestion);
      list.appendChild(item);
    });
    panel.append(title, list);
    panel.hidden = false;
  }

  async function check() {
    const mine = ++sequence;
    const text = textarea.value;
    if (!text.trim()) { render({ flags: [] }); return; }
    const response = await fetch(panel.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": window.csrfToken(), Accept: "application/json" },
      body: JSON.stringify({ text: text }),
    });
    if (mine !== sequence || !response.ok) return; // a newer keystroke already asked again
    render(await response.json());
  }

  textarea.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 350);
  });
  if (textarea.value.trim()) check();
})();
