// htm gives JSX-like templates in plain JavaScript: no build step, nothing to compile.
import htm from "htm";
import { h } from "preact";

export const html = htm.bind(h);
