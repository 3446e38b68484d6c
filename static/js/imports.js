// Imports: upload a CSV to the import API, then poll its status until it finishes, showing
// progress and every row that failed with its reasons.
(function () {
  "use strict";
  const form = document.getElementById("import-form");
  if (!form) return;
  const progress = document.getElementById("import-progress");
  const bar = progress.querySelector(".meter > span");
  const label = document.getElementById("import-label");
  const failures = document.getElementById("import-failures");
  const error = document.getElementById("import-error");
  const submit = form.querySelector("button[type=submit]");

  const download = document.getElementById("import-failed-rows");
  // Counts in the reader's number format, as the server writes them (<html data-number-format>).
  const numbers = new Intl.NumberFormat(document.documentElement.dataset.numberFormat || "en", { useGrouping: true });
  function number(value) { return numbers.format(value || 0); }
  const note = document.getElementById("import-failures-note");

  function show(job) {
    // Counts come from the totals: `errors` holds only the first 1,000 failures.
    const failed = job.total_errors || 0;
    const percent = job.total ? Math.floor((100 * job.processed) / job.total) : (job.status === "completed" ? 100 : 0);
    bar.style.width = percent + "%";
    progress.querySelector(".meter").setAttribute("aria-valuenow", String(percent));
    label.textContent = percent + "% · " + number(job.processed) + " of " + number(job.total) + " rows · " +
      number(job.inserted) + " added, " + number(job.updated) + " updated, " + number(failed) + " failed · " + job.status +
      (job.failure ? " · " + job.failure : "");
    failures.replaceChildren();
    job.errors.forEach(function (failure) {
      const row = document.createElement("tr");
      const number = document.createElement("td");
      number.textContent = failure.row;
      const reasons = document.createElement("td");
      reasons.textContent = Object.entries(failure.errors).map(function (pair) {
        return pair[0] + ": " + [].concat(pair[1]).join(" ");
      }).join("; ");
      row.append(number, reasons);
      failures.appendChild(row);
    });
    note.hidden = failed <= job.errors.length;
    note.textContent = "Showing the first " + number(job.errors.length) + " of " + number(failed) +
      " failed rows; the download has them all.";
    download.href = form.dataset.failedRows.replace("/0/", "/" + job.id + "/");
    download.hidden = !(job.status === "completed" || job.status === "failed");
    document.getElementById("import-failures-card").hidden = failed === 0;
  }

  // The finished import joins "Recent imports" without a reload: the page's own list, fetched again.
  async function refreshRecentImports() {
    const current = document.getElementById("recent-imports");
    const response = await fetch(window.location.pathname, { credentials: "same-origin" }).catch(function () { return null; });
    if (!current || !response || !response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("recent-imports");
    if (fresh) current.replaceWith(document.importNode(fresh, true));
  }

  async function poll(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const job = await response.json();
    show(job);
    if (job.status === "completed" || job.status === "failed") {
      submit.disabled = false;
      await refreshRecentImports();
      progress.setAttribute("data-finished", job.status);
      return;
    }
    setTimeout(function () { poll(url); }, 500);
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    error.hidden = true;
    const body = new FormData(form);
    submit.disabled = true;
    const response = await fetch(form.dataset.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": window.csrfToken(), Accept: "application/json" },
      body: body,
    });
    const answer = await response.json().catch(function () { return {}; });
    if (response.status !== 202) {
      submit.disabled = false;
      error.textContent = answer.detail || "The upload failed.";
      error.hidden = false;
      return;
    }
    progress.hidden = false;
    progress.removeAttribute("data-finished");
    show({ id: answer.id, status: answer.status || "pending", processed: 0, total: answer.total || 0, inserted: 0, updated: 0, errors: [] });
    poll(form.dataset.api + "/" + answer.id);
  });
})();
