// Impor usulan and bulk steps: while the job runs in the background its page polls the status and reloads
// once it is done. The page works without this file (the status is shown as it was when it was served).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-job-status]");
  if (!box) return;
  const bar = box.querySelector("progress");
  const figure = box.querySelector("[data-job-progress]");
  const label = box.querySelector("[data-job-label]");
  let polls = 0;
  const poll = () => {
    polls += 1;
    fetch(box.dataset.jobStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((state) => {
        if (!state) return;
        if (bar) bar.value = state.progress;
        if (figure) figure.textContent = state.progress;
        if (label) label.textContent = state.label;
        if (state.done) {
          window.location.reload();
        } else if (polls < 900) {
          window.setTimeout(poll, polls < 20 ? 1000 : 3000);
        }
      })
      .catch(() => { if (polls < 900) window.setTimeout(poll, 5000); });
  };
  window.setTimeout(poll, 1000);
});
