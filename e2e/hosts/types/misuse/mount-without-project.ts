// expect: TS2345 Property 'project' is missing
// mount() needs project (and service).
import { mount } from 'privatelink-panel';

mount(document.body, { token: 'abc', service: 'my-pg' });
