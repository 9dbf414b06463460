// Injected into CommonJS bundles so that ES modules reading `import.meta.url` get this file's URL.
export const importMetaUrl = require('url').pathToFileURL(__filename).href;
