// Pemadanan: while a run works in the background its page polls the status and reloads once it is done.
// The page works without this file (the status is shown as it was when the page was served).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-run-status]");
  if (!box) return;
  const bar = box.querySelector("progress");
  const figure = box.querySelector("[data-run-progress]");
  let polls = 0;
  const poll = () => {
    polls += 1;
    fetch(box.dataset.runStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((state) => {
        if (!state) return;
        if (bar) bar.value = state.progress;
        if (figure) figure.textContent = state.progress;
        if (state.done) {
          window.location.reload();
        } else if (polls < 600) {
          window.setTimeout(poll, polls < 10 ? 1000 : 3000);
        }
      })
      .catch(() => { if (polls < 600) window.setTimeout(poll, 5000); });
  };
  window.setTimeout(poll, 1000);
});
