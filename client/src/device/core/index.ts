/** Public surface of the device bridge core (pure Node, no `vscode`). */
export * from './errors';
export * from './validate';
export * from './process';
export * from './tempfiles';
export * from './devicectl';
export * from './lldb';
export * from './applog';
export * from './routes';
export * from './hook';
export * from './dap';
export * from './bridge';
export * from './settings';
export * from './taskItems';
