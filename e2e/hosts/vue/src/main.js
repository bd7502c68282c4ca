// A Vue 3 dashboard embedding the npm package. The element is registered on import, before
// the app mounts; the template compiler is told it is a custom element (vite.config.js).
import 'privatelink-panel/define';
import 'privatelink-panel/panel.css';
import { createApp } from 'vue';
import App from './App.vue';
import { readFragment } from '../../shared-config.js';

createApp(App, { config: readFragment() }).mount('#app');
