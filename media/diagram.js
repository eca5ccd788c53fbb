// Architecture diagram webview: shows the SVG the server drew, with zoom (toolbar, Ctrl/Cmd + wheel)
// and fit; makes a PNG of it on request (drawn on a canvas from the SVG); tells the extension it is
// shown, and hands the other toolbar clicks to the extension.
(function () {
  const vscode = acquireVsCodeApi();
  const container = document.getElementById('diagram');
  const svg = container.querySelector('svg');
  const STEP = 1.25;
  const MIN = 0.1;
  const MAX = 8;

  if (!svg) {
    container.className = 'error';
    container.textContent = 'The diagram could not be shown: no drawing arrived.';
    vscode.postMessage({ type: 'renderError', message: 'no SVG in the page' });
    return;
  }
  const width = Number(svg.getAttribute('width')) || svg.getBoundingClientRect().width || 800;
  const height = Number(svg.getAttribute('height')) || svg.getBoundingClientRect().height || 600;
  let scale = 1;

  function apply() {
    svg.style.maxWidth = 'none';
    svg.style.width = Math.round(width * scale) + 'px';
    svg.style.height = Math.round(height * scale) + 'px';
    container.dataset.zoom = String(Math.round(scale * 100));
  }
  function zoom(to) {
    scale = Math.min(MAX, Math.max(MIN, to));
    apply();
  }
  function fit() {
    const available = Math.max(100, container.clientWidth - 8);
    const tall = Math.max(100, window.innerHeight - container.getBoundingClientRect().top - 16);
    zoom(Math.min(available / width, tall / height, 1.5));
  }

  document.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const action = button.dataset.action;
    if (action === 'zoomIn') zoom(scale * STEP);
    else if (action === 'zoomOut') zoom(scale / STEP);
    else if (action === 'fit') fit();
    else if (action === 'actual') zoom(1);
    else vscode.postMessage({ type: action });
  });
  container.addEventListener(
    'wheel',
    (event) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      zoom(event.deltaY < 0 ? scale * STEP : scale / STEP);
    },
    { passive: false },
  );

  window.addEventListener('message', (event) => {
    if (!event.data || event.data.type !== 'makePng') return;
    const text = new XMLSerializer().serializeToString(svg);
    const image = new Image();
    image.onload = () => {
      try {
        const canvas = document.createElement('canvas');
        canvas.width = width * 2;
        canvas.height = height * 2;
        const context = canvas.getContext('2d');
        context.fillStyle = '#ffffff';
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        vscode.postMessage({ type: 'png', dataUrl: canvas.toDataURL('image/png') });
      } catch (error) {
        vscode.postMessage({ type: 'pngError', message: String(error && error.message ? error.message : error) });
      }
    };
    image.onerror = () => vscode.postMessage({ type: 'pngError', message: 'the SVG could not be drawn as an image' });
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  });

  // Open fitted to the width when the drawing is wider than the view, else at actual size.
  if (width > container.clientWidth) zoom(Math.max(100, container.clientWidth - 8) / width);
  else apply();
  vscode.postMessage({ type: 'rendered' });
})();
