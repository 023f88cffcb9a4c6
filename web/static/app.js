// Crosswalk's few lines of script: drag-and-drop uploads with progress, confirmations, copying a
// new token, and "go back" links. Every page works without it (forms post normally).
"use strict";

function setupUpload(form) {
  const zone = form.querySelector("[data-dropzone]");
  const input = form.querySelector('input[type="file"]');
  const status = form.querySelector("[data-upload-status]");
  const button = form.querySelector('button[type="submit"]');
  if (zone && input) {
    ["dragenter", "dragover"].forEach((name) =>
      zone.addEventListener(name, (e) => { e.preventDefault(); zone.classList.add("over"); }));
    ["dragleave", "drop"].forEach((name) =>
      zone.addEventListener(name, (e) => { e.preventDefault(); zone.classList.remove("over"); }));
    zone.addEventListener("drop", (e) => {
      if (!e.dataTransfer || e.dataTransfer.files.length === 0) return;
      input.files = e.dataTransfer.files;
      if (status) status.textContent = "Ready: " + input.files[0].name;
    });
  }
  form.addEventListener("submit", (e) => {
    // A plain post (data-plain-post): the server answers with the next page, errors included.
    if ("plainPost" in form.dataset) {
      if (status) status.textContent = "Uploading and importing…";
      return;
    }
    if (!window.XMLHttpRequest || !input || input.files.length === 0) return;
    e.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (p) => {
      if (p.lengthComputable && status)
        status.textContent = "Uploading… " + Math.round((100 * p.loaded) / p.total) + "%";
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        if (status) status.textContent = "Stored. Updating…";
        let next = null;
        try { next = JSON.parse(xhr.responseText).next; } catch (_) { /* plain reload */ }
        const target = new URL(next || window.location.href, window.location.href);
        if (target.pathname === window.location.pathname && target.search === window.location.search)
          window.location.reload();
        else
          window.location.assign(target.href);
        return;
      }
      let message = "Upload failed (" + xhr.status + ")";
      try { message = JSON.parse(xhr.responseText).error.message; } catch (_) { /* keep */ }
      if (status) { status.textContent = message; status.classList.add("error"); }
      if (button) button.disabled = false;
    });
    xhr.addEventListener("error", () => {
      if (status) { status.textContent = "Upload failed: the server could not be reached."; status.classList.add("error"); }
      if (button) button.disabled = false;
    });
    if (status) { status.classList.remove("error"); status.textContent = "Uploading…"; }
    if (button) button.disabled = true;
    xhr.send(new FormData(form));
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-upload]").forEach(setupUpload);
  document.querySelectorAll("[data-confirm]").forEach((el) =>
    el.addEventListener("click", (e) => { if (!window.confirm(el.dataset.confirm)) e.preventDefault(); }));
  document.querySelectorAll("[data-copy-button]").forEach((b) =>
    b.addEventListener("click", () => {
      const code = b.parentElement.querySelector("[data-copy]");
      if (code && navigator.clipboard) navigator.clipboard.writeText(code.textContent).then(() => { b.textContent = "Copied"; });
    }));
  document.querySelectorAll("[data-back]").forEach((a) =>
    a.addEventListener("click", (e) => { if (window.history.length > 1) { e.preventDefault(); window.history.back(); } }));
});
