/** Language server entry point (bundled to dist/server.js); only lsp/ knows the protocol. */
import './lsp/entry';
