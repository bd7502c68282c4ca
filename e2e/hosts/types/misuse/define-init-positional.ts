// expect: TS2559 has no properties in common with type
// The define module's init() takes { module_or_path }, not the path itself (it would be
// ignored, and the wasm fetched from beside define.js).
import { init } from 'privatelink-panel/define';

await init('https://cdn.example/privatelink-panel_bg.wasm');
