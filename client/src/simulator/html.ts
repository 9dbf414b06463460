/**
 * The simulator panel's HTML. No vscode import, so the webview test can build the same page.
 * Strict CSP: nothing inline, scripts only with this render's nonce, resources only from the
 * webview's own origin (`cspSource`).
 */
export interface SimulatorHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per render. */
  nonce: string;
  /** URI of dist/media/simulator.js as the webview sees it. */
  scriptUri: string;
  /** URIs of the style sheets (codicons first, then the panel's CSS). */
  styleUris: string[];
}

export function renderSimulatorHtml(o: SimulatorHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce)) throw new Error('renderSimulatorHtml: nonce must be at least 16 base64/url-safe characters');
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `style-src ${o.cspSource}`,
    `font-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  const styles = o.styleUris.map((u) => `  <link rel="stylesheet" href="${attr(u)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <title>Scheduler Simulator</title>
</head>
<body>
  <main id="app" aria-busy="false"></main>
  <script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
