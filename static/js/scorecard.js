// Scorecard: as the interviewer types, ask the bias endpoint about the feedback (debounced) and
// show each flagged phrase highlighted, its category, why it matters and a suggestion: a rewording
// ("Use “candidate”") or a removal ("Remove this sentence"), with the sentence as it would read.
// The text changes only when the interviewer clicks a suggestion, and then exactly as shown.
(function () {
  "use strict";
  const panel = document.getElementById("bias-panel");
  const textarea = document.getElementById("id_feedback");
  if (!panel || !textarea) return;
  let timer = null;
  let sequence = 0;

  const ignored = new Set(); // phrases the interviewer chose to keep; never re-shown this session

  function highlighted(text, flags) {
    // A read-only copy of the text with each flagged phrase marked; the textarea stays untouched.
    const preview = document.createElement("p");
    preview.className = "bias-preview quote";
    let cursor = 0;
    flags.forEach(function (flag) {
      if (flag.start < cursor) return;
      preview.append(text.slice(cursor, flag.start));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(flag.start, flag.end);
      mark.title = flag.label;
      preview.append(mark);
      cursor = flag.end;
    });
    preview.append(text.slice(cursor));
    return preview;
  }

  function accept(flag, checked) {
    // Only the interviewer's click changes their words, and only by the edit the flag showed; if the text
    // changed since it was checked, wait for the fresh check instead.
    const text = textarea.value;
    if (text !== checked || text.slice(flag.start, flag.end) !== flag.phrase) return;
    textarea.value = text.slice(0, flag.edit.start) + flag.edit.text + text.slice(flag.edit.end);
    textarea.focus();
    check();
  }

  function suggestionLabel(flag) {
    if (flag.suggestion_kind === "replace") return "Use “" + flag.suggestion + "”";
    if (flag.suggestion_scope === "sentence") return "Remove this sentence";
    if (flag.suggestion_scope === "clause") return "Remove this clause";
    return "Remove “" + flag.suggestion + "”";
  }

  function suggestionPreview(flag) {
    // What the click does, in the interviewer's own text.
    const preview = document.createElement("span");
    preview.className = "bias-result";
    if (flag.suggestion_kind === "remove" && flag.suggestion_scope === "sentence") {
      preview.textContent = "Removes: “" + flag.suggestion + "”";
    } else {
      preview.textContent = "Reads: “" + flag.suggestion_result + "”";
    }
    return preview;
  }

  function render(report) {
    panel.replaceChildren();
    const flags = report.flags.filter(function (flag) { return !ignored.has(flag.phrase.toLowerCase()); });
    if (!flags.length) {
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
    title.textContent = flags.length + (flags.length === 1 ? " phrase" : " phrases") +
      " may read as biased. Your words are saved as you write them; suggestions are optional.";
    const list = document.createElement("ul");
    flags.forEach(function (flag) {
      const item = document.createElement("li");
      item.setAttribute("data-bias-flag", flag.category);
      const phrase = document.createElement("mark");
      phrase.textContent = flag.phrase;
      const label = document.createElement("strong");
      label.className = "bias-category";
      label.textContent = flag.label;
      const why = document.createElement("span");
      why.className = "bias-why";
      why.textContent = " " + flag.why;
      item.append("“", phrase, "” — ", label, ".", why);
      if (flag.edit) {
        const use = document.createElement("button");
        use.type = "button";
        use.className = "btn btn-ghost btn-sm bias-accept";
        use.textContent = suggestionLabel(flag);
        use.addEventListener("click", function () { accept(flag, report.text); });
        const actions = document.createElement("div");
        actions.className = "bias-suggestion";
        actions.append(suggestionPreview(flag), " ", use);
        item.append(actions);
      }
      const ignore = document.createElement("button");
      ignore.type = "button";
      ignore.className = "btn btn-ghost btn-sm bias-ignore";
      ignore.textContent = "Ignore";
      ignore.addEventListener("click", function () { ignored.add(flag.phrase.toLowerCase()); render(report); });
      (item.querySelector(".bias-suggestion") || item).append(" ", ignore);
      list.appendChild(item);
    });
    panel.append(title, highlighted(textarea.value, flags), list);
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
    const report = await response.json();
    report.text = text; // the words these flags' positions refer to
    render(report);
  }

  textarea.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 350);
  });
  if (textarea.value.trim()) check();
})();
