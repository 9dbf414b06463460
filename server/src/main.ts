/** Language server entry point (bundled to dist/server.js). Only lsp/ knows the LSP packages, so this just starts it. */
import { listen } from './lsp/listen';

listen();
