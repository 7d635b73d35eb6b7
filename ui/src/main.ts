import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { timings } from "./lib/editor.svelte";

// Keystroke-to-view timings, for the benchmark (docs/benchmarks.md).
(window as unknown as { __selfevalTimings: number[] }).__selfevalTimings = timings;

const target = document.getElementById("app");
if (!target) throw new Error("#app missing");
export default mount(App, { target });
