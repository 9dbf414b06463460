/** Opens the language server's connection (transport chosen by the client: --node-ipc or --stdio) and starts serving. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

export function listen(): void {
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection);
  connection.listen();
}
