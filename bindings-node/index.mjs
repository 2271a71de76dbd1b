// ESM entry point: the same objects as the CommonJS one (Node finds the
// names in index.js's module.exports), so instanceof and error classes agree
// whichever way the package is loaded.
export * from './index.js'
export { default } from './index.js'
