// Architecture diagram webview: draws the Mermaid source with the bundled Mermaid (no network),
// tells the extension whether it worked, and hands toolbar clicks to the extension.
(function () {
  const vscode = acquireVsCodeApi();
  const container = document.getElementById('diagram');
  const source = JSON.parse(document.getElementById('mermaid-source').textContent);

  document.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (button) vscode.postMessage({ type: button.dataset.action });
  });

  function fail(message) {
    container.className = 'error';
    container.textContent = 'The diagram could not be drawn: ' + message + '\n\n' + source;
    vscode.postMessage({ type: 'renderError', message: message });
  }

  if (typeof mermaid === 'undefined') {
    fail('Mermaid did not load.');
    return;
  }
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  // 'strict': labels come from the user's files, so no HTML and no click handlers in them.
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default' });
  mermaid
    .render('clause-guide-architecture', source)
    .then(function (result) {
      container.className = '';
      container.innerHTML = result.svg;
      vscode.postMessage({ type: 'rendered' });
    })
    .catch(function (error) {
      fail(error && error.message ? error.message : String(error));
    });
})();
