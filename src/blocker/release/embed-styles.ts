/**
 * An embed placeholder's stylesheet, in the placeholder's shadow root: a box of the held frame's size (set through
 * CSSOM) that says what would load and from whom, with the button that allows just that service.
 */
export const EMBED_CSS = `
:host{display:block;box-sizing:border-box;width:300px;height:150px;max-width:100%;overflow:auto}
.b{box-sizing:border-box;height:100%;display:flex;flex-direction:column;justify-content:center;align-items:flex-start;
gap:.75em;padding:1em;background:#f1f3f4;color:#1b1f23;border:1px solid #8a9299;font:1rem/1.4 system-ui,sans-serif}
p{margin:0}
button{font:inherit;padding:.5em 1em;border:0;border-radius:4px;background:#1d4f7c;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #1b1f23;outline-offset:2px}
`;
