// Live progress on the job page: poll the job's status.json and go to the report when it is done.
(function () {
  "use strict";
  var root = document.getElementById("job");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-status-url");
  var labels = { queued: "Queued", running: "Checking", done: "Done", failed: "Failed" };
  var tags = { queued: "govuk-tag govuk-tag--grey", running: "govuk-tag", done: "govuk-tag govuk-tag--green", failed: "govuk-tag govuk-tag--red" };

  function show(state) {
    var tag = document.querySelector("#job-status-tag .govuk-tag");
    if (tag) {
      tag.className = tags[state.status] || "govuk-tag";
      tag.textContent = labels[state.status] || state.status;
    }
    var stage = state.stage_label;
    if (state.progress_total) { stage += ": " + state.progress_done + " of " + state.progress_total; }
    document.getElementById("job-stage").textContent = stage;
    var bar = document.getElementById("job-progress");
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.status === "done" && state.report_url) {
          document.getElementById("job-done").hidden = false;
          window.location.assign(state.report_url);
        } else if (state.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 500);
})();
