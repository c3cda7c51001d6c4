// Impor usulan: while the import runs in the background its page polls the status and reloads once it is
// done. The page works without this file (the status is shown as it was when the page was served).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-import-status]");
  if (!box) return;
  const bar = box.querySelector("progress");
  const figure = box.querySelector("[data-import-progress]");
  const label = box.querySelector("[data-import-label]");
  let polls = 0;
  const poll = () => {
    polls += 1;
    fetch(box.dataset.importStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
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
