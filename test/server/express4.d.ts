/**
 * `express4` is the dev dependency `npm:express@4`, tested beside Express 5. Its API as the tests use it (the app,
 * `set`, `use`, `express.json()`/`text()`, error handlers) is the one `@types/express` describes for 5.
 */
declare module 'express4' {
  import express from 'express';
  export default express;
}
