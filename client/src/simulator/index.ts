/** The scheduler simulator's extension-side API. */
export { SimulatorPanel, registerSimulatorPanel, SIMULATOR_VIEW_TYPE, OPEN_SIMULATOR_COMMAND, type SimulatorDeps } from './SimulatorPanel';
export { renderSimulatorHtml, type SimulatorHtmlOptions } from './html';
