// A React 19 dashboard embedding the npm package. `privatelink-panel/define` registers the
// element synchronously on import, before React renders: React 19 then sees the element's
// `tokenProvider` accessor (`'tokenProvider' in element`) and sets the function as a
// property, not as an attribute.
import 'privatelink-panel/define';
import 'privatelink-panel/panel.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.jsx';
import { readFragment } from '../../shared-config.js';

const config = readFragment();

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App config={config} />
  </StrictMode>,
);
