// Report webview: toolbar buttons and links are handed to the extension, which opens files in the
// editor (a webview cannot). In-page anchors (#clause-5-3-1) scroll here.
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (button) {
      vscode.postMessage({ type: button.dataset.action });
      return;
    }
    const link = event.target.closest('a[href]');
    if (!link) return;
    const href = link.getAttribute('href');
    event.preventDefault();
    if (href.startsWith('#')) {
      const target = document.getElementById(decodeURIComponent(href.slice(1)));
      if (target) target.scrollIntoView();
      return;
    }
    vscode.postMessage({ type: 'open', href });
  });
})();
