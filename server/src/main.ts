/** Language server entry point (bundled to dist/server.js). Transport is chosen by the client: --node-ipc or --stdio. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();
