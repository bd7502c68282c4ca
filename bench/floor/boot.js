// The floor page's module: loads the floor's wasm (bench/floor/src/lib.rs) and runs it.
import init, { run } from './floor.js';

await init({ module_or_path: new URL('./floor_bg.wasm', import.meta.url) });
run();
