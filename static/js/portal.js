// Small progressive enhancements; every page works without this file.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-logout-form]");
  if (link) {
    event.preventDefault();
    document.getElementById(link.dataset.logoutForm).submit();
    return;
  }
  const confirmer = event.target.closest("[data-confirm]");
  if (confirmer && !window.confirm(confirmer.dataset.confirm)) {
    event.preventDefault();
  }
});

// Tabs: links to #fragments inside [data-tabs] show one panel at a time; the URL keeps the tab.
function showTab(container, id) {
  const panels = container.querySelectorAll("[role=tabpanel]");
  if (![...panels].some((p) => p.id === id)) return;
  panels.forEach((panel) => { panel.hidden = panel.id !== id; });
  container.querySelectorAll("[role=tab]").forEach((tab) => {
    tab.setAttribute("aria-selected", tab.getAttribute("href") === "#" + id ? "true" : "false");
  });
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-tabs]").forEach((container) => {
    const first = container.querySelector("[role=tab]");
    const wanted = window.location.hash.slice(1);
    showTab(container, wanted || (first && first.getAttribute("href").slice(1)));
    container.addEventListener("click", (event) => {
      const tab = event.target.closest("[role=tab]");
      if (!tab) return;
      event.preventDefault();
      const id = tab.getAttribute("href").slice(1);
      history.replaceState(null, "", "#" + id);
      showTab(container, id);
    });
  });
  document.querySelectorAll("[data-select-all]").forEach((box) => {
    box.addEventListener("change", () => {
      document.querySelectorAll(box.dataset.selectAll).forEach((cb) => { cb.checked = box.checked; });
    });
  });
});

// Phones stack table rows as cards: each cell carries its column's header as a label (see portal.css).
function labelTableCells(table) {
  const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  if (!headers.length) return;
  table.querySelectorAll("tbody tr").forEach((row) => {
    let column = 0;
    [...row.children].forEach((cell) => {
      const span = cell.colSpan || 1;
      if (span === 1 && headers[column] && !cell.hasAttribute("data-label")) {
        cell.setAttribute("data-label", headers[column]);
      }
      column += span;
    });
  });
}

// The header's search box travels in the URL, so a NIP is stopped here before it is ever sent.
const NIP_PATTERN = /\d{18}/;
function looksLikeNip(value) {
  return NIP_PATTERN.test(value.replace(/[\s.\-_/]/g, ""));
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table.table").forEach(labelTableCells);
  document.querySelectorAll("form[data-nip-refusal]").forEach((form) => {
    const input = form.querySelector("input[name=q]");
    input.addEventListener("input", () => input.setCustomValidity(""));
    form.addEventListener("submit", (event) => {
      if (looksLikeNip(input.value)) {
        event.preventDefault();
        input.setCustomValidity(form.dataset.nipRefusal);
        input.reportValidity();
      }
    });
  });
});

// Administration: the sample letter number follows the format as it is typed (the page shows it without this).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-letter-preview]");
  if (!box) return;
  const input = box.querySelector("input");
  const sample = box.querySelector("[data-letter-sample]");
  const error = box.querySelector("[data-letter-error]");
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const response = await fetch(`${box.dataset.letterPreview}?format=${encodeURIComponent(input.value)}`);
      if (!response.ok) return;
      const data = await response.json();
      sample.textContent = data.sample || "—";
      error.textContent = data.error;
    }, 250);
  });
});

// A region that scrolls sideways (a wide table on a phone) takes the keyboard focus, so that it can be
// scrolled without a mouse; one that fits is left out of the tab order.
function markScrollableRegions() {
  document.querySelectorAll("main div, main section").forEach((node) => {
    const style = window.getComputedStyle(node);
    const scrolls = ["auto", "scroll"].includes(style.overflowX) && node.scrollWidth > node.clientWidth + 1;
    if (scrolls && !node.hasAttribute("tabindex")) {
      node.setAttribute("tabindex", "0");
      node.dataset.scrollRegion = "";
    } else if (!scrolls && node.dataset.scrollRegion !== undefined) {
      node.removeAttribute("tabindex");
      delete node.dataset.scrollRegion;
    }
  });
}
document.addEventListener("DOMContentLoaded", markScrollableRegions);
window.addEventListener("resize", () => {
  window.clearTimeout(markScrollableRegions.timer);
  markScrollableRegions.timer = window.setTimeout(markScrollableRegions, 100);
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[role=tab]")) window.setTimeout(markScrollableRegions, 0);
});

// File inputs speak the portal's language, not the browser's: the native input stays (labelled, focusable,
// visually hidden), and a button and the chosen file names stand in for the browser's own words.
function enhanceFilePicker(input) {
  const words = document.body.dataset;
  if (!words.fileChoose || input.closest(".file-picker")) return;
  const picker = document.createElement("span");
  picker.className = "file-picker";
  input.parentNode.insertBefore(picker, input);
  picker.appendChild(input);
  input.classList.add("file-picker-input");
  const button = document.createElement("span");
  button.className = "btn btn-secondary btn-small file-picker-button";
  button.setAttribute("aria-hidden", "true");
  button.textContent = words.fileChoose;
  const names = document.createElement("span");
  names.className = "file-picker-names";
  names.setAttribute("aria-hidden", "true");
  const show = () => {
    const files = [...input.files];
    if (!files.length) names.textContent = words.fileNone;
    else if (files.length === 1) names.textContent = files[0].name;
    else names.textContent = words.fileMany.replace("{n}", files.length);
  };
  button.addEventListener("click", () => input.click());
  input.addEventListener("change", show);
  picker.append(button, names);
  show();
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[type=file]").forEach(enhanceFilePicker);
});
